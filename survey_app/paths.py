"""Where Lleisiau finds its files, in a checkout and in an installed package.

In a checkout (and an editable install) the questionnaires, templates and Welsh catalogue sit beside
`survey_app/` at the repository's root. An installed package (`pip install .`, a wheel) carries copies
of them in `survey_app/bundled/`, made by the build (setup.py), with the catalogue compiled there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "bundled"
INSTALLED = (BUNDLED_DIR / "questionnaires").is_dir()
CHECKOUT_ROOT = PACKAGE_DIR.parent  # the repository's root when running from a checkout
DATA_ROOT = BUNDLED_DIR if INSTALLED else CHECKOUT_ROOT

QUESTIONNAIRE_DIR = DATA_ROOT / "questionnaires"
TEMPLATE_DIR = DATA_ROOT / "templates"
TRANSLATIONS_DIR = DATA_ROOT / "translations"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
WELSH_CATALOGUE = TRANSLATIONS_DIR / "cy" / "LC_MESSAGES" / "messages.mo"


def instance_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for the development SQLite database and key: LLEISIAU_INSTANCE_DIR if set; else
    `instance/` in the checkout, or in the current folder for an installed package (never inside
    site-packages)."""
    environ = os.environ if environ is None else environ
    if environ.get("LLEISIAU_INSTANCE_DIR"):
        return Path(environ["LLEISIAU_INSTANCE_DIR"]).resolve()
    return (Path.cwd() if INSTALLED else CHECKOUT_ROOT) / "instance"


def catalogue_problem(mo_file: Path = WELSH_CATALOGUE) -> str | None:
    """Why the Welsh interface catalogue cannot be used, or None.

    Without a compiled catalogue every /cy/ page would quietly come out in English; with one older than
    its .po, Welsh added since would be missing. Either way the app must not start.
    """
    po_file = mo_file.with_suffix(".po")
    how = "run `make compile-translations` (or `pybabel compile -d translations`)"
    if not mo_file.is_file():
        return f"the Welsh catalogue {mo_file} is missing: {how}"
    if po_file.is_file() and po_file.stat().st_mtime > mo_file.stat().st_mtime:
        return f"the Welsh catalogue {mo_file} is older than {po_file.name}: {how}"
    return None

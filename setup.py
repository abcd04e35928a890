"""The build step `pip install .` and wheels need beyond pyproject.toml: an installed Lleisiau carries its
questionnaires, templates and a compiled Welsh catalogue in survey_app/bundled/ (see survey_app/paths.py).

A checkout and an editable install (`make install`) read those folders at the repository's root instead,
so nothing is copied for them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("questionnaires", "templates")


class BuildWithContent(build_py):
    """build_py, then the content folders copied into the package and the catalogue compiled."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "survey_app" / "bundled"
        for name in BUNDLED:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        compile_catalogues(ROOT / "translations", target / "translations")


def compile_catalogues(source: Path, target: Path) -> None:
    """Each translations/<lang>/LC_MESSAGES/messages.po compiled to a .mo in the package (never fuzzy
    entries, as `pybabel compile` does by default)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_file in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        mo_file = target / po_file.relative_to(source).with_suffix(".mo")
        mo_file.parent.mkdir(parents=True, exist_ok=True)
        with po_file.open("rb") as handle:
            catalogue = read_po(handle, locale=po_file.parent.parent.name)
        with mo_file.open("wb") as handle:
            write_mo(handle, catalogue)


setup(cmdclass={"build_py": BuildWithContent})

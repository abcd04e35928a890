"""Static files with their content hash in the URL, so browsers can keep them for a year.

A respondent on a slow connection downloads the stylesheet and scripts once; a new release changes
the hash, and so the URL, of any file that changed.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for


@cache
def _fingerprint(path: Path, modified: float) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def _version(path: Path) -> str:
    return _fingerprint(path, path.stat().st_mtime) if path.exists() else "missing"


@cache
def _released_version(path: Path) -> str:
    """In production static files change only with a release (and a restart): look once."""
    return _version(path)


def static_url(filename: str) -> str:
    path = Path(current_app.static_folder or "") / filename
    version = _version(path) if current_app.debug or current_app.testing else _released_version(path)
    return url_for("static", filename=filename, v=version)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["static_url"] = static_url

"""Error pages in the page's language."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .i18n import LANGUAGES


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def form_expired(error: CSRFError) -> tuple[str, int]:
        _language_from_path()
        return render_template("error.html", code=400, expired_form=True), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        _language_from_path()
        code = error.code or 500
        return render_template("error.html", code=code, expired_form=False), code


def _language_from_path() -> None:
    """Error pages for URLs that matched no route still speak the language of the URL."""
    if "lang" not in g:
        first = request.path.strip("/").split("/", 1)[0]
        if first in LANGUAGES:
            g.lang = first

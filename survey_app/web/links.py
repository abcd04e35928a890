"""Absolute links, built from LLEISIAU_BASE_URL and never from the request.

A browser (or an attacker) chooses the Host and X-Forwarded-Host headers, so a link built from them
could send a password link or a survey link with its access code to someone else's server. Every
link the app shows, prints or puts in a QR code starts with the configured base URL instead.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def base_url() -> str:
    """The configured base URL, without a trailing slash (e.g. https://lleisiau.example)."""
    return str(current_app.config["LLEISIAU_BASE_URL"]).rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint`: the base URL, then the path `url_for` would give.

    Works with or without a request (the CLI has none). Default values (the page's language) are
    filled in as `url_for` fills them; unknown values become the query string.
    """
    return url_from(base_url(), endpoint, **values)


def url_from(base: str, endpoint: str, **values: Any) -> str:
    """As `external_url`, from another base (the CLI's local server in development)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    app.inject_url_defaults(endpoint, values)
    parts = urlsplit(base.rstrip("/"))
    adapter = app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return str(adapter.build(endpoint, values, force_external=True))

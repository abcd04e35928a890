"""Headers on every response: nothing from another site may load, nothing is sent to another site.

The Content-Security-Policy is what makes "no third-party requests from any respondent page" hold
even if a template is later changed by mistake: the browser refuses anything not from this server.
It allows no inline script, and no inline style but the one <style> every page carries (the respondent
stylesheet, allowed by its sha256 hash: see `inline_style.py`; never 'unsafe-inline'), so an injected
<script>, onclick= or style= does not run.
Pages are never shown in another site's frame, content types are never guessed, no Referer leaves,
and browsers keep to https. (Cache-Control: no-store on respondent and staff pages is set by their
blueprints; see `blueprints.py`.)
"""

from __future__ import annotations

from functools import cache

from flask import Flask
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response

from .inline_style import inline_style


@cache
def content_security_policy(style_sources: tuple[str, ...] = (), frame_ancestors: str = "'none'") -> str:
    """The policy; `style_sources` are the hashes of inline <style> elements the pages carry."""
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            " ".join(["style-src 'self'", *style_sources]),
            "script-src 'self'",
            "connect-src 'none'",
            "font-src 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    # No page asks for location, camera, microphone or the like.
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Browsers use https for this site for two years once they have seen this over https (and ignore it
    # over plain http, so it is safe to send always: a proxy that ends TLS passes it on).
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}


def page_policy(frame_ancestors: str = "'none'") -> str:
    """This app's policy, allowing its inline stylesheet (read again when it changes, in debug)."""
    return content_security_policy((inline_style().csp_source,), frame_ancestors)


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", page_policy())
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def refuse_untrusted_host(error: SecurityError) -> Response:
    """A request naming a host not in TRUSTED_HOSTS (a forged Host header): a plain 400.

    Plain text, because a page template builds URLs, and no URL can be built for an untrusted host.
    """
    return Response(
        "Bad Request: this server does not answer to that host name.\n", 400, mimetype="text/plain"
    )


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.register_error_handler(SecurityError, refuse_untrusted_host)


def frameable_policy() -> str:
    """Staff previews only: the preview frame may be shown inside a page of this same site."""
    return page_policy(frame_ancestors="'self'")


def frameable_by_same_site(response: Response) -> Response:
    """Let a page of this site show this response in a frame (set before `add_security_headers` runs)."""
    response.headers["Content-Security-Policy"] = frameable_policy()
    return response

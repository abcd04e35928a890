"""Headers on every response: nothing from another site may load, nothing is sent to another site.

The Content-Security-Policy is what makes "no third-party requests from any respondent page" hold
even if a template is later changed by mistake: the browser refuses anything not from this server.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'none'",
        "font-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    # No page asks for location, camera, microphone or the like.
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)


# Staff previews only: the preview frame may be shown inside a page of this same site.
FRAMEABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


def frameable_by_same_site(response: Response) -> Response:
    """Let a page of this site show this response in a frame (set before `add_security_headers` runs)."""
    response.headers["Content-Security-Policy"] = FRAMEABLE_POLICY
    return response

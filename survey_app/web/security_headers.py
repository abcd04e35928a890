"""Headers on every response: nothing from another site may load, nothing is sent to another site.

The Content-Security-Policy is what makes "no third-party requests from any respondent page" hold
even if a template is later changed by mistake: the browser refuses anything not from this server.
It allows no inline script and no inline style, so an injected <script> or onclick= does not run.
Pages are never shown in another site's frame, content types are never guessed, no Referer leaves,
and browsers keep to https. (Cache-Control: no-store on respondent and staff pages is set by their
blueprints; see `blueprints.py`.)
"""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import SecurityError
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
    # Browsers use https for this site for two years once they have seen this over https (and ignore it
    # over plain http, so it is safe to send always: a proxy that ends TLS passes it on).
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}


def add_security_headers(response: Response) -> Response:
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


# Staff previews only: the preview frame may be shown inside a page of this same site.
FRAMEABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


def frameable_by_same_site(response: Response) -> Response:
    """Let a page of this site show this response in a frame (set before `add_security_headers` runs)."""
    response.headers["Content-Security-Policy"] = FRAMEABLE_POLICY
    return response

"""Every blueprint is registered here, and only here."""

from flask import Flask, request
from werkzeug.wrappers import Response

STAFF_PREFIX = "/<lang>/staff"


def register_blueprints(app: Flask) -> None:
    from .auth.views import bp as auth
    from .main.views import bp as main
    from .respond.views import bp as respond
    from .staff import STAFF_BLUEPRINTS

    app.register_blueprint(main)
    app.register_blueprint(respond, url_prefix="/<lang>/s")
    app.register_blueprint(auth, url_prefix=STAFF_PREFIX)
    staff = {"auth"}
    for blueprint, prefix in STAFF_BLUEPRINTS():
        app.register_blueprint(blueprint, url_prefix=STAFF_PREFIX + prefix)
        staff.add(blueprint.name)

    @app.after_request
    def staff_never_cached(response: Response) -> Response:
        """Staff and respondent pages are never kept by a browser or proxy: Back on a shared computer
        shows nothing. This covers downloads and the error pages of URLs under /<lang>/staff and
        /<lang>/s that matched no route (their blueprint is then unknown)."""
        if request.blueprint in staff or request.blueprint == "respond" or _private_path(request.path):
            response.headers["Cache-Control"] = "no-store"
        return response


def _private_path(path: str) -> bool:
    """/cy/staff..., /en/s/... and the like: a staff or respondent URL, whether or not it matched."""
    parts = path.strip("/").split("/")
    return len(parts) >= 2 and parts[1] in ("staff", "s")

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
        """Staff pages are never kept by a browser or proxy: Back on a shared computer shows nothing."""
        if request.blueprint in staff:
            response.headers["Cache-Control"] = "no-store"
        return response

"""Every blueprint is registered here, and only here."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from .main.views import bp as main
    from .respond.views import bp as respond

    app.register_blueprint(main)
    app.register_blueprint(respond, url_prefix="/<lang>/s")

"""Lleisiau: the Flask application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from . import paths
from .auth import permissions, sessions
from .config import ConfigError, config_for
from .extensions import babel, csrf, db, migrate
from .help import contacts as help_contacts
from .help import panel as help_panel
from .respond import leaving
from .staff import labels as staff_labels
from .web import database, i18n, inline_style, privacy_logging, security_headers, static_files
from .web.rate_limits import limiter


def create_app(env: str | None = None, overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app for an environment (LLEISIAU_ENV by default): development, testing or production."""
    config_class = config_for(env or os.environ.get("LLEISIAU_ENV"))
    problem = paths.catalogue_problem()
    if problem:
        raise ConfigError(problem)
    app = Flask(
        __name__,
        template_folder=str(paths.TEMPLATE_DIR),
        instance_path=str(paths.instance_dir()),
    )
    app.config.from_object(config_class)
    app.config.update(config_class.from_environment(os.environ))
    app.config.update(overrides or {})
    trusted_proxies = int(app.config.get("LLEISIAU_PROXIES", 0))
    if trusted_proxies:
        # Behind a reverse proxy: the client's address (for rate limits) and https come from its headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies)  # type: ignore[method-assign]
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.testing:
        from jinja2 import StrictUndefined

        app.jinja_env.undefined = StrictUndefined

    @app.url_value_preprocessor
    def fresh_globals(endpoint: str | None, values: dict[str, Any] | None) -> None:
        """Start every request with an empty `g`.

        In production each request has its own app context, so this changes nothing; under a test that
        holds an app context open, it keeps one request's values (register, help topics, the CSRF token)
        from leaking into the next, so tests see what a real browser would.
        """
        g.__dict__.clear()

    from . import models  # noqa: F401  (every table known to the metadata and migrations)

    database.engine_options(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(paths.MIGRATIONS_DIR))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    i18n.init_app(app)
    privacy_logging.init_app(app)
    help_contacts.init_app(app)
    help_panel.init_app(app)
    static_files.init_app(app)
    inline_style.init_app(app)
    security_headers.init_app(app)
    limiter.init_app(app)
    sessions.init_app(app)
    staff_labels.init_app(app)
    leaving.init_app(app)

    from .blueprints import register_blueprints
    from .cli import register_commands
    from .web.errors import register_error_pages

    register_blueprints(app)
    register_error_pages(app)
    register_commands(app)
    permissions.init_app(app)
    return app

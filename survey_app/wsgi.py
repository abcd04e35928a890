"""The WSGI application: `gunicorn survey_app.wsgi:app`, or `flask --app survey_app.wsgi ...` for the
commands (a checkout's `wsgi.py` is the same app). A setting or file that would make Lleisiau unsafe or
wrong to run stops it here with one line saying what to do, not a traceback."""

from __future__ import annotations

from . import create_app
from .config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    raise SystemExit(f"Lleisiau cannot start: {error}") from None

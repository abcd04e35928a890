"""WSGI entry point of a checkout: `gunicorn wsgi:app`, or `flask --app wsgi ...` for the commands.

An installed package has the same app as `survey_app.wsgi:app`.
"""

from survey_app.wsgi import app

__all__ = ["app"]

"""WSGI entry point: `gunicorn wsgi:app`, or `flask --app wsgi ...` for the commands."""

from survey_app import create_app

app = create_app()

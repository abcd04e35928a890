"""When Redis (the rate limits' shared store) is down, surveys and sign-in carry on; limits still count."""

from __future__ import annotations

import socket

import pytest

from survey_app import create_app
from survey_app.extensions import db

from .conftest import get_page, submit


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends: nothing listens there


@pytest.fixture()
def redis_down_app(app, campaign):
    served = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{_closed_port()}/0",
            "LLEISIAU_SIGN_IN_FAILURES": "3 per minute",
        },
    )
    yield served
    with served.app_context():
        db.engine.dispose()


def test_a_survey_starts_while_the_limits_store_is_down(redis_down_app):
    client = redis_down_app.test_client()
    intro = get_page(client, "/en/s/test-campaign")
    page = submit(client, intro, {"action": "start"})
    assert page.status == 200 and "Page 1 of 6" in page.text()


def test_sign_in_tries_are_still_limited_while_the_limits_store_is_down(redis_down_app):
    client = redis_down_app.test_client()
    page = get_page(client, "/en/staff/sign-in")
    statuses = [
        submit(client, page, {"email": "nobody@example.org", "password": "not the password"}).status
        for _ in range(4)
    ]
    assert statuses[-1] == 429, statuses

"""Behind a reverse proxy: limits count each person, and nobody can dodge them with a forged header."""

from __future__ import annotations

import pytest
from flask import request

from survey_app import create_app
from survey_app.auth.permissions import public
from survey_app.config import ConfigError, proxies
from survey_app.extensions import db

from .conftest import create_campaign, create_version, get_page, submit

WRONG = {"access_code": "ZZZZ-ZZZZ"}


@pytest.fixture()
def coded(app, short_8_10):
    campaign = create_campaign(create_version(short_8_10), slug="coded")
    campaign.access = "codes"
    db.session.commit()
    return campaign


@pytest.fixture()
def proxied(app):
    """Build the app as a service with this many proxies in front, on the test's database."""
    made = []

    def build(trusted: int):
        served = create_app(
            "testing",
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "LLEISIAU_PROXIES": trusted,
                "LLEISIAU_CODE_TRIES": "3 per 10 minutes",
            },
        )
        made.append(served)
        return served

    yield build
    for served in made:
        with served.app_context():
            db.engine.dispose()


def _guess(client, forwarded_for: str, times: int) -> list[int]:
    intro = get_page(client, "/en/s/coded")
    headers = {"X-Forwarded-For": forwarded_for}
    return [submit(client, intro, WRONG, headers=headers).status for _ in range(times)]


def test_without_a_proxy_a_forged_forwarded_for_does_not_reset_the_count(proxied, coded):
    client = proxied(0).test_client()
    assert _guess(client, "198.51.100.1", 3) == [400, 400, 400]
    # The same guesser now claims to be someone else: still the same connection, still refused.
    assert _guess(client, "198.51.100.2", 1) == [429]


def test_behind_one_proxy_each_person_has_their_own_count(proxied, coded):
    served = proxied(1)
    one, other = served.test_client(), served.test_client()
    assert _guess(one, "198.51.100.1", 4) == [400, 400, 400, 429]
    # Another young person in another home, through the same proxy, is not locked out by the first.
    assert _guess(other, "198.51.100.2", 1) == [400]


def test_behind_a_proxy_the_original_scheme_is_used(proxied):
    served = proxied(1)

    @served.get("/scheme-probe")
    @public
    def probe() -> str:
        return request.scheme

    answer = served.test_client().get("/scheme-probe", headers={"X-Forwarded-Proto": "https"})
    assert answer.get_data(as_text=True) == "https"


@pytest.mark.parametrize("raw", ["-1", "6", "two"])
def test_a_wrong_number_of_proxies_is_refused_with_a_clear_message(raw):
    with pytest.raises(ConfigError, match="LLEISIAU_PROXIES"):
        proxies(raw)

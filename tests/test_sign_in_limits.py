"""Sign-in limits: guessing is slowed down, but an office behind one address and an account's owner are not
locked out (issue 18 item 3, audit B10)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from survey_app.auth import sign_in_limits
from tests.conftest import STAFF_PASSWORD, create_user, get_page, submit

OFFICE = {"REMOTE_ADDR": "192.0.2.77"}
WAIT = {"en": "Wait", "cy": "Arhoswch"}


@pytest.fixture()
def clock(monkeypatch):
    """The limits' clock, moved on by hand."""
    moment = [sign_in_limits.now()]
    monkeypatch.setattr(sign_in_limits, "now", lambda: moment[0])

    def move(seconds: float) -> None:
        moment[0] += timedelta(seconds=seconds)

    return move


def _post(client, email: str, password: str, address: str = "192.0.2.10", lang: str = "en"):
    """One sign-in try, quickly, as a new browser: the CSRF token from a sign-in page, then the POST."""
    client = client.application.test_client()
    return client.post(
        f"/{lang}/staff/sign-in",
        data={"email": email, "password": password, "csrf_token": _token(client, lang)},
        environ_base={"REMOTE_ADDR": address},
    )


def _token(client, lang: str) -> str:
    page = client.get(f"/{lang}/staff/sign-in").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert found, "no CSRF token on the sign-in page"
    return found.group(1)


def test_two_hundred_sign_ins_from_one_office_in_an_hour_all_succeed(client, app):
    create_user("officer@rct.example", "officer")
    statuses = {_post(client, "officer@rct.example", STAFF_PASSWORD).status_code for _ in range(200)}
    assert statuses == {302}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_wrong_passwords_slow_an_account_down_then_the_right_one_works_and_the_owner_is_told(
    client, app, clock, lang
):
    create_user("officer@rct.example", "officer")
    page = get_page(client, f"/{lang}/staff/sign-in")
    wrong = {"email": "officer@rct.example", "password": "not the password at all"}
    statuses = []
    for number in range(20):
        clock(600 if number else 0)  # past any wait: every one of the 20 is checked and counted
        statuses.append(submit(client, page, wrong).status)
    assert statuses == [400] * 20
    waiting = submit(client, page, wrong)
    assert waiting.status == 429 and waiting.lang == lang
    assert waiting.soup.title.get_text().startswith(("Error:", "Gwall:"))
    # Counted every 600 s, so the wait is the cap, five minutes.
    assert WAIT[lang] in waiting.main_text() and "5" in waiting.main_text()
    # Too soon even with the right password; the try does not count and does not lengthen the wait.
    right = {"email": "officer@rct.example", "password": STAFF_PASSWORD}
    assert submit(client, page, right).status == 429
    clock(301)
    signed_in = submit(client, page, right)
    assert signed_in.status == 200 and signed_in.response.request.path == f"/{lang}/staff/"
    told = {"en": "There were 20 failed tries", "cy": "Bu 20 ymgais aflwyddiannus"}[lang]
    assert told in signed_in.main_text()
    # The count starts again.
    assert sign_in_limits.take_failures("officer@rct.example") == 0


def test_the_wait_grows_and_is_capped(app):
    with app.test_request_context():
        assert [sign_in_limits.delay_after(n) for n in range(4)] == [0, 0, 0, 0]
        assert [sign_in_limits.delay_after(n) for n in range(5, 9)] == [2, 4, 8, 16]
        assert sign_in_limits.delay_after(50) == 300


def test_wrong_passwords_from_many_addresses_delay_the_owner_only_briefly(client, app, clock):
    create_user("officer@rct.example", "officer")
    for number in range(8):  # 5 free, then waits of 2, 4, 8 seconds
        assert (
            _post(client, "officer@rct.example", "wrong password", f"198.51.100.{number}").status_code == 400
        )
        clock(sign_in_limits.delay_after(number + 1) + 1 if number >= 4 else 0)
    clock(-17)  # back to just after the last wrong try: the owner has to wait 16 seconds
    refused = _post(client, "officer@rct.example", STAFF_PASSWORD, "203.0.113.9")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) <= 16
    assert "Wait 16 seconds" in refused.get_data(as_text=True)
    clock(17)
    assert _post(client, "officer@rct.example", STAFF_PASSWORD, "203.0.113.9").status_code == 302


def test_an_unknown_address_gets_the_same_pages_as_a_known_one(client, app, clock):
    create_user("officer@rct.example", "officer")
    pages = {}
    for email in ("officer@rct.example", "nobody@rct.example"):
        seen = [_post(client, email, "wrong password").status_code for _ in range(5)]
        last = _post(client, email, "wrong password")
        pages[email] = (seen, last.status_code, last.headers.get("Retry-After"))
    assert pages["officer@rct.example"] == pages["nobody@rct.example"] == ([400] * 5, 429, "2")


def test_the_per_address_ceiling_counts_only_failures(client, app):
    app.config["LLEISIAU_SIGN_IN_FAILURES"] = "10 per hour"
    create_user("officer@rct.example", "officer")
    office = OFFICE["REMOTE_ADDR"]
    for _ in range(30):
        assert _post(client, "officer@rct.example", STAFF_PASSWORD, office).status_code == 302
    for number in range(10):  # one wrong try each for ten addresses typed: no account delay
        assert _post(client, f"guess{number}@rct.example", "wrong password", office).status_code == 400
    blocked = _post(client, "officer@rct.example", STAFF_PASSWORD, OFFICE["REMOTE_ADDR"], "cy")
    assert blocked.status_code == 429
    assert re.search(r"Arhoswch \d+ munud", blocked.get_data(as_text=True))
    # Another address is not affected.
    assert _post(client, "officer@rct.example", STAFF_PASSWORD, "192.0.2.99").status_code == 302

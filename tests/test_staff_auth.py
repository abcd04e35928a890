"""Staff sign-in: passwords, rate limits, idle sessions, password links, the users command."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, User
from survey_app.store import users as user_store
from tests.conftest import STAFF_PASSWORD, create_user, get_page, sign_in, submit


def test_staff_pages_ask_to_sign_in_and_come_back_after(client, app):
    create_user("officer@rct.example", "officer")
    response = client.get("/cy/staff/campaigns/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/cy/staff/sign-in?next=/cy/staff/campaigns/")
    page = get_page(client, response.headers["Location"])
    assert page.lang == "cy" and "Mewngofnodi" in page.main_text()
    page = submit(client, page, {"email": "officer@rct.example", "password": STAFF_PASSWORD})
    assert page.response.request.path == "/cy/staff/campaigns/"


@pytest.mark.parametrize(("lang", "message"), [("en", "is not right"), ("cy", "neu'r cyfrinair yn anghywir")])
def test_a_wrong_password_gets_one_message_that_does_not_say_which_part_was_wrong(client, app, lang, message):
    create_user("officer@rct.example", "officer")
    for email in ("officer@rct.example", "nobody@rct.example"):
        page = get_page(client, f"/{lang}/staff/sign-in")
        page = submit(client, page, {"email": email, "password": "not the password at all"})
        assert page.status == 400
        assert message in page.main_text()
        assert page.soup.title.get_text().startswith(("Error:", "Gwall:"))
        # The e-mail typed is kept; the password never comes back.
        assert page.soup.select_one("#email")["value"] == email
        assert not page.soup.select_one("#password").get("value")
    refused = db.session.scalars(select(AuditEvent).filter_by(action="sign_in_refused")).all()
    assert [event.actor for event in refused] == ["officer@rct.example"]


def test_sign_in_is_rate_limited_per_address(client, app):
    app.config["LLEISIAU_SIGN_IN_FAILURES"] = "3 per minute"
    create_user("officer@rct.example", "officer")
    for number in range(3):
        page = get_page(client, "/en/staff/sign-in")
        wrong = {"email": f"x{number}@rct.example", "password": "wrong password 123"}
        assert submit(client, page, wrong).status == 400
    page = get_page(client, "/en/staff/sign-in")
    blocked = submit(client, page, {"email": "officer@rct.example", "password": STAFF_PASSWORD})
    assert blocked.status == 429
    assert "too many tries to sign in" in blocked.main_text()


def test_passwords_are_stored_as_argon2id_hashes(app):
    user = create_user("officer@rct.example", "officer")
    assert user.password_hash.startswith("$argon2id$")
    assert STAFF_PASSWORD not in user.password_hash


def test_an_idle_session_is_signed_out_and_says_why(client, app, monkeypatch):
    create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example", "cy")
    assert client.get("/cy/staff/").status_code == 200
    import survey_app.auth.sessions as sessions

    later = sessions.time.time() + 31 * 60
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    response = client.get("/cy/staff/")
    assert response.status_code == 302 and "/cy/staff/sign-in" in response.headers["Location"]
    page = get_page(client, response.headers["Location"])
    assert "heb ei defnyddio" in page.main_text()


def test_sign_out_ends_the_session(client, app):
    create_user("officer@rct.example", "officer")
    page = sign_in(client, "officer@rct.example", "en")
    page = submit(client, page, {}, form_selector="form.sign-out")
    assert "You have signed out." in page.main_text()
    assert client.get("/en/staff/").status_code == 302


def _copy_session_cookie(app, source, target) -> None:
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = source.get_cookie(name)
    assert cookie is not None
    target.set_cookie(name, cookie.value)


def test_a_session_cookie_copied_before_sign_out_no_longer_works_after_it(app, client):
    create_user("analyst@rct.example", "analyst")
    page = sign_in(client, "analyst@rct.example", "en")
    thief = app.test_client()
    _copy_session_cookie(app, client, thief)  # copied from a shared PC while signed in
    assert thief.get("/en/staff/").status_code == 200
    submit(client, page, {}, form_selector="form.sign-out")
    replayed = thief.get("/en/staff/")
    assert replayed.status_code == 302 and "/en/staff/sign-in" in replayed.headers["Location"]
    page = get_page(thief, replayed.headers["Location"])
    assert page.soup.select_one("input[name=password]") is not None


def test_signing_out_ends_the_accounts_sessions_on_other_devices_too(app):
    create_user("officer@rct.example", "officer")
    first, second = app.test_client(), app.test_client()
    page = sign_in(first, "officer@rct.example")
    sign_in(second, "officer@rct.example")
    submit(first, page, {}, form_selector="form.sign-out")
    assert second.get("/en/staff/").status_code == 302
    sign_in(second, "officer@rct.example")  # signing in again works as ever
    assert second.get("/en/staff/").status_code == 200


def test_an_idle_session_ends_the_accounts_other_sessions_too(app, monkeypatch):
    import survey_app.auth.sessions as sessions

    create_user("officer@rct.example", "officer")
    first, second = app.test_client(), app.test_client()
    sign_in(first, "officer@rct.example")
    _copy_session_cookie(app, first, second)
    start = sessions.time.time()
    monkeypatch.setattr(sessions.time, "time", lambda: start + 20 * 60)
    assert second.get("/en/staff/").status_code == 200  # the copy is kept busy
    monkeypatch.setattr(sessions.time, "time", lambda: start + 31 * 60)
    assert first.get("/en/staff/").status_code == 302  # the owner's browser, idle: signed out
    monkeypatch.setattr(sessions.time, "time", lambda: start + 32 * 60)
    assert second.get("/en/staff/").status_code == 302  # and the busy copy with it


def test_changing_the_password_signs_out_other_browsers(app):
    create_user("officer@rct.example", "officer")
    first, second = app.test_client(), app.test_client()
    sign_in(first, "officer@rct.example")
    sign_in(second, "officer@rct.example")
    page = get_page(first, "/en/staff/account")
    short = submit(first, page, {"current": STAFF_PASSWORD, "password": "short", "confirm": "short"})
    assert short.status == 400 and "at least 12 characters" in short.main_text()
    page = submit(
        first,
        short,
        {
            "current": STAFF_PASSWORD,
            "password": "a brand new long password",
            "confirm": "a brand new long password",
        },
    )
    assert "Your password has been changed" in page.main_text()
    assert first.get("/en/staff/").status_code == 200
    assert second.get("/en/staff/").status_code == 302


def test_a_password_link_works_once(client, app):
    user = create_user("new@rct.example", "analyst")
    token = user_store.new_password_link_token(user)
    db.session.commit()
    page = get_page(client, f"/cy/staff/set-password/{token}")
    mismatch = submit(client, page, {"password": "one long password here", "confirm": "another password"})
    assert mismatch.status == 400 and "ddim yr un fath" in mismatch.main_text()
    done = submit(
        client, mismatch, {"password": "one long password here", "confirm": "one long password here"}
    )
    assert done.response.request.path == "/cy/staff/"
    assert client.get(f"/cy/staff/set-password/{token}").status_code == 404


def test_users_create_command(runner, app):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Admin@Cardiff.example",
            "--role",
            "admin",
            "--authority",
            "W06000015",
        ],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="admin@cardiff.example"))
    assert user is not None and user.authority.ons_code == "W06000015" and user.password_hash
    national = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "n@wales.example",
            "--role",
            "national",
            "--authority",
            "W06000015",
        ]
    )
    assert national.exit_code != 0 and "belongs to no authority" in national.output
    officer = runner.invoke(args=["users", "create", "--email", "o@x.example", "--role", "officer"])
    assert officer.exit_code != 0 and "give --authority" in officer.output
    link = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "p@x.example",
            "--role",
            "panel",
            "--name",
            "Siôn",
            "--link",
        ]
    )
    assert link.exit_code == 0 and re.search(r"/cy/staff/set-password/\S+", link.output)


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "You cannot use this page"), ("cy", "Ni allwch ddefnyddio")]
)
def test_a_page_the_role_may_not_use_says_so(client, app, lang, heading):
    create_user("analyst@rct.example", "analyst")
    sign_in(client, "analyst@rct.example", lang)
    page = get_page(client, f"/{lang}/staff/campaigns/new", status=403)
    assert heading in page.main_text()

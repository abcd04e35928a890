"""Logs hold no answers, codes, tokens, cookies or passwords, even at DEBUG.

A whole respondent journey (an access code, a free-text answer, a resume code, carrying on in another
browser, sending) and a whole staff journey (signing in, making an account and its password link,
setting the password, making a code sheet) run with every logger at DEBUG; nothing secret may appear
in any record. (The gunicorn error log is checked the same way in test_code_guessing.py.)
"""

from __future__ import annotations

import logging
import re

import pytest

from survey_app.extensions import db
from survey_app.store import access_codes
from tests.conftest import (
    STAFF_PASSWORD,
    Page,
    create_campaign,
    create_user,
    create_version,
    get_page,
    submit,
)

MARKER = "Purple-Elephant-7731 my foster carer is kind"
NEW_PASSWORD = "Tangerine harbour lighthouse 42"


def everything_logged(caplog) -> str:
    """Every record, as formatted and with its raw arguments (a formatter could show either)."""
    return "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else ""


@pytest.fixture()
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)  # the root logger, so every library's records too
    for name in ("sqlalchemy.engine", "werkzeug", "flask_limiter", "weasyprint"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield caplog
    for name in ("sqlalchemy.engine", "werkzeug", "flask_limiter", "weasyprint"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_a_respondents_journey_leaves_nothing_in_the_logs(app, short_8_10, debug_logs):
    campaign = create_campaign(create_version(short_8_10), slug="coded")
    campaign.access = "codes"
    db.session.commit()
    [code] = access_codes.create(campaign, 1)
    secrets = [MARKER, code, code.replace("-", "")]
    # SQL is logged from here on: the engine decides when a connection opens.
    db.engine.dispose()
    client = app.test_client()
    page = submit(client, get_page(client, "/en/s/coded"), {"access_code": code})
    assert "Page 1 of 6" in page.text()
    while page.soup.select_one("textarea") is None:
        page = submit(client, page, {"action": "continue"})
    name = page.soup.select_one("textarea")["name"]
    page = submit(client, page, {name: MARKER, "action": "later"})
    resume = page.soup.select_one("#resume-code").get_text(strip=True)
    secrets += [resume, resume.replace("-", ""), session_cookie(client)]
    other = app.test_client()
    page = submit(other, get_page(other, "/en/s/coded/resume"), {"code": resume})
    while "/send" not in page.response.request.path:
        page = submit(other, page, {"action": "continue"})
    done = submit(other, page, {})
    assert done.status == 200
    secrets.append(session_cookie(other))
    logged = everything_logged(debug_logs)
    assert "SELECT" in logged or "INSERT" in logged or debug_logs.records, "nothing was logged at all"
    for secret in filter(None, secrets):
        assert secret not in logged, f"{secret!r} is in the logs"


def test_a_staff_journey_leaves_nothing_in_the_logs(app, campaign, debug_logs):
    create_user("admin@rct.example", "admin")
    db.engine.dispose()
    client = app.test_client()
    page = get_page(client, "/en/staff/sign-in")
    home = submit(client, page, {"email": "admin@rct.example", "password": STAFF_PASSWORD})
    assert home.status == 200
    form = get_page(client, "/en/staff/accounts/new")
    made = submit(client, form, {"email": "new@rct.example", "role": "officer"})
    link = made.soup.select_one("input#link")["value"]
    token = link.rsplit("/", 1)[1]
    newcomer = app.test_client()
    set_page = get_page(newcomer, link.removeprefix("http://localhost"))
    signed_in = submit(newcomer, set_page, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert signed_in.status == 200
    csrf = made.soup.select_one("form.sign-out input[name=csrf_token]")["value"]
    sheet = client.post(
        "/en/staff/campaigns/test-campaign/codes", data={"csrf_token": csrf, "count": "2", "sheet_lang": "en"}
    )
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
    logged = everything_logged(debug_logs)
    secrets = [STAFF_PASSWORD, NEW_PASSWORD, token, session_cookie(client), session_cookie(newcomer), csrf]
    for secret in filter(None, secrets):
        assert secret not in logged, f"{secret!r} is in the logs"
    # The codes on the sheet are known only from the PDF's QR links; none of the form's shapes are logged.
    assert not re.search(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", logged)
    assert Page(made.response).status == 200


def test_the_development_access_log_never_holds_a_password_link_token(app, debug_logs):
    """A real development server (werkzeug) writes an access line per request: the link's token is masked."""
    import http.cookiejar
    import threading
    import urllib.parse
    import urllib.request

    from bs4 import BeautifulSoup
    from werkzeug.serving import make_server

    from survey_app.store import users as user_store

    user = create_user("new@rct.example", "analyst")
    token = user_store.new_password_link_token(user)
    db.session.commit()
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with browser.open(f"{base}/en/staff/set-password/{token}?from=mail") as answer:
            page = BeautifulSoup(answer.read(), "html.parser")
        csrf = page.select_one("input[name=csrf_token]")["value"]
        form = {"csrf_token": csrf, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        body = urllib.parse.urlencode(form).encode()
        with browser.open(f"{base}/en/staff/set-password/{token}", body) as done:
            assert done.status == 200 and done.url.endswith("/en/staff/")
        try:  # the used link, again: 404, and that line is masked too
            browser.open(f"{base}/en/staff/set-password/{token}")
        except urllib.error.HTTPError as error:
            assert error.code == 404
        else:
            raise AssertionError("a used password link still opened")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    access_lines = [record.getMessage() for record in debug_logs.records if record.name == "werkzeug"]
    assert sum("/en/staff/set-password/[token]" in line for line in access_lines) == 3, access_lines
    logged = everything_logged(debug_logs)
    for secret in (token, NEW_PASSWORD, csrf):
        assert secret not in logged, f"{secret!r} is in the logs"

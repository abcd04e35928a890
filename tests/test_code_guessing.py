"""Guessing access and resume codes is stopped by a limit that holds across campaigns and workers.

After LLEISIAU_CODE_TRIES wrong codes from one place, the next try is refused with a "Too many
tries" page in the respondent's language, even if the code is right: otherwise a guesser could keep
going and only ever be told when they were right. Trying another campaign's address does not start
the count again, and several gunicorn workers sharing Redis share the count.
"""

from __future__ import annotations

import http.client
import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import func, select

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import AccessCode, Campaign, Response
from survey_app.store import access_codes
from survey_app.store import questionnaires as questionnaire_store
from tests.conftest import create_campaign, create_version, get_page, submit

TOO_MANY = {"en": "Too many tries", "cy": "Gormod o gynigion"}
WRONG = "ZZZZ-ZZZZ"


@pytest.fixture()
def two_coded(app, short_8_10):
    """Two campaigns that need an access code, with three codes each."""
    version = create_version(short_8_10)
    made = {}
    for slug in ("coded-a", "coded-b"):
        campaign = create_campaign(version, slug=slug)
        campaign.access = "codes"
        db.session.commit()
        made[slug] = access_codes.create(campaign, 3)
    app.config["LLEISIAU_CODE_TRIES"] = "5 per 10 minutes"
    return made


def unused_codes() -> int:
    return db.session.scalar(select(func.count()).select_from(AccessCode).where(AccessCode.used.is_(False)))


def responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_after_the_limit_even_the_right_code_is_refused_in_the_page_language(app, client, two_coded, lang):
    intro = get_page(client, f"/{lang}/s/coded-a")
    for _ in range(5):
        assert submit(client, intro, {"access_code": WRONG}).status == 400
    before = unused_codes()
    page = submit(client, intro, {"access_code": two_coded["coded-a"][0]})
    assert page.status == 429 and page.lang == lang
    assert TOO_MANY[lang] in page.soup.title.get_text()
    assert page.soup.select_one(f"main a[href='/{lang}/s/coded-a']") is not None
    # The right code was not used up, and nothing was started: it still works later.
    assert unused_codes() == before and responses() == 0


def test_another_campaigns_address_does_not_start_the_count_again(app, client, two_coded):
    for _ in range(5):
        assert submit(client, get_page(client, "/en/s/coded-a"), {"access_code": WRONG}).status == 400
    page = submit(client, get_page(client, "/cy/s/coded-b"), {"access_code": two_coded["coded-b"][0]})
    assert page.status == 429 and page.lang == "cy" and TOO_MANY["cy"] in page.text()
    assert responses() == 0


def test_wrong_resume_codes_count_too(app, client, two_coded):
    page = get_page(client, "/en/s/coded-a/resume")
    for _ in range(5):
        assert submit(client, page, {"code": "AAAA-AAAA-AAAA"}).status == 400
    refused = submit(client, page, {"code": "AAAA-AAAA-AAAA"})
    assert refused.status == 429 and TOO_MANY["en"] in refused.text()


def test_another_address_still_gets_in(app, client, two_coded):
    for _ in range(5):
        submit(client, get_page(client, "/en/s/coded-a"), {"access_code": WRONG})
    other = app.test_client()
    page = get_page(other, "/en/s/coded-a")
    answer = other.post(
        "/en/s/coded-a",
        data={**page.form_fields(), "access_code": two_coded["coded-a"][0]},
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
        follow_redirects=True,
    )
    assert answer.status_code == 200 and responses() == 1


# --- several gunicorn workers sharing Redis ------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/15"
HOST = "lleisiau.example"
SECRET = "gunicorn-test-secret-" + "k" * 32


def redis_or_skip():
    """A client of the test Redis database, or skip (fail when LLEISIAU_FAULT_TESTS=required)."""
    required = os.environ.get("LLEISIAU_FAULT_TESTS") == "required"
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        return client
    except Exception as error:  # noqa: BLE001 (any reason Redis cannot be used: say it and skip)
        reason = f"Redis at {REDIS_URL} cannot be used ({type(error).__name__}: {error})"
        if required:
            pytest.fail(reason)
        pytest.skip(reason)


def seeded_database(path: Path, frozen) -> dict[str, list[str]]:
    """A migrated SQLite file with a published questionnaire and a campaign that needs codes."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        flask_migrate.upgrade()
        version, _created = questionnaire_store.publish(frozen, date.today())
        made = {}
        for slug in ("served-a", "served-b"):
            campaign = Campaign(
                slug=slug,
                authority=None,
                questionnaire_version=version,
                opens_on=date.today() - timedelta(days=1),
                closes_on=date.today() + timedelta(days=30),
            )
            campaign.access = "codes"
            db.session.add(campaign)
            db.session.flush()
            made[slug] = access_codes.create(campaign, 2)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return made


class Browser:
    """Just enough of a browser over plain http: keeps the (Secure) session cookie by hand."""

    def __init__(self, url: str):
        self.address = url.removeprefix("http://")
        self.cookie = ""
        self.seen_cookies: list[str] = []

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        host, port = self.address.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {"Host": HOST}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
        for header in answer.headers.get_all("Set-Cookie") or []:
            assert "Secure" in header and header.startswith("__Host-lleisiau=")
            self.cookie = header.split(";", 1)[0]
            self.seen_cookies.append(self.cookie.split("=", 1)[1])
        connection.close()
        return answer.status, text

    def post_code(self, slug: str, code: str) -> tuple[int, str]:
        from urllib.parse import urlencode

        status, page = self.request("GET", f"/en/s/{slug}")
        assert status == 200, page[:300]
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token is not None
        return self.request("POST", f"/en/s/{slug}", urlencode({"csrf_token": token[1], "access_code": code}))


@pytest.fixture()
def served(tmp_path, short_8_10) -> Iterator[tuple]:
    from bench.serving import gunicorn

    store = redis_or_skip()
    store.flushdb()
    database = tmp_path / "served.sqlite3"
    made = seeded_database(database, short_8_10)
    env = {
        "LLEISIAU_ENV": "production",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": f"sqlite:///{database}",
        "LLEISIAU_BASE_URL": f"https://{HOST}",
        "LLEISIAU_EXTRA_HOSTS": "127.0.0.1",  # the start-up check asks for / at 127.0.0.1
        "LLEISIAU_RATELIMIT_STORAGE": REDIS_URL,
    }
    with gunicorn(
        "wsgi:app", workers=3, env=env, log_path=tmp_path / "gunicorn.log", ready_path="/healthz"
    ) as server:
        yield server, made, store
    store.flushdb()


def test_workers_sharing_redis_share_the_count(served):
    server, made, store = served
    browser = Browser(server.url)
    tries = 30  # LLEISIAU_CODE_TRIES: 30 per 10 minutes
    for attempt in range(tries):
        status, _page = browser.post_code("served-a" if attempt % 2 else "served-b", WRONG)
        assert status == 400, f"wrong code {attempt + 1} was answered {status}"
    assert len(server.worker_pids()) == 3
    status, page = browser.post_code("served-a", made["served-a"][0])
    assert status == 429 and "Too many tries" in page
    # The count lives in Redis, under a key that is not the address.
    keys = [key.decode() for key in store.keys("*")]
    assert keys and not any("127.0.0.1" in key for key in keys)
    log = server.log()
    for secret in [*made["served-a"], *made["served-b"], WRONG, *browser.seen_cookies]:
        assert secret not in log and secret.replace("-", "") not in log

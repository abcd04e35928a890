"""Security headers on every response, and cookies a browser keeps to this site over https.

Every route in the URL map is requested, with real identifiers from the demo data, by a signed-in
officer and analyst: pages, redirects, downloads, 403 and 404 pages, a form sent without its CSRF
token. Each response must forbid inline script and framing by other sites, sniffing and referrers,
and ask for https; every staff and respondent response must also say "never keep this".
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from werkzeug.routing import Rule

from survey_app.demo import DEMO_PASSWORD, LOCAL_AUTHORITY, LOCAL_SLUG
from survey_app.extensions import db
from survey_app.models import (
    AccessCodeBatch,
    Authority,
    AuthorityHelpContact,
    Campaign,
    QuestionnaireDraft,
    User,
)
from survey_app.results.periods import Band, period_of
from survey_app.store import access_codes
from survey_app.store import paper as paper_store
from survey_app.store import questionnaires as questionnaire_store
from survey_app.store import users as user_store
from survey_app.web.security_headers import frameable_policy

OFFICER = "officer@rct.demo.lleisiau.cymru"
ANALYST = "analyst@rct.demo.lleisiau.cymru"
ADMIN = "admin@rct.demo.lleisiau.cymru"
CLOSED_SLUG = "demo-cymru-8-10-closed"
HSTS = "max-age=63072000; includeSubDomains"


def build_world(app: Flask, library) -> dict[str, str]:
    """The demo data (questionnaires, campaigns, answers, staff) plus one of everything staff make.

    `library` is the bundled questionnaires (the session's `library` fixture: loading them is slow).
    Returns a value for every kind of path parameter in the URL map.
    """
    for frozen in library.questionnaires.values():
        questionnaire_store.publish(frozen, date.today())
    db.session.commit()
    demo = app.test_cli_runner().invoke(args=["demo", "--responses", "60", "--seed", "5"])
    assert demo.exit_code == 0, demo.output
    authority = db.session.query(Authority).filter_by(ons_code=LOCAL_AUTHORITY).one()
    local = db.session.query(Campaign).filter_by(slug=LOCAL_SLUG).one()
    closed = db.session.query(Campaign).filter_by(slug=CLOSED_SLUG).one()
    batch = AccessCodeBatch(campaign=local, made_on=date.today(), size=2)
    db.session.add(batch)
    access_codes.create(local, 2, batch)
    draft = QuestionnaireDraft(
        questionnaire_id="attack-draft",
        authority_id=authority.id,
        source=_source_of(local),
        translated_from={},
        updated_on=date.today(),
    )
    contact = AuthorityHelpContact(
        authority_id=authority.id,
        kind="contact",
        position=0,
        name_en="Local line",
        name_cy="Llinell leol",
        description_en="Someone to talk to",
        description_cy="Rhywun i siarad ag e",
    )
    db.session.add_all([draft, contact])
    # A paper copy typed in, so that its pages (open, correct, remove) are walked too.
    paper_copy = paper_store.add(local, {}, "en", None, date.today())
    newcomer = user_store.create_user("newcomer@rct.example", "analyst", authority, date.today())
    token = user_store.new_password_link_token(newcomer)
    db.session.commit()
    version = closed.questionnaire_version
    return {
        "slug": LOCAL_SLUG,
        "number": "1",
        "user_id": str(newcomer.id),
        "batch_id": str(batch.id),
        "draft_id": str(draft.id),
        "version_id": str(local.questionnaire_version_id),
        "contact_id": str(contact.id),
        "period": period_of(closed.closes_on),
        "band": Band(version.audience, version.age_band).key,
        "code": LOCAL_AUTHORITY,
        "token": token,
        "filename": "lleisiau.css",
        "page": "1",
        # The builder: a page and a question of the draft.
        "page_id": draft.source["pages"][0]["id"],
        "item_id": draft.source["pages"][0]["items"][0]["id"],
        "reference": paper_store.reference(paper_copy),
    }


def _source_of(campaign: Campaign) -> dict:
    from survey_app.store.questionnaires import frozen_content

    return frozen_content(campaign.questionnaire_version).questionnaire.model_dump(
        mode="json", exclude_none=True
    )


def rule_urls(rule: Rule, values: dict[str, str], lang: str = "en") -> list[str]:
    """The rule's URLs filled with the world's values (one per download format and preview kind)."""
    filled = {name: values[name] for name in rule.arguments if name in values}
    if "lang" in rule.arguments:
        filled["lang"] = lang
    missing = set(rule.arguments) - set(filled) - {"kind", "ident", "fmt"}
    assert not missing, f"{rule.endpoint}: teach build_world what {missing} are"
    variants = [filled]
    if "kind" in rule.arguments:
        variants = [
            {**filled, "kind": "version", "ident": values["version_id"]},
            {**filled, "kind": "draft", "ident": values["draft_id"]},
        ]
    if "fmt" in rule.arguments:
        formats = ("csv", "xlsx", "pdf") if rule.endpoint.startswith("staff_results") else ("csv", "xlsx")
        variants = [{**each, "fmt": fmt} for each in variants for fmt in formats]
    return [rule.build(each, append_unknown=False)[1] for each in variants]


def sign_in_as(client, email: str, password: str = DEMO_PASSWORD, **request_args) -> str:
    """Sign in through the form; return the CSRF token for later posts."""
    from tests.conftest import Page

    page = Page(client.get("/en/staff/sign-in", **request_args))
    fields = {**page.form_fields(), "email": email, "password": password}
    answer = client.post("/en/staff/sign-in", data=fields, **request_args)
    assert answer.status_code in (302, 303), answer.status_code
    home = Page(client.get("/en/staff/", **request_args))
    return home.soup.select_one("form.sign-out input[name=csrf_token]")["value"]


def check_headers(response, path: str) -> None:
    where = f"{path} ({response.status_code})"
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, where
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy, where
    if policy == frameable_policy():
        assert "/staff/preview/" in path, f"{where}: only the preview frame may be framed"
    else:
        assert "frame-ancestors 'none'" in policy, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == "no-referrer", where
    assert response.headers.get("Strict-Transport-Security") == HSTS, where
    parts = path.split("?")[0].strip("/").split("/")
    if len(parts) >= 2 and parts[1] in ("staff", "s"):
        assert response.headers.get("Cache-Control") == "no-store", where


@pytest.fixture()
def world(app, library):
    return build_world(app, library)


# Who walks what: the analyst the results, themes and kite mark (with their downloads); the
# administrator the accounts, settings and audit log; the officer every other route.
ANALYST_WALK = ("staff_results.", "staff_themes.", "staff_kitemark.")
ADMIN_WALK = ("staff_accounts.", "staff_settings.", "staff_audit.")
WALKS = {ANALYST: ANALYST_WALK, ADMIN: ADMIN_WALK, OFFICER: None}


def test_every_route_sends_the_security_headers(app, world):
    statuses: set[int] = set()
    downloads = 0
    for email, prefixes in WALKS.items():
        client = app.test_client()
        token = sign_in_as(client, email)
        for rule in app.url_map.iter_rules():
            if prefixes is None:
                walks = not rule.endpoint.startswith(ANALYST_WALK + ADMIN_WALK)
            else:
                walks = rule.endpoint.startswith(prefixes)
            if rule.endpoint in ("auth.sign_out", "main.leave") or not walks:
                continue  # sign-out and leave end the session the walk needs: checked on their own below
            for url in rule_urls(rule, world):
                for method in sorted(rule.methods & {"GET", "POST"}):
                    response = client.open(url, method=method, data={"csrf_token": token})
                    check_headers(response, url)
                    statuses.add(response.status_code)
                    downloads += "attachment" in response.headers.get("Content-Disposition", "")
                    response.close()
    # Pages, redirects after a post, refused forms, forbidden and missing things and files were all seen.
    assert {200, 400}.issubset(statuses) and statuses & {302, 303} and statuses & {403, 404}
    assert downloads >= 4


def test_error_pages_and_signing_out_send_them_too(app, world):
    client = app.test_client()
    for path, status in [
        ("/en/staff/no-such-page", 404),
        ("/cy/s/no-such-campaign", 404),
        ("/en/s/" + LOCAL_SLUG + "/99", 302),  # not started: back to the first page
        ("/no/such/page/here", 404),
        ("/en/staff/", 302),  # not signed in: to the sign-in page
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        check_headers(response, path)
    # A form sent without its CSRF token gets the "form expired" page.
    for path in ("/en/staff/sign-in", "/cy/s/" + LOCAL_SLUG):
        response = client.post(path, data={"email": "x@y.example"})
        assert response.status_code == 400, path
        check_headers(response, path)
    token = sign_in_as(client, OFFICER)
    forbidden = client.get("/en/staff/accounts/")
    assert forbidden.status_code == 403
    check_headers(forbidden, "/en/staff/accounts/")
    for path in ("/en/staff/sign-out", "/en/leave"):
        response = client.open(
            path, method="POST" if "sign-out" in path else "GET", data={"csrf_token": token}
        )
        assert response.status_code in (302, 303), path
        check_headers(response, path)


def test_static_files_may_be_cached_but_still_carry_the_headers(client):
    with client.get("/static/lleisiau.css") as response:
        assert response.status_code == 200
        check_headers(response, "/static/lleisiau.css")
        assert "no-store" not in response.headers.get("Cache-Control", "")


# --- cookies -------------------------------------------------------------------------------------

BASE = "https://lleisiau.example"


@pytest.fixture()
def production_app(app, database_url, monkeypatch, make_app) -> Flask:
    """The production configuration, on the test database, as a deployment would set it."""
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("LLEISIAU_BASE_URL", BASE)
    monkeypatch.setenv("DATABASE_URL", database_url)
    return make_app("production", {"RATELIMIT_STORAGE_URI": "memory://"})


def _set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_production_session_cookie_is_host_only_secure_httponly_and_lax(production_app, app, short_8_10):
    from tests.conftest import create_campaign, create_version

    create_campaign(create_version(short_8_10))
    client = production_app.test_client()
    response = client.get("/cy/s/test-campaign", base_url=BASE)
    assert response.status_code == 200
    [cookie] = _set_cookies(response)
    name, _, attributes = cookie.partition(";")
    assert name.startswith("__Host-lleisiau=")
    lowered = [part.strip().lower() for part in attributes.split(";")]
    assert "secure" in lowered and "httponly" in lowered and "samesite=lax" in lowered
    assert "path=/" in lowered and not any(part.startswith("domain=") for part in lowered)


def test_staff_sign_in_in_production_sets_only_the_session_cookie(production_app, app):
    with production_app.app_context():
        authority = db.session.query(Authority).filter_by(ons_code=LOCAL_AUTHORITY).one()
        user = user_store.create_user("prod@rct.example", "officer", authority, date.today())
        user_store.set_password(user, "a long production password here")
        db.session.commit()
    client = production_app.test_client()
    sign_in_as(client, "prod@rct.example", "a long production password here", base_url=BASE)
    answer = client.post(
        "/en/staff/sign-in",
        data={"email": "prod@rct.example", "password": "x"},
        base_url=BASE,
    )
    names = {cookie.key for cookie in client._cookies.values()}  # noqa: SLF001 (the test client's jar)
    assert names == {"__Host-lleisiau"}, names  # no "remember me" cookie, ever
    assert answer.status_code == 400  # the form without its CSRF token
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True
    assert db.session.query(User).filter_by(email="prod@rct.example").one().active


def test_development_and_testing_cookies_are_httponly_and_lax(client, campaign):
    response = client.get("/cy/s/test-campaign")
    [cookie] = _set_cookies(response)
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie

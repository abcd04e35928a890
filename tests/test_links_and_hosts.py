"""Links come from LLEISIAU_BASE_URL, never from the Host header an attacker sends.

A forged Host (or X-Forwarded-Host) could otherwise put an attacker's server into a staff member's
password link, a campaign's survey link and QR code, or the slips of a printed code sheet, so that
whoever follows them hands over a password or an access code. In production a forged Host is
refused outright.
"""

from __future__ import annotations

from datetime import date

import pytest
from weasyprint.urls import URLFetcher

from survey_app import create_app
from survey_app.config import ConfigError
from survey_app.extensions import db
from survey_app.models import Authority
from survey_app.staff import code_sheets, qr
from survey_app.store import users as user_store
from tests.conftest import HOME_AUTHORITY, Page, create_user, get_page, sign_in

EVIL = "evil.example"
FORGED = {"Host": EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http", "Forwarded": f"host={EVIL}"}
BASE = "https://lleisiau.example"


@pytest.fixture()
def based(app):
    """The app with a base URL of its own, as a deployment sets it."""
    app.config["LLEISIAU_BASE_URL"] = BASE
    return app


def forged(client, method: str, path: str, **kwargs):
    """The request with forged host headers and this browser's session cookie (the test client would
    not send the cookie to another host; a request through a misconfigured proxy or a DNS trick would)."""
    cookie = client.get_cookie("session")
    headers = {**FORGED, "Cookie": f"session={cookie.value}"} if cookie else dict(FORGED)
    bare = client.application.test_client(use_cookies=False)
    return bare.open(path, method=method, headers=headers, **kwargs)


def forged_get(client, path: str):
    return forged(client, "GET", path)


def test_the_password_link_shown_to_an_administrator_names_the_base_url(based, client):
    create_user("admin@rct.example", "admin")
    page = sign_in(client, "admin@rct.example")
    form = get_page(client, "/en/staff/accounts/new")
    fields = {**form.form_fields(), "email": "new@rct.example", "role": "analyst"}
    response = forged(client, "POST", "/en/staff/accounts/new", data=fields)
    assert response.status_code == 200 and page.status == 200
    html = response.get_data(as_text=True)
    assert EVIL not in html
    link = Page(response).soup.select_one("input#link")["value"]
    assert link.startswith(BASE + "/en/staff/set-password/")
    # A new link for the same person, asked for with a forged Host too.
    user = user_store.by_email("new@rct.example")
    token = form.soup.select_one("form.sign-out input[name=csrf_token]")["value"]
    again = forged(client, "POST", f"/en/staff/accounts/{user.id}/link", data={"csrf_token": token})
    assert again.status_code == 200 and EVIL not in again.get_data(as_text=True)
    assert Page(again).soup.select_one("input#link")["value"].startswith(BASE + "/en/staff/set-password/")


def test_the_campaign_page_link_and_qr_code_name_the_base_url(based, client, campaign, monkeypatch):
    encoded: list[str] = []
    real_qr_svg = qr.qr_svg
    monkeypatch.setattr(qr, "qr_svg", lambda data, *args: encoded.append(data) or real_qr_svg(data, *args))
    create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example")
    response = forged_get(client, "/cy/staff/campaigns/test-campaign")
    assert response.status_code == 200
    assert EVIL not in response.get_data(as_text=True)
    assert encoded == [f"{BASE}/cy/s/test-campaign", f"{BASE}/en/s/test-campaign"]


def test_a_code_sheet_links_and_fetches_only_from_this_service(based, client, campaign, monkeypatch):
    seen: dict = {}
    real_html = code_sheets.weasyprint.HTML

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real_html(*args, **kwargs)

    qr_data: list[str] = []
    real_qr = code_sheets.qr_png_data_uri
    monkeypatch.setattr(code_sheets.weasyprint, "HTML", spy)
    monkeypatch.setattr(code_sheets, "qr_png_data_uri", lambda data: qr_data.append(data) or real_qr(data))
    create_user("officer@rct.example", "officer")
    page = sign_in(client, "officer@rct.example")
    token = page.soup.select_one("form.sign-out input[name=csrf_token]")["value"]
    response = forged(
        client,
        "POST",
        "/cy/staff/campaigns/test-campaign/codes",
        data={"csrf_token": token, "count": "3", "sheet_lang": "both"},
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and EVIL.encode() not in response.data
    assert EVIL not in seen["string"] and "lleisiau.example/cy/s/test-campaign" in seen["string"]
    assert seen["base_url"] == BASE + "/"
    assert isinstance(seen["url_fetcher"], code_sheets.OwnStaticFiles)
    assert len(qr_data) == 3 and all(data.startswith(f"{BASE}/cy/s/test-campaign?code=") for data in qr_data)


def test_the_code_sheet_fetcher_serves_own_static_files_and_refuses_everything_else(based):
    with based.test_request_context("/cy/staff/", headers=FORGED):
        fetcher = code_sheets.OwnStaticFiles()
        answer = fetcher.fetch(f"{BASE}/static/lleisiau.css?v=1")
        assert b"{" in answer.read() and answer.content_type == "text/css"
        inline = fetcher.fetch("data:text/plain,hello")
        assert inline.read() == b"hello"
        for url in (
            f"http://{EVIL}/static/lleisiau.css",
            f"{BASE}/static/../../survey_app/config.py",
            f"{BASE}/static/%2e%2e/%2e%2e/pyproject.toml",
            f"{BASE}/en/staff/",
            "file:///etc/passwd",
            "http://127.0.0.1:6379/",
        ):
            with pytest.raises(ValueError, match="only this app's static files"):
                fetcher.fetch(url)
    assert isinstance(fetcher, URLFetcher)


def test_the_cli_prints_links_from_the_base_url(based, runner, campaign):
    authority = db.session.query(Authority).filter_by(ons_code=HOME_AUTHORITY).one()
    assert authority is not None
    made = runner.invoke(args=["users", "create", "--email", "p@x.example", "--role", "national", "--link"])
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(BASE + "/cy/staff/set-password/")
    override = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "q@x.example",
            "--role",
            "national",
            "--link",
            "--base-url",
            BASE + "/x",
        ]
    )
    assert override.stdout.startswith(BASE + "/x/cy/staff/set-password/")


def test_the_links_command_uses_the_port_locally_and_the_base_url_when_deployed(app, runner):
    runner.invoke(args=["demo", "--responses", "0", "--seed", "1"])
    local = runner.invoke(args=["links", "--port", "5123"]).output
    assert "http://127.0.0.1:5123/cy/staff/sign-in" in local and "localhost" not in local
    app.config["LLEISIAU_BASE_URL"] = BASE
    deployed = runner.invoke(args=["links", "--port", "5123"]).output
    assert f"{BASE}/cy/staff/sign-in" in deployed and "5123" not in deployed


# --- production: forged hosts refused, configuration checked ------------------------------------


@pytest.fixture()
def production(app, database_url, monkeypatch, make_app):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("LLEISIAU_BASE_URL", BASE + "/")
    monkeypatch.setenv("DATABASE_URL", database_url)
    return make_app("production", {"RATELIMIT_STORAGE_URI": "memory://"})


def test_production_refuses_a_forged_host_with_400(production, campaign):
    client = production.test_client()
    assert client.get("/cy/s/test-campaign", base_url=BASE).status_code == 200
    assert client.get("/cy/s/test-campaign", base_url=f"https://{EVIL}").status_code == 400
    assert client.get("/healthz", base_url="http://10.0.0.5").status_code == 400
    # X-Forwarded-Host is not believed: the link on the page still names the service.
    response = client.get("/cy/s/test-campaign", base_url=BASE, headers={"X-Forwarded-Host": EVIL})
    assert response.status_code == 200 and EVIL not in response.get_data(as_text=True)


def test_extra_hosts_let_a_load_balancer_check_health(app, database_url, monkeypatch, make_app):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("LLEISIAU_BASE_URL", BASE)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("LLEISIAU_EXTRA_HOSTS", "10.0.0.5, Internal.Example")
    production = make_app("production")
    assert production.config["TRUSTED_HOSTS"] == ["lleisiau.example", "10.0.0.5", "internal.example"]
    assert production.test_client().get("/healthz", base_url="http://10.0.0.5:8000").status_code == 200


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "LLEISIAU_BASE_URL must be set in production"),
        ("", "LLEISIAU_BASE_URL must be set in production"),
        ("http://lleisiau.example", "must start https:// in production"),
        ("lleisiau.example", "must be an address like https://"),
        ("https://lleisiau.example/?x=1", "must not hold a query"),
        ("https://user:pw@lleisiau.example", "must not hold a query, fragment or password"),
    ],
)
def test_production_needs_an_https_base_url(monkeypatch, value, message):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    if value is None:
        monkeypatch.delenv("LLEISIAU_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("LLEISIAU_BASE_URL", value)
    with pytest.raises(ConfigError, match=message.replace("?", r"\?")):
        create_app("production")


def test_base_url_defaults_outside_production(monkeypatch):
    monkeypatch.delenv("LLEISIAU_BASE_URL", raising=False)
    assert create_app("development").config["LLEISIAU_BASE_URL"] == "http://127.0.0.1:5000"
    assert create_app("testing").config["LLEISIAU_BASE_URL"] == "http://localhost"
    assert create_app("testing").config.get("TRUSTED_HOSTS") is None
    monkeypatch.setenv("LLEISIAU_BASE_URL", "http://survey.local:8080/lleisiau/")
    app = create_app("development")
    assert app.config["LLEISIAU_BASE_URL"] == "http://survey.local:8080/lleisiau"
    with app.app_context():
        from survey_app.web.links import external_url

        assert external_url("respond.introduction", lang="en", slug="haf", code="AB") == (
            "http://survey.local:8080/lleisiau/en/s/haf?code=AB"
        )


def test_a_set_password_link_made_in_production_works_on_the_service(production, app):
    with production.app_context():
        authority = db.session.query(Authority).filter_by(ons_code=HOME_AUTHORITY).one()
        user = user_store.create_user("prod@rct.example", "analyst", authority, date.today())
        token = user_store.new_password_link_token(user)
        db.session.commit()
        from survey_app.web.links import external_url

        link = external_url("auth.set_password", lang="en", token=token)
    assert link == f"{BASE}/en/staff/set-password/{token}"
    page = production.test_client().get(link.removeprefix(BASE), base_url=BASE)
    assert page.status_code == 200


def test_development_links_follow_the_port_the_server_listens_on(monkeypatch, tmp_path):
    """`PORT=5202 make run` serves on 5202: every link it makes (campaign pages, QR codes, code slips,
    password links, `links`) must point there too, unless LLEISIAU_BASE_URL says otherwise."""
    monkeypatch.setenv("LLEISIAU_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("LLEISIAU_BASE_URL", raising=False)
    monkeypatch.delenv("FLASK_RUN_PORT", raising=False)
    monkeypatch.setenv("PORT", "5202")
    assert create_app("development").config["LLEISIAU_BASE_URL"] == "http://127.0.0.1:5202"
    monkeypatch.setenv("FLASK_RUN_PORT", "5303")  # `flask run --port` as Flask reads it from the environment
    assert create_app("development").config["LLEISIAU_BASE_URL"] == "http://127.0.0.1:5303"
    monkeypatch.setenv("LLEISIAU_BASE_URL", BASE)
    assert create_app("development").config["LLEISIAU_BASE_URL"] == BASE
    monkeypatch.delenv("LLEISIAU_BASE_URL")
    monkeypatch.delenv("FLASK_RUN_PORT")
    monkeypatch.setenv("PORT", "fifty")
    with pytest.raises(ConfigError, match="PORT must be a whole number"):
        create_app("development")


def test_the_links_command_prints_the_port_of_the_environment(app, runner):
    runner.invoke(args=["demo", "--responses", "0", "--seed", "1"])
    app.config["LLEISIAU_BASE_URL"] = "http://127.0.0.1:5202"
    printed = runner.invoke(args=["links"]).output
    assert "http://127.0.0.1:5202/cy/staff/sign-in" in printed and ":5000" not in printed

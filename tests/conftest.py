"""Fixtures: an app per test on each database backend, a client, page and form helpers, factories.

The suite always runs on SQLite; when TEST_DATABASE_URL points at PostgreSQL every database test
runs there too. Each backend is migrated once per session with the real Alembic migrations.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, text

from survey_app import create_app
from survey_app.config import PROJECT_ROOT
from survey_app.config import database_url as sqlalchemy_url
from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.content.loader import load_checked_library, load_library
from survey_app.extensions import db
from survey_app.models import (
    AccessCode,
    AccessCodeBatch,
    AuditEvent,
    Authority,
    AuthorityHelpContact,
    Campaign,
    KitemarkThreshold,
    QuestionnaireDraft,
    QuestionnaireVersion,
    Response,
    SentCode,
    SignInFailures,
    ThemeReview,
    User,
    YouSaidWeWill,
)
from survey_app.store import questionnaires as questionnaire_store

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session")
def library():
    return load_checked_library(PROJECT_ROOT / "questionnaires")


@pytest.fixture(scope="session")
def short_8_10() -> FrozenQuestionnaire:
    """A short, fixed questionnaire (12 items, 6 pages) for the journey and report tests."""
    library = load_library(PROJECT_ROOT / "questionnaires", [data_dir() / "short-8-10.yaml"])
    assert not library.problems, library.problems
    return library.questionnaires["short-8-10"]


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    """A freshly migrated database for the session, on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        url = os.environ["TEST_DATABASE_URL"]
    url = sqlalchemy_url(url)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if request.param == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture()
def make_app() -> Iterator[Any]:
    """create_app for a test that needs an app of its own (production settings, say): each one's database
    connections are closed when the test ends, never left for the garbage collector to find later."""
    made: list[Flask] = []

    def make(*args: Any, **kwargs: Any) -> Flask:
        made.append(create_app(*args, **kwargs))
        return made[-1]

    yield make
    for each in made:
        with each.app_context():
            db.engine.dispose()


@pytest.fixture()
def app(database_url: str) -> Iterator[Flask]:
    """An app on a clean database (the 22 authorities stay: they come with the migration)."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        for model in (
            SignInFailures,
            ThemeReview,
            KitemarkThreshold,
            YouSaidWeWill,
            AuditEvent,
            User,
            AuthorityHelpContact,
            QuestionnaireDraft,
            Response,
            SentCode,
            AccessCode,
            AccessCodeBatch,
            Campaign,
            QuestionnaireVersion,
        ):
            db.session.execute(delete(model))
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def runner(app: Flask):
    return app.test_cli_runner()


# --- factories -------------------------------------------------------------------------------


def create_version(frozen: FrozenQuestionnaire) -> QuestionnaireVersion:
    version, _created = questionnaire_store.publish(frozen, date.today())
    db.session.commit()
    return version


def create_campaign(
    version: QuestionnaireVersion,
    slug: str = "test-campaign",
    authority_code: str | None = "W06000016",
    opens_on: date | None = None,
    closes_on: date | None = None,
) -> Campaign:
    authority = (
        db.session.query(Authority).filter_by(ons_code=authority_code).one() if authority_code else None
    )
    campaign = Campaign(
        slug=slug,
        authority=authority,
        questionnaire_version=version,
        opens_on=opens_on or date.today() - timedelta(days=1),
        closes_on=closes_on or date.today() + timedelta(days=30),
    )
    db.session.add(campaign)
    db.session.commit()
    return campaign


def create_response(
    campaign: Campaign,
    answers: dict[str, Any],
    authority_code: str | None = None,
    language: str = "en",
    record_key: int | None = 0,
) -> Response:
    """A sent response. Record keys of 0 give every count a cell key of 0, which perturbs nothing, so
    tests that check figures see exact ones; `record_key=None` draws a random key, as the app does."""
    authority = (
        db.session.query(Authority).filter_by(ons_code=authority_code).one()
        if authority_code
        else campaign.authority
    )
    response = Response(
        campaign=campaign,
        authority=authority,
        language=language,
        status="complete",
        answers=answers,
        last_page=99,
        started_on=date.today(),
        updated_on=date.today(),
        submitted_on=date.today(),
        **({"record_key": record_key} if record_key is not None else {}),
    )
    db.session.add(response)
    db.session.commit()
    return response


@pytest.fixture()
def campaign(app, short_8_10) -> Campaign:
    return create_campaign(create_version(short_8_10))


# --- pages and forms -------------------------------------------------------------------------


class Page:
    """A response parsed as HTML, checked as every page must be."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    def text(self) -> str:
        return " ".join(self.soup.get_text(" ").split())

    def main_text(self) -> str:
        return " ".join(self.soup.select_one("main").get_text(" ").split())

    @property
    def lang(self) -> str:
        return self.soup.html["lang"]

    def form_fields(self, form_selector: str = "main form") -> dict[str, str]:
        form = self.soup.select_one(form_selector)
        assert form is not None, f"no form matching {form_selector}"
        return {
            field["name"]: field.get("value", "")
            for field in form.select("input[type=hidden]")
            if field.get("name")
        }


def get_page(client: FlaskClient, url: str, status: int = 200) -> Page:
    response = client.get(url, follow_redirects=True)
    page = Page(response)
    assert page.status == status, f"{url}: expected {status}, got {page.status}"
    check_page(page)
    return page


def check_page(page: Page) -> None:
    """What every HTML page must have: a language, a title, a main landmark."""
    assert page.soup.html is not None and page.soup.html.get("lang") in ("cy", "en")
    assert page.soup.title is not None and page.soup.title.get_text(strip=True)
    assert page.soup.select_one("main#main") is not None


def submit(
    client: FlaskClient, page: Page, data: dict[str, Any], form_selector: str = "main form", **extra: Any
) -> Page:
    """Submit a form on a page as a browser would: its hidden fields (CSRF token included) plus `data`."""
    form = page.soup.select_one(form_selector)
    fields: dict[str, Any] = page.form_fields(form_selector)
    fields.update(data)
    action = form.get("action") or page.response.request.path
    response = client.post(action, data=fields, follow_redirects=True, **extra)
    result = Page(response)
    check_page(result)
    return result


def data_dir() -> Path:
    return Path(__file__).parent / "data"


STAFF_PASSWORD = "a long staff password for tests"
# Two authorities for tests of who may see what: Rhondda Cynon Taf and Cardiff.
HOME_AUTHORITY = "W06000016"
OTHER_AUTHORITY = "W06000015"


def create_user(
    email: str, role: str, authority_code: str | None = HOME_AUTHORITY, display_name: str | None = None
) -> User:
    """A member of staff with STAFF_PASSWORD (national coordinators and the panel have no authority;
    a panel member is shown as `display_name`, "Panel member" unless given)."""
    from survey_app.store import users as user_store

    national = role in ("national", "panel")
    authority = None if national else Authority.query.filter_by(ons_code=authority_code).one()
    if role == "panel" and display_name is None:
        display_name = "Panel member"
    user = user_store.create_user(email, role, authority, date.today(), display_name)
    user_store.set_password(user, STAFF_PASSWORD)
    db.session.commit()
    return user


def sign_in(client: FlaskClient, email: str, lang: str = "en", password: str = STAFF_PASSWORD) -> Page:
    """Sign in through the sign-in page, as a person would."""
    page = get_page(client, f"/{lang}/staff/sign-in")
    return submit(client, page, {"email": email, "password": password})

"""A real Lleisiau server for the browser tests: a SQLite file, every bundled questionnaire, open campaigns.

Served by werkzeug in a daemon thread on a free port of 127.0.0.1, so that Chromium talks to it over HTTP
exactly as a phone would.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
from flask import current_app
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.auth.permissions import public
from survey_app.config import PROJECT_ROOT
from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.content.loader import load_checked_library, load_library
from survey_app.extensions import db
from survey_app.models import Authority, Campaign
from survey_app.store import questionnaires as questionnaire_store
from survey_app.store import users as user_store

AUTHORITY = "W06000016"  # Rhondda Cynon Taf: a local campaign does not ask which council
EVERY_TYPE_FILE = Path(__file__).resolve().parent.parent / "data" / "every-type.yaml"
TRY_PREFIX = "try-"
EVERY_TYPE = "every-type"
NATIONAL = "national-8-10"
CLOSED = "closed-8-10"
CODES = "codes-8-10"  # a campaign that asks for a one-time access code before the first question
# Where "Leave this page" goes here: a stand-in for the BBC's weather page, served by the live server so
# that leaving (and Back after it) can be tested without a request leaving 127.0.0.1.
EXIT_PATH = "/weather-stand-in"
EXIT_PAGE = "<!doctype html><html lang='en'><title>BBC Weather</title><h1>Weather forecast: sunny spells</h1>"


@dataclass
class LiveServer:
    """Where the server listens, and the questionnaires behind its campaigns (by slug)."""

    url: str
    surveys: dict[str, FrozenQuestionnaire] = field(default_factory=dict)

    def survey_url(self, lang: str, slug: str, rest: str = "") -> str:
        return f"{self.url}/{lang}/s/{slug}{rest}"

    def question_page_with(self, item_type: str) -> tuple[str, int]:
        """The first page (slug, page number) a new respondent sees that asks an item of this type."""
        for slug, frozen in self.surveys.items():
            for number, page in enumerate(frozen.pages, start=1):
                visible = frozen.visible_items(page, {})
                if any(item.type == item_type for item in visible):
                    return slug, number
        raise LookupError(f"no campaign has a page with a {item_type} item")


STAFF_PASSWORD = "a long browser-test password"
DEMO_RESPONSES = 300
STAFF = {"officer@browser.example": "officer", "admin@browser.example": "admin"}
PANEL = "panel@browser.example"  # a young people's panel member: sets the kite mark's thresholds


def _campaign(
    slug: str,
    frozen: FrozenQuestionnaire,
    authority: Authority | None,
    opens: date,
    closes: date,
    access: str = "open",
) -> None:
    version, _created = questionnaire_store.publish(frozen, date.today())
    campaign = Campaign(
        slug=slug, authority=authority, questionnaire_version=version, opens_on=opens, closes_on=closes
    )
    campaign.access = access
    db.session.add(campaign)


def _seed(surveys: dict[str, FrozenQuestionnaire]) -> None:
    """Publish every bundled questionnaire and the every-type test file; one open campaign each."""
    library = load_checked_library(PROJECT_ROOT / "questionnaires")
    extra = load_library(PROJECT_ROOT / "questionnaires", [EVERY_TYPE_FILE])
    assert not extra.problems, extra.problems
    authority = db.session.query(Authority).filter_by(ons_code=AUTHORITY).one()
    today = date.today()
    opens, closes = today - timedelta(days=1), today + timedelta(days=30)
    for questionnaire_id, frozen in library.questionnaires.items():
        surveys[TRY_PREFIX + questionnaire_id] = frozen
    surveys[EVERY_TYPE] = extra.questionnaires["every-type"]
    for slug, frozen in surveys.items():
        _campaign(slug, frozen, authority, opens, closes)
    children_8_10 = library.questionnaires["children-8-10"]
    _campaign(NATIONAL, children_8_10, None, opens, closes)
    _campaign(CLOSED, children_8_10, authority, today - timedelta(days=40), today - timedelta(days=10))
    _campaign(CODES, children_8_10, authority, opens, closes, access="codes")
    for email, role in [*STAFF.items(), (PANEL, "panel")]:
        national = role == "panel"  # the young people's panel belongs to no council
        user = user_store.create_user(
            email, role, None if national else authority, today, "Browser panel" if national else None
        )
        user_store.set_password(user, STAFF_PASSWORD)
    db.session.commit()
    # The demo's closed campaigns across Wales, with answers: results, themes and kite-mark pages have data.
    demo_args = ["demo", "--responses", str(DEMO_RESPONSES), "--seed", "7"]
    demo = current_app.test_cli_runner().invoke(args=demo_args)
    assert demo.exit_code == 0, demo.output


@contextmanager
def serve(database_file: Path) -> Iterator[LiveServer]:
    """Create, seed and serve the app until the block ends."""
    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_file}",
            "RATELIMIT_STORAGE_URI": "memory://",
            # Every test comes from 127.0.0.1, so the real limit on wrong codes would trip across tests;
            # the limit itself belongs in the test-client tests.
            "LLEISIAU_CODE_TRIES": "1000 per minute",
            "LLEISIAU_SIGN_IN_FAILURES": "1000 per minute",
            "SERVER_NAME": None,
            "LLEISIAU_EXIT_URL": EXIT_PATH,
        },
    )
    app.add_url_rule(EXIT_PATH, "weather_stand_in", public(lambda: EXIT_PAGE))
    surveys: dict[str, FrozenQuestionnaire] = {}
    with app.app_context():
        flask_migrate.upgrade()  # the real migrations, which also bring the 22 authorities
        _seed(surveys)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="lleisiau-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", surveys=surveys)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()

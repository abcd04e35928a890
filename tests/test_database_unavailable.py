"""When the database cannot be reached for a moment: a calm page, nothing lost, nothing sent twice.

The load and fault tests (tests/load/) do this for real, restarting PostgreSQL under a crowd; these
tests pin down what one respondent sees, in each language, with the failure made on purpose.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import exc, select

from survey_app.extensions import db
from survey_app.models import Response
from survey_app.store import responses as response_store

from .conftest import create_user, get_page, sign_in, submit
from .test_respond_journey import FULL_ANSWERS, start

SECRET_ANSWER = "Gweld fy mrawd yn amlach"


def _connection_lost(*args: object, **kwargs: object) -> None:
    raise exc.OperationalError(
        "UPDATE responses SET answers=%(answers)s",
        {"answers": SECRET_ANSWER},
        Exception("server closed the connection unexpectedly"),
    )


@pytest.fixture()
def database(monkeypatch: pytest.MonkeyPatch):
    """`.down()`: saving fails as it does while PostgreSQL restarts; `.restore()` brings it back."""

    class Switch:
        def down(self) -> None:
            monkeypatch.setattr(response_store, "save_answers", _connection_lost)

        def restore(self) -> None:
            monkeypatch.undo()

    return Switch()


def _on_page_six(client, lang: str):
    page = start(client, lang=lang)
    for number in range(1, 6):
        page = submit(client, page, {**FULL_ANSWERS[number], "action": "continue"})
    return page


@pytest.mark.parametrize(
    ("lang", "heading", "advice"),
    [
        ("cy", "Mae dy atebion yn ddiogel", "Mae'r atebion wnest ti eu cadw cyn y dudalen hon yn ddiogel."),
        ("en", "Your answers are safe", "The answers you saved before this page are safe."),
    ],
)
def test_a_page_sent_while_the_database_is_down_gets_a_calm_page_in_the_respondents_language(
    client, campaign, database, lang, heading, advice
):
    page = _on_page_six(client, lang)
    [before] = db.session.scalars(select(Response)).all()
    saved_before = dict(before.answers)
    database.down()
    calm = submit(client, page, {**FULL_ANSWERS[6], "action": "continue"})

    assert calm.status == 503
    assert calm.lang == lang
    assert calm.response.headers["Retry-After"] == "30"
    assert calm.response.headers["Cache-Control"] == "no-store"
    assert calm.soup.h1.get_text(strip=True) == heading
    assert advice in calm.main_text()
    assert calm.soup.select_one("#help") is not None, "help is on every page, this one too"
    # Nothing typed on the page is lost: it is in the form that "Try again" sends.
    kept = calm.form_fields("#retry-form")
    assert kept["make_care_better"] == FULL_ANSWERS[6]["make_care_better"]
    assert kept["life_score"] == "8"
    db.session.expire_all()
    assert db.session.get(Response, before.id).answers == saved_before, "what was saved is untouched"

    database.restore()
    after = submit(client, calm, {"action": "continue"}, form_selector="#retry-form")
    assert after.status == 200 and after.lang == lang
    db.session.expire_all()
    [response] = db.session.scalars(select(Response)).all()
    assert response.answers["make_care_better"] == FULL_ANSWERS[6]["make_care_better"]
    assert response.answers["life_score"] == "8"


def test_the_calm_page_switches_language_without_losing_the_page(client, campaign, database):
    page = _on_page_six(client, "cy")
    database.down()
    calm = submit(client, page, {**FULL_ANSWERS[6], "action": "continue"})
    switch = calm.soup.select_one("button.lang-switch")
    assert switch is not None and switch["form"] == "retry-form" and switch["value"] == "switch"

    database.restore()
    english = submit(client, calm, {"action": "switch"}, form_selector="#retry-form")
    assert english.lang == "en" and english.status == 200
    assert english.soup.select_one("#make_care_better").get_text() == FULL_ANSWERS[6]["make_care_better"]


def test_opening_a_page_while_the_database_is_down_offers_to_try_again(client, campaign, monkeypatch):
    def refused(*args: object, **kwargs: object) -> None:
        raise exc.OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr("survey_app.respond.views.campaign_store.campaign_by_slug", refused)
    page = get_page(client, "/en/s/test-campaign", status=503)
    assert page.soup.h1.get_text(strip=True) == "Your answers are safe"
    assert "Everything you saved before is safe." in page.main_text()
    assert page.soup.select_one("main a.button")["href"] == "/en/s/test-campaign"


def test_the_log_says_what_failed_but_never_the_answers(client, campaign, database, caplog):
    page = _on_page_six(client, "en")
    database.down()
    with caplog.at_level(logging.DEBUG):
        submit(client, page, {**FULL_ANSWERS[6], "action": "continue"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "database unavailable" in logged and "OperationalError" in logged
    assert SECRET_ANSWER not in logged and "Seeing my brother" not in logged


def test_start_sent_twice_starts_one_response(client, campaign):
    """A phone that loses signal after pressing Start sends it again: one response, not two."""
    intro = get_page(client, "/en/s/test-campaign")
    first = submit(client, intro, {"action": "start"})
    again = submit(client, intro, {"action": "start"})
    assert first.status == again.status == 200
    assert "Page 1 of 6" in again.text()
    assert len(db.session.scalars(select(Response)).all()) == 1


def test_send_sent_twice_stores_one_complete_response(client, campaign):
    page = start(client, lang="en")
    for number in range(1, 7):
        page = submit(client, page, {**FULL_ANSWERS[number], "action": "continue"})
    first = submit(client, page, {})
    again = submit(client, page, {})
    assert "Your answers have been sent." in first.text() and "Your answers have been sent." in again.text()
    responses = db.session.scalars(select(Response)).all()
    assert [response.status for response in responses] == ["complete"]


def test_staff_meet_a_calm_page_in_their_language_that_keeps_what_they_typed(client, campaign, monkeypatch):
    create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example", lang="cy")
    form = get_page(client, "/cy/staff/campaigns/test-campaign/change")

    def refused(*args: object, **kwargs: object) -> None:
        raise exc.OperationalError("UPDATE campaigns", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "commit", refused)
    shown = {
        field["name"]: field.get("value", "")
        for field in form.soup.select("main form input[name]")
        if field.get("type") not in ("radio", "checkbox") or field.has_attr("checked")
    }
    later = (date.today() + timedelta(days=60)).isoformat()
    calm = submit(client, form, {**shown, "closes_on": later})
    assert calm.status == 503 and calm.lang == "cy", calm.main_text()[:400]
    assert calm.soup.h1.get_text(strip=True) == "Does dim byd a gadwoch chi wedi mynd ar goll"
    assert calm.form_fields("#retry-form")["closes_on"] == later

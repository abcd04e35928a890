"""Nothing stored with a response can identify the person who gave it."""

from __future__ import annotations

import logging

from sqlalchemy import Date, DateTime, Time, inspect, select

from survey_app.extensions import db
from survey_app.models import Response
from survey_app.web.privacy_logging import AnonymousAccessLog

from .conftest import get_page, submit

FORBIDDEN_WORDS = ("ip", "address", "agent", "name", "email", "birth", "time", "postcode", "phone")


def test_the_responses_table_has_no_column_that_could_hold_identity_or_time_of_day(app):
    columns = inspect(db.engine).get_columns("responses")
    for column in columns:
        words = column["name"].split("_")
        assert not set(words) & set(FORBIDDEN_WORDS), column["name"]
        assert not isinstance(column["type"], DateTime | Time), column["name"]
    date_columns = {column["name"] for column in columns if isinstance(column["type"], Date)}
    assert date_columns == {"started_on", "updated_on", "submitted_on"}


def test_a_stored_response_holds_only_the_answers_the_language_and_days(client, campaign):
    intro = get_page(client, "/en/s/test-campaign")
    page = submit(
        client,
        intro,
        {},
        headers={"User-Agent": "Mozilla/5.0 (Linux; Android 9; SM-J530F)", "X-Forwarded-For": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    submit(
        client,
        page,
        {"safe_at_home": "sometimes", "action": "continue"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    row = db.session.execute(select(Response.__table__)).mappings().one()
    stored = " ".join(str(value) for value in row.values())
    for trace in ("198.51.100.7", "203.0.113.9", "Android", "Mozilla"):
        assert trace not in stored
    assert row["answers"] == {"safe_at_home": "sometimes"}
    assert len(row["id"]) == 32  # random, not a sequence that would reveal the order of answering


def test_the_access_log_keeps_no_address_time_or_query():
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '198.51.100.7 - - [22/Nov/2026 14:03:11] "%s" %s %s',
        ("GET /cy/s/demo?code=ABC123 HTTP/1.1", "200", "-"),
        None,
    )
    AnonymousAccessLog().filter(record)
    message = record.getMessage()
    assert "198.51.100.7" not in message and "14:03" not in message and "ABC123" not in message
    assert message.startswith('"GET /cy/s/demo HTTP/1.1" 200')


def test_respondent_pages_are_never_cached(client, campaign):
    intro = client.get("/en/s/test-campaign")
    assert intro.headers["Cache-Control"] == "no-store"
    page = get_page(client, "/en/s/test-campaign")
    question = client.post("/en/s/test-campaign", data=page.form_fields(), follow_redirects=True)
    assert question.headers["Cache-Control"] == "no-store"


PLANTED = (
    "My carer Bethan Price is kind. Ring me on 07700 900123 or oh seven seven double oh nine one two "
    "three four five, or jay_rees2014 (at) hotmail.co.uk"
)
PLANTED_TRACES = ("Bethan", "Price", "07700", "900123", "seven", "double", "jay_rees2014", "hotmail")


def _to_the_comment_page(client, lang):
    page = submit(client, get_page(client, f"/{lang}/s/test-campaign"), {})
    while page.soup.select_one("textarea") is None:
        page = submit(client, page, {"action": "continue"})
    return page


def _stored_row() -> str:
    db.session.expire_all()
    row = db.session.execute(select(Response.__table__)).mappings().one()
    return " ".join(str(value) for value in row.values())


def test_a_name_and_phone_number_written_in_a_comment_never_reach_the_database(client, campaign):
    page = _to_the_comment_page(client, "en")
    name = page.soup.select_one("textarea")["name"]
    submit(client, page, {name: PLANTED, "action": "continue"})
    stored = _stored_row()
    for trace in PLANTED_TRACES:
        assert trace not in stored, f"{trace!r} reached the database"
    assert "My carer [name] is kind. Ring me on [phone] or [phone], or [email]" in stored
    # Going back to the page shows the text as saved, and says why it changed.
    back = get_page(client, page.response.request.path)  # Change, or Back, from the pages after it
    assert back.soup.select_one("textarea").get_text().startswith("My carer [name] is kind.")
    note = back.soup.select_one(f"#{name}-redacted")
    assert note is not None and "We took out names, numbers" in note.get_text()
    assert f"{name}-redacted" in back.soup.select_one("textarea")["aria-describedby"]


def test_a_welsh_comment_gets_welsh_placeholders_and_a_welsh_note(client, campaign):
    page = _to_the_comment_page(client, "cy")
    name = page.soup.select_one("textarea")["name"]
    text = "Mae fy ngofalwr Bethan Price yn garedig, ffonia fi ar dim saith saith naw wyth dau un pump chwech"
    submit(client, page, {name: text, "action": "later"})
    stored = _stored_row()
    assert "Bethan" not in stored and "saith" not in stored and "[enw]" in stored and "[rhif ffôn]" in stored
    again = get_page(client, page.response.request.path)
    assert "Rydyn ni wedi tynnu enwau" in again.soup.select_one(f"#{name}-redacted").get_text()


def test_a_comment_with_nothing_to_take_out_is_saved_as_written_with_no_note(client, campaign):
    page = _to_the_comment_page(client, "en")
    name = page.soup.select_one("textarea")["name"]
    submit(client, page, {name: "Seeing my brother more, two or three times a week.", "action": "later"})
    assert "Seeing my brother more, two or three times a week." in _stored_row()
    again = get_page(client, page.response.request.path)
    assert again.soup.select_one(f"#{name}-redacted") is None


def test_unsaved_free_text_carried_across_a_language_switch_is_redacted_in_the_cookie(app, client, campaign):
    page = _to_the_comment_page(client, "en")
    name = page.soup.select_one("textarea")["name"]
    fields = {name: PLANTED, "action": "switch"}
    fields["life_score"] = "11"  # a problem on the page: its input is kept, unsaved, in the cookie
    switched = submit(client, page, fields)
    assert switched.lang == "cy"
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    session = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    shown = switched.soup.select_one("textarea").get_text()
    assert "[name]" in shown  # the kept input came back, redacted
    carried = str(session) + _stored_row() + shown
    for trace in PLANTED_TRACES:
        assert trace not in carried, f"{trace!r} was kept"

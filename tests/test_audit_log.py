"""The audit log page: staff actions only, newest first, 50 a page, one authority's unless national."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Authority
from survey_app.staff.audit_log import ACTION_NAMES
from survey_app.store import audit
from tests.conftest import HOME_AUTHORITY, OTHER_AUTHORITY, create_user, get_page, sign_in

START = datetime(2026, 1, 15, 9, 30)  # winter: Welsh clocks on GMT, the same as UTC


def authority_id(code: str) -> int:
    return db.session.scalar(select(Authority.id).filter_by(ons_code=code))


def add_events(
    count: int, code: str = HOME_AUTHORITY, action: str = "campaign_changed", prefix: str = "c"
) -> None:
    """`count` events a minute apart, the last the newest."""
    for number in range(count):
        db.session.add(
            AuditEvent(
                at=START + timedelta(minutes=number),
                actor="officer@rct.example",
                authority_id=authority_id(code),
                action=action,
                target=f"{prefix}-{number}",
                detail={},
            )
        )
    db.session.commit()


def rows(page) -> list[list[str]]:
    return [
        [cell.get_text(strip=True) for cell in row.select("td")] for row in page.soup.select("main tbody tr")
    ]


@pytest.fixture()
def admin(client):
    create_user("admin@rct.example", "admin")
    sign_in(client, "admin@rct.example")
    db.session.execute(AuditEvent.__table__.delete())  # forget the sign-in, for exact pages
    db.session.commit()
    return client


def test_every_action_has_a_name():
    assert set(ACTION_NAMES) == set(audit.ACTIONS)


def test_the_log_says_what_it_holds_and_shows_newest_first_in_both_languages(admin):
    add_events(2)
    page = get_page(admin, "/en/staff/audit/")
    assert "staff actions only. It never holds respondents' answers" in page.main_text()
    assert rows(page) == [
        ["15 Jan 2026, 09:31", "officer@rct.example", "Campaign changed", "c-1", "Rhondda Cynon Taf"],
        ["15 Jan 2026, 09:30", "officer@rct.example", "Campaign changed", "c-0", "Rhondda Cynon Taf"],
    ]
    welsh = get_page(admin, "/cy/staff/audit/")
    assert "Nid yw byth yn cynnwys atebion ymatebwyr" in welsh.main_text()
    assert rows(welsh)[0] == [
        "15 Ion 2026, 09:31",
        "officer@rct.example",
        "Ymgyrch wedi'i newid",
        "c-1",
        "Rhondda Cynon Taf",
    ]


def test_another_authoritys_events_are_not_shown(admin, app):
    add_events(1, HOME_AUTHORITY, prefix="home")
    add_events(1, OTHER_AUTHORITY, prefix="cardiff")
    assert [row[3] for row in rows(get_page(admin, "/en/staff/audit/"))] == ["home-0"]
    # The national coordinator reads the national log (actions belonging to no authority) only.
    national = app.test_client()
    create_user("national@wales.example", "national")
    sign_in(national, "national@wales.example")
    shown = rows(get_page(national, "/en/staff/audit/"))
    assert [(row[2], row[3], row[4]) for row in shown] == [
        ("Signed in", "national@wales.example", "All of Wales")
    ]


def test_fifty_a_page_and_bad_page_numbers(admin):
    add_events(120)
    first = get_page(admin, "/en/staff/audit/")
    assert len(rows(first)) == 50 and rows(first)[0][3] == "c-119"
    assert "Page 1 of 3" in first.main_text()
    older = first.soup.select_one("a[rel=next]")["href"]
    third = get_page(admin, get_page(admin, older).soup.select_one("a[rel=next]")["href"])
    assert [row[3] for row in rows(third)] == [f"c-{n}" for n in range(19, -1, -1)]
    assert third.soup.select_one("a[rel=next]") is None
    # Not a number, or below 1: the first page. Past the last page: not found.
    for bad in ("x", "0", "-3", ""):
        assert rows(get_page(admin, f"/en/staff/audit/?page={bad}"))[0][3] == "c-119"
    get_page(admin, "/en/staff/audit/?page=4", status=404)


def test_filter_by_action_keeps_the_filter_across_pages(admin):
    add_events(60, action="codes_made", prefix="codes")
    add_events(3, action="downloaded", prefix="download")
    page = get_page(admin, "/en/staff/audit/?action=codes_made")
    assert {row[2] for row in rows(page)} == {"Access codes made"} and len(rows(page)) == 50
    assert page.soup.select_one("option[value=codes_made]").has_attr("selected")
    second = get_page(admin, page.soup.select_one("a[rel=next]")["href"])
    assert len(rows(second)) == 10 and {row[2] for row in rows(second)} == {"Access codes made"}
    # An action that does not exist shows everything.
    assert len(rows(get_page(admin, "/en/staff/audit/?action=nonsense"))) == 50


def test_who_may_read_the_log(client):
    create_user("officer@rct.example", "officer")
    sign_in(client, "officer@rct.example")
    assert client.get("/en/staff/audit/").status_code == 403

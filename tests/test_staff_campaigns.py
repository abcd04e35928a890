"""Campaigns for participation officers: set one up, its page, access codes and their printed sheet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AccessCode, AccessCodeBatch, AuditEvent, Campaign
from tests.conftest import (
    create_campaign,
    create_response,
    create_user,
    create_version,
    get_page,
    sign_in,
    submit,
)


@pytest.fixture()
def officer(app, client):
    create_user("officer@rct.example", "officer")
    return sign_in(client, "officer@rct.example")


def new_campaign_data(version_id: int, **changes) -> dict:
    data = {
        "version": str(version_id),
        "opens_on": date.today().isoformat(),
        "closes_on": (date.today() + timedelta(days=28)).isoformat(),
        "access": "codes",
        "slug": "",
    }
    data.update(changes)
    return data


def test_an_officer_sets_up_a_campaign_for_their_own_authority(client, officer, short_8_10):
    version = create_version(short_8_10)
    page = get_page(client, "/en/staff/campaigns/new")
    assert "Rhondda Cynon Taf" in page.main_text()
    # No questionnaire is chosen until the officer chooses one.
    assert not page.soup.select("#version option[selected]")
    page = submit(client, page, new_campaign_data(version.id))
    assert "The campaign has been set up." in page.main_text()
    campaign = db.session.scalar(select(Campaign))
    assert campaign.authority.ons_code == "W06000016" and campaign.access == "codes"
    assert campaign.slug == f"rhondda-cynon-taf-{version.questionnaire_id}-{date.today():%Y-%m}"
    # Its page: both links, a QR code for each, totals, the window.
    assert page.soup.select_one(f'a[href$="/cy/s/{campaign.slug}"]') is not None
    assert page.soup.select_one(f'a[href$="/en/s/{campaign.slug}"]') is not None
    assert len(page.soup.select(".qr svg")) == 2
    event = db.session.scalar(select(AuditEvent).filter_by(action="campaign_opened"))
    assert event.actor == "officer@rct.example" and event.target == campaign.slug


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closes_on": (date.today() - timedelta(days=1)).isoformat()}, "closes_on", "cannot be in the past"),
        (
            {
                "opens_on": (date.today() + timedelta(days=9)).isoformat(),
                "closes_on": (date.today() + timedelta(days=2)).isoformat(),
            },
            "closes_on",
            "on or after the opening day",
        ),
        ({"opens_on": "15/01/2027"}, "opens_on", "like 2027-01-15"),
        ({"access": ""}, "access", "Choose how people get in."),
        ({"version": ""}, "version", "Choose a questionnaire."),
        ({"slug": "Not A Slug!"}, "slug", "small letters, numbers and hyphens"),
    ],
)
def test_a_wrong_campaign_form_says_what_is_wrong_and_keeps_what_was_typed(
    client, officer, short_8_10, changes, field, message
):
    version = create_version(short_8_10)
    page = get_page(client, "/en/staff/campaigns/new")
    data = new_campaign_data(version.id, **changes)
    page = submit(client, page, data)
    assert page.status == 400
    assert page.soup.select_one(f'.error-summary a[href="#{field}"]').get_text(strip=True).find(message) >= 0
    assert db.session.scalar(select(Campaign)) is None
    if field != "version":
        assert page.soup.select_one(f'#version option[value="{version.id}"]').has_attr("selected")


def test_the_campaign_form_speaks_welsh(client, officer, short_8_10):
    version = create_version(short_8_10)
    page = get_page(client, "/cy/staff/campaigns/new")
    page = submit(client, page, new_campaign_data(version.id, access=""))
    assert page.lang == "cy" and "Dewiswch sut mae pobl yn cael mynediad." in page.main_text()


def test_a_taken_web_address_name_is_refused(client, officer, short_8_10):
    version = create_version(short_8_10)
    create_campaign(version, slug="taken-name")
    page = get_page(client, "/en/staff/campaigns/new")
    page = submit(client, page, new_campaign_data(version.id, slug="taken-name"))
    assert page.status == 400 and "already used" in page.main_text()


def test_totals_count_responses_without_showing_any_answer(client, officer, short_8_10):
    version = create_version(short_8_10)
    campaign = create_campaign(version)
    for _ in range(4):
        create_response(campaign, {})
    unfinished = create_response(campaign, {})
    unfinished.status, unfinished.submitted_on = "partial", None
    db.session.commit()
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    totals = dict(
        zip(
            [dt.get_text(strip=True) for dt in page.soup.select("h2 + p + dl dt")],
            [dd.get_text(strip=True) for dd in page.soup.select("h2 + p + dl dd")],
            strict=True,
        )
    )
    # Counts under K (10) never show exactly: see tests/test_counters.py.
    assert totals == {"Sent": "fewer than 10", "Answered on paper": "0", "Started, not sent": "fewer than 10"}


def test_codes_download_a_sheet_and_a_code_from_it_starts_the_survey(client, officer, short_8_10, app):
    version = create_version(short_8_10)
    campaign = create_campaign(version)
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    form = page.soup.select_one("form[action$='/codes']")
    token = form.select_one("input[name=csrf_token]")["value"]
    response = client.post(form["action"], data={"csrf_token": token, "count": "30", "sheet_lang": "both"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    assert db.session.scalar(select(Campaign)).access == "codes"
    batch = db.session.scalar(select(AccessCodeBatch))
    assert batch.size == 30
    assert len(db.session.scalars(select(AccessCode).filter_by(batch_id=batch.id)).all()) == 30
    event = db.session.scalar(select(AuditEvent).filter_by(action="codes_made"))
    assert event.detail == {"batch": batch.id, "count": 30, "sheet": "both"}
    # No code is stored or logged in a form that can be read back.
    assert all(len(row.code_hash) == 64 for row in db.session.scalars(select(AccessCode)))


def test_a_code_on_a_slip_starts_the_survey_once(client, officer, short_8_10, app, monkeypatch):
    from survey_app.staff import code_sheets

    captured = {}

    def keep_codes(campaign, codes, sheet_lang):
        captured["codes"] = codes
        return b"%PDF-1.7 test"

    monkeypatch.setattr(code_sheets, "code_sheet_pdf", keep_codes)
    version = create_version(short_8_10)
    campaign = create_campaign(version)
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    form = page.soup.select_one("form[action$='/codes']")
    token = form.select_one("input[name=csrf_token]")["value"]
    client.post(form["action"], data={"csrf_token": token, "count": "2", "sheet_lang": "cy"})
    code = captured["codes"][0]
    with app.test_request_context():
        link = code_sheets.survey_link(campaign.slug, "cy", code)
    child = app.test_client()
    opened = child.get(link.replace("http://localhost", ""))
    assert opened.status_code == 302 and "code=" not in opened.headers["Location"]
    intro = get_page(child, opened.headers["Location"])
    assert intro.soup.select_one("#access-code")["value"].replace("-", "") == code.replace("-", "")
    started = submit(child, intro, {"access_code": code, "action": "start"}, form_selector="main form")
    assert started.status == 200 and "/s/" in started.response.request.path
    again = get_page(app.test_client(), f"/cy/s/{campaign.slug}")
    refused = submit(app.test_client(), again, {"access_code": code, "action": "start"})
    assert refused.status == 400


def test_a_lost_batch_can_be_withdrawn(client, officer, short_8_10, app, monkeypatch):
    from survey_app.staff import code_sheets

    captured = {}
    monkeypatch.setattr(
        code_sheets,
        "code_sheet_pdf",
        lambda campaign, codes, lang: captured.setdefault("codes", codes) and b"%PDF",
    )
    version = create_version(short_8_10)
    campaign = create_campaign(version)
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    form = page.soup.select_one("form[action$='/codes']")
    client.post(
        form["action"],
        data={
            "csrf_token": form.select_one("input[name=csrf_token]")["value"],
            "count": "3",
            "sheet_lang": "en",
        },
    )
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    confirm = get_page(client, page.soup.select_one("a[href*='/withdraw']")["href"])
    assert "cannot be undone" in confirm.main_text() and "with 3 codes. Codes used: 0." in confirm.main_text()
    assert db.session.scalar(select(AccessCodeBatch)).withdrawn is False  # nothing until confirmed
    page = submit(client, confirm, {})
    assert "withdrawn" in page.main_text()
    intro = get_page(app.test_client(), f"/en/s/{campaign.slug}")
    assert (
        submit(app.test_client(), intro, {"access_code": captured["codes"][0], "action": "start"}).status
        == 400
    )


def test_too_many_codes_are_refused_with_a_message(client, officer, short_8_10):
    version = create_version(short_8_10)
    campaign = create_campaign(version)
    page = get_page(client, f"/cy/staff/campaigns/{campaign.slug}")
    page = submit(client, page, {"count": "5000", "sheet_lang": "cy"}, form_selector="form[action$='/codes']")
    assert page.status == 400 and "o 1 i 300" in page.main_text()
    page = submit(client, page, {"count": "12.5", "sheet_lang": "cy"}, form_selector="form[action$='/codes']")
    assert page.status == 400 and "o 1 i 300" in page.main_text()
    assert db.session.scalar(select(AccessCodeBatch)) is None


def test_an_analyst_sees_the_campaign_but_cannot_make_codes(client, app, short_8_10):
    create_user("analyst@rct.example", "analyst")
    sign_in(client, "analyst@rct.example")
    version = create_version(short_8_10)
    campaign = create_campaign(version)
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    assert page.soup.select_one("form[action$='/codes']") is None
    assert client.get("/en/staff/campaigns/new").status_code == 403


def test_changing_the_dates_is_logged(client, officer, short_8_10):
    version = create_version(short_8_10)
    campaign = create_campaign(version)
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}/change")
    closes = (date.today() + timedelta(days=60)).isoformat()
    page = submit(
        client, page, {"opens_on": campaign.opens_on.isoformat(), "closes_on": closes, "access": "open"}
    )
    assert "The campaign has been changed." in page.main_text()
    assert db.session.scalar(select(Campaign)).closes_on.isoformat() == closes
    assert db.session.scalar(select(AuditEvent).filter_by(action="campaign_changed")) is not None


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_closing_is_final_a_closed_campaign_cannot_be_reopened(client, officer, short_8_10, lang):
    """The audit's B2: re-opening a closed campaign took its answers out of results again."""
    version = create_version(short_8_10)
    closed = date.today() - timedelta(days=1)
    campaign = create_campaign(version, opens_on=closed - timedelta(days=7), closes_on=closed)
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}")
    assert page.soup.select_one("a[href$='/change']") is None
    assert page.soup.select_one("#closed-final") is not None
    refused = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/change", status=409)
    message = refused.soup.select_one("#refused").get_text(" ", strip=True)
    if lang == "en":
        assert "Closing is final" in message and "set up a new campaign" in refused.main_text()
    else:
        assert "Mae cau yn derfynol" in message and "sefydlwch ymgyrch newydd" in refused.main_text()
    assert refused.soup.select_one("main form[action$='/change']") is None
    # A form sent anyway (say, from a page left open since before it closed) changes nothing.
    token_page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}")
    token = token_page.soup.select_one("input[name=csrf_token]")["value"]
    reopened = client.post(
        f"/{lang}/staff/campaigns/{campaign.slug}/change",
        data={
            "csrf_token": token,
            "opens_on": campaign.opens_on.isoformat(),
            "closes_on": (date.today() + timedelta(days=3)).isoformat(),
            "access": "codes",
        },
    )
    assert reopened.status_code == 409
    db.session.expire_all()
    kept = db.session.scalar(select(Campaign))
    assert kept.closes_on == closed and kept.access == "open"
    assert db.session.scalar(select(AuditEvent).filter_by(action="campaign_changed")) is None
    # Nor can codes be made for it: the page says so and offers no form; a form sent anyway is refused.
    assert token_page.soup.select_one("#closed-no-codes") is not None
    assert token_page.soup.select_one("form[action$='/codes']") is None
    made = client.post(
        f"/{lang}/staff/campaigns/{campaign.slug}/codes",
        data={"csrf_token": token, "count": "5", "sheet_lang": "both"},
    )
    assert made.status_code == 409
    db.session.expire_all()
    assert db.session.scalar(select(Campaign)).access == "open"


def test_a_campaign_closing_today_can_still_be_changed(client, officer, short_8_10):
    version = create_version(short_8_10)
    campaign = create_campaign(version, opens_on=date.today() - timedelta(days=3), closes_on=date.today())
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    assert page.soup.select_one("a[href$='/change']") is not None
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}/change")
    closes = (date.today() + timedelta(days=5)).isoformat()
    page = submit(
        client, page, {"opens_on": campaign.opens_on.isoformat(), "closes_on": closes, "access": "codes"}
    )
    assert db.session.scalar(select(Campaign)).closes_on.isoformat() == closes

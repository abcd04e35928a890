"""Retention: archiving a closed campaign (in the browser and by the daily command), what it deletes and
keeps, and what an archived campaign can no longer do."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.cli.retention import retention_group
from survey_app.extensions import db
from survey_app.models import AccessCode, AccessCodeBatch, AuditEvent, Campaign, Response
from survey_app.respond import codes
from survey_app.results.periods import period_of
from survey_app.store import access_codes, retention
from tests.conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_response,
    create_user,
    create_version,
    get_page,
    sign_in,
    submit,
)

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def closed_campaign(
    version, slug="rct-closed", authority_code=HOME_AUTHORITY, closes_on=YESTERDAY
) -> Campaign:
    return create_campaign(
        version,
        slug=slug,
        authority_code=authority_code,
        opens_on=closes_on - timedelta(days=30),
        closes_on=closes_on,
    )


def add_partial(campaign: Campaign, resume_code: str | None = None, updated_on: date = TODAY) -> Response:
    """An unfinished response, carried on by a browser and (optionally) a resume code."""
    response = Response(
        campaign=campaign,
        authority=campaign.authority,
        token_hash=codes.hash_code(f"browser-{resume_code or id(campaign)}-{updated_on}"),
        resume_hash=codes.hash_code(resume_code) if resume_code else None,
        language="cy",
        status="partial",
        answers={"safe_at_home": "all_the_time"},
        last_page=1,
        started_on=updated_on,
        updated_on=updated_on,
    )
    db.session.add(response)
    db.session.commit()
    return response


def add_codes(campaign: Campaign, count: int, used: int) -> list[str]:
    batch = AccessCodeBatch(campaign=campaign, made_on=campaign.opens_on, size=count)
    db.session.add(batch)
    made = access_codes.create(campaign, count, batch)
    campaign.access = "codes"
    db.session.commit()
    for code in made[:used]:
        assert access_codes.redeem(campaign, codes.normalise(code, codes.ACCESS_LENGTH) or "")
    return made


def csrf_token(page) -> str:
    """The CSRF token every staff page carries (in its sign-out form)."""
    return page.soup.select_one("form.sign-out input[name=csrf_token]")["value"]


def count(model, **where) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0)


@pytest.fixture()
def version(app, short_8_10):
    return create_version(short_8_10)


@pytest.fixture()
def officer(app, client):
    create_user("officer@rct.example", "officer")
    return sign_in(client, "officer@rct.example")


# --- archiving in the browser ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_officer_archives_a_closed_campaign_after_confirming(client, officer, version, lang):
    campaign = closed_campaign(version)
    for _ in range(3):
        create_response(campaign, {"safe_at_home": "all_the_time"})
    add_partial(campaign, resume_code="K7QMRXD9HTA2")
    add_codes(campaign, 5, used=2)

    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}")
    link = page.soup.select_one("a[href$='/archive']")
    assert link is not None
    confirm = get_page(client, link["href"])
    assert confirm.lang == lang
    if lang == "en":
        text = confirm.main_text()
        assert "cannot be undone" in text
        # Counts of responses and used codes under K never show exactly (tests/test_counters.py).
        assert "Unfinished responses (started, not sent), with their resume codes: fewer than 10." in text
        assert "Every unused access code: a printed slip with one will never work again." in text
        assert "Every response that was sent" in text
    else:
        assert "gyda'u codau i barhau: llai na 10." in confirm.main_text()
    # Nothing happens until the officer confirms.
    assert db.session.get(Campaign, campaign.id).archived_on is None
    assert count(Response, status="partial") == 1

    done = submit(client, confirm, {})
    assert done.status == 200 and done.response.request.path == f"/{lang}/staff/campaigns/{campaign.slug}"
    assert done.soup.select_one("#archived") is not None
    if lang == "en":
        assert f"archived on {TODAY.strftime('%-d %B %Y')}" in done.main_text()
    assert db.session.get(Campaign, campaign.id).archived_on == TODAY
    # No way left on the page to change it, make codes, withdraw them or archive it again.
    assert done.soup.select_one("a[href$='/change']") is None
    assert done.soup.select_one("form[action$='/codes']") is None
    assert done.soup.select_one("a[href*='/withdraw']") is None
    assert done.soup.select_one("a[href$='/archive']") is None
    event = db.session.scalar(select(AuditEvent).filter_by(action="campaign_archived"))
    assert event.actor == "officer@rct.example" and event.target == campaign.slug
    assert event.detail["unfinished_deleted"] == 1 and event.detail["unused_codes_deleted"] == 3
    assert event.detail["automatic"] is False and event.detail["archived_on"] == TODAY.isoformat()


def test_archiving_needs_the_csrf_token(client, officer, version):
    campaign = closed_campaign(version)
    response = client.post(f"/en/staff/campaigns/{campaign.slug}/archive", data={})
    assert response.status_code == 400
    assert db.session.get(Campaign, campaign.id).archived_on is None


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_open_or_future_campaign_cannot_be_archived(client, officer, version, lang):
    still_open = create_campaign(version, slug="still-open")
    add_partial(still_open)
    future = create_campaign(
        version, slug="not-yet", opens_on=TODAY + timedelta(days=5), closes_on=TODAY + timedelta(days=20)
    )
    for campaign in (still_open, future):
        page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}")
        assert page.soup.select_one("a[href$='/archive']") is None
        asked = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/archive")
        assert asked.soup.select_one("#refused") is not None
        assert asked.soup.select_one("main form") is None
        refused = client.post(
            f"/{lang}/staff/campaigns/{campaign.slug}/archive", data={"csrf_token": csrf_token(page)}
        )
        assert refused.status_code == 409
        text = refused.get_data(as_text=True)
        if lang == "en":
            assert "has not closed, so it cannot be archived" in text
        else:
            assert "heb gau, felly does dim modd ei harchifo" in text
        assert db.session.get(Campaign, campaign.id).archived_on is None
    assert count(Response, status="partial") == 1
    assert db.session.scalar(select(AuditEvent).filter_by(action="campaign_archived")) is None


def test_another_authoritys_officer_gets_not_found_and_an_analyst_is_refused(app, version):
    campaign = closed_campaign(version)
    create_user("officer@cardiff.example", "officer", OTHER_AUTHORITY)
    create_user("analyst@rct.example", "analyst")
    cardiff = app.test_client()
    page = sign_in(cardiff, "officer@cardiff.example")
    url = f"/en/staff/campaigns/{campaign.slug}/archive"
    assert cardiff.get(url).status_code == 404
    assert cardiff.post(url, data={"csrf_token": csrf_token(page)}).status_code == 404
    analyst = app.test_client()
    page = sign_in(analyst, "analyst@rct.example")
    assert analyst.get(url).status_code == 403
    assert analyst.post(url, data={"csrf_token": csrf_token(page)}).status_code == 403
    seen = get_page(analyst, f"/en/staff/campaigns/{campaign.slug}")
    assert seen.soup.select_one("a[href$='/archive']") is None
    assert db.session.get(Campaign, campaign.id).archived_on is None


def test_the_coordinator_archives_a_campaign_run_across_wales_and_councils_cannot(app, version):
    national = closed_campaign(version, slug="cymru-closed", authority_code=None)
    councils = closed_campaign(version, slug="rct-closed")
    create_user("officer@rct.example", "officer")
    create_user("national@wales.example", "national", None)
    officer = app.test_client()
    page = sign_in(officer, "officer@rct.example")
    assert (
        officer.post(
            "/en/staff/campaigns/cymru-closed/archive", data={"csrf_token": csrf_token(page)}
        ).status_code
        == 404
    )
    coordinator = app.test_client()
    sign_in(coordinator, "national@wales.example", lang="cy")
    assert coordinator.get("/cy/staff/campaigns/rct-closed/archive").status_code == 404
    confirm = get_page(coordinator, "/cy/staff/campaigns/cymru-closed/archive")
    done = submit(coordinator, confirm, {})
    assert done.lang == "cy" and done.soup.select_one("#archived") is not None
    assert db.session.get(Campaign, national.id).archived_on == TODAY
    assert db.session.get(Campaign, councils.id).archived_on is None
    event = db.session.scalar(select(AuditEvent).filter_by(action="campaign_archived"))
    assert event.authority_id is None and event.actor == "national@wales.example"


def test_archiving_twice_is_refused_and_changes_nothing(client, officer, version):
    campaign = closed_campaign(version)
    confirm = get_page(client, f"/en/staff/campaigns/{campaign.slug}/archive")
    submit(client, confirm, {})
    again = client.post(
        f"/en/staff/campaigns/{campaign.slug}/archive", data={"csrf_token": csrf_token(confirm)}
    )
    assert again.status_code == 409 and "already archived" in again.get_data(as_text=True)
    assert count(AuditEvent, action="campaign_archived") == 1


# --- what is deleted, what is kept -------------------------------------------------------------------

COUNCILS = {  # council -> (feel safe at home: yes, no), each with a comment
    HOME_AUTHORITY: (30, 10),
    OTHER_AUTHORITY: (12, 18),
    "W06000001": (12, 18),
    "W06000002": (12, 18),
    "W06000003": (11, 19),
}


def test_archiving_deletes_unfinished_answers_and_codes_and_keeps_every_figure(app, version):
    campaign = closed_campaign(version, slug="cymru-closed", authority_code=None)
    comments = ["More contact with my family please", "My social worker listens to me"]
    for code, (yes, no) in COUNCILS.items():
        for number, answer in enumerate(["all_the_time"] * yes + ["hardly_ever"] * no):
            create_response(
                campaign,
                {"safe_at_home": answer, "life_score": "7", "make_care_better": comments[number % 2]},
                authority_code=code,
            )
    add_partial(campaign, resume_code="K7QMRXD9HTA2")
    add_partial(campaign)
    made = add_codes(campaign, 6, used=2)
    other = create_campaign(version, slug="still-open")
    kept_partial = add_partial(other, resume_code="M3RT9KQX2HZA")
    other_codes = add_codes(other, 2, used=0)

    create_user("analyst@rct.example", "analyst")
    create_user("national@wales.example", "national", None)
    analyst = app.test_client()
    sign_in(analyst, "analyst@rct.example")
    coordinator = app.test_client()
    sign_in(coordinator, "national@wales.example")
    period = period_of(campaign.closes_on)
    pages = [
        (analyst, f"/en/staff/results/{period}/child-8-10"),
        (analyst, f"/cy/staff/results/{period}/child-8-10"),
        (coordinator, f"/en/staff/results/{period}/child-8-10"),
        (analyst, f"/en/staff/themes/{period}/child-8-10"),
        (analyst, f"/en/staff/kite-mark/{period}/{HOME_AUTHORITY}"),
    ]
    before = [get_page(who, url).main_text() for who, url in pages]
    download = analyst.get(f"/en/staff/results/{period}/child-8-10/download.csv").data
    assert "75%" in before[0]  # the council's figure is there to compare
    respondent_before = get_page(app.test_client(), f"/en/s/{campaign.slug}", status=410).main_text()

    done = retention.archive_campaign(campaign, TODAY)
    db.session.expire_all()

    assert (done.partial_responses, done.unused_codes) == (2, 4)
    # Unfinished answers and their resume codes are gone; every sent response is kept as it was.
    assert count(Response, campaign_id=campaign.id, status="partial") == 0
    assert count(Response, campaign_id=campaign.id, status="complete") == sum(map(sum, COUNCILS.values()))
    assert db.session.scalar(select(Response).filter_by(resume_hash=codes.hash_code("K7QMRXD9HTA2"))) is None
    # Unused codes are gone; used ones stay counted but no printed code matches any hash any more.
    assert access_codes.counts(campaign) == (2, 2)
    for code in made:
        digest = codes.hash_code(codes.normalise(code, codes.ACCESS_LENGTH) or "")
        assert db.session.scalar(select(AccessCode).filter_by(code_hash=digest)) is None
    assert count(AccessCodeBatch, campaign_id=campaign.id) == 1
    # Another campaign's unfinished answers and codes are untouched.
    assert db.session.get(Response, kept_partial.id).resume_hash == codes.hash_code("M3RT9KQX2HZA")
    assert access_codes.counts(other) == (len(other_codes), 0)

    after = [get_page(who, url).main_text() for who, url in pages]
    assert after == before
    assert analyst.get(f"/en/staff/results/{period}/child-8-10/download.csv").data == download
    respondent_after = get_page(app.test_client(), f"/en/s/{campaign.slug}", status=410).main_text()
    assert respondent_after == respondent_before


# --- what an archived campaign can no longer do ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_archived_campaign_cannot_be_reopened_changed_or_given_codes(client, officer, version, lang):
    campaign = closed_campaign(version)
    add_codes(campaign, 3, used=1)
    retention.archive_campaign(campaign, TODAY)
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}")
    token = csrf_token(page)

    change = client.get(f"/{lang}/staff/campaigns/{campaign.slug}/change")
    assert change.status_code == 409
    reopen = client.post(
        f"/{lang}/staff/campaigns/{campaign.slug}/change",
        data={
            "csrf_token": token,
            "opens_on": campaign.opens_on.isoformat(),
            "closes_on": (TODAY + timedelta(days=30)).isoformat(),
            "access": "open",
        },
    )
    assert reopen.status_code == 409
    made = client.post(
        f"/{lang}/staff/campaigns/{campaign.slug}/codes",
        data={"csrf_token": token, "count": "5", "sheet_lang": "both"},
    )
    assert made.status_code == 409 and made.mimetype == "text/html"
    batch = db.session.scalar(select(AccessCodeBatch))
    withdrawn = client.post(
        f"/{lang}/staff/campaigns/{campaign.slug}/codes/{batch.id}/withdraw", data={"csrf_token": token}
    )
    assert withdrawn.status_code == 409
    texts = [each.get_data(as_text=True) for each in (change, reopen, made, withdrawn)]
    if lang == "en":
        assert all("was archived on" in text for text in texts)
        assert "cannot be reopened" in texts[1] and "No access codes can be made" in texts[2]
    else:
        assert all("wedi'i harchifo" in text for text in texts)
    db.session.expire_all()
    found = db.session.get(Campaign, campaign.id)
    assert found.closes_on == YESTERDAY and found.access == "codes"
    assert count(AccessCodeBatch) == 1 and access_codes.counts(found) == (1, 1)
    assert db.session.get(AccessCodeBatch, batch.id).withdrawn is False
    assert count(AuditEvent, action="campaign_changed") == 0 and count(AuditEvent, action="codes_made") == 0
    # Its link still says, in the respondent's language, that the survey has closed.
    closed = get_page(client, f"/{lang}/s/{campaign.slug}", status=410)
    assert closed.lang == lang


def test_the_codes_store_refuses_an_archived_campaign(app, version):
    campaign = closed_campaign(version)
    retention.archive_campaign(campaign, TODAY)
    with pytest.raises(access_codes.CampaignArchived):
        access_codes.create(campaign, 3)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_lists_show_current_campaigns_first_and_archived_ones_apart(client, officer, version, lang):
    old = closed_campaign(version, slug="rct-old", closes_on=TODAY - timedelta(days=200))
    closed_campaign(version, slug="rct-recent")
    create_campaign(version, slug="rct-open")
    retention.archive_campaign(old, TODAY)
    page = get_page(client, f"/{lang}/staff/campaigns/")
    current = page.soup.select_one("#current-campaigns").get_text(" ", strip=True)
    archived = page.soup.select_one("#archived-campaigns")
    assert "rct-open" in current and "rct-recent" in current and "rct-old" not in current
    assert archived is not None and "rct-old" in archived.get_text(" ", strip=True)
    # The archived section comes after the current campaigns.
    html = str(page.soup.select_one("main"))
    assert html.index("current-campaigns") < html.index("archived-campaigns")
    heading = archived.select_one("h2").get_text(strip=True)
    assert heading == ("Archived campaigns" if lang == "en" else "Ymgyrchoedd wedi'u harchifo")


# --- the daily command -----------------------------------------------------------------------------


def test_the_daily_command_archives_only_campaigns_closed_long_enough(app, runner, version):
    long_closed = closed_campaign(version, slug="closed-91-days", closes_on=TODAY - timedelta(days=91))
    just_inside = closed_campaign(version, slug="closed-90-days", closes_on=TODAY - timedelta(days=90))
    recent = closed_campaign(version, slug="closed-yesterday")
    still_open = create_campaign(version, slug="still-open")
    create_response(long_closed, {"safe_at_home": "all_the_time"})
    add_partial(long_closed, updated_on=TODAY - timedelta(days=95))  # expired: the purge takes it
    add_partial(long_closed, updated_on=TODAY - timedelta(days=91), resume_code="K7QMRXD9HTA2")
    add_codes(long_closed, 4, used=1)
    fresh = add_partial(still_open)
    stale = add_partial(still_open, updated_on=TODAY - timedelta(days=40))
    app.config["LLEISIAU_PARTIAL_DAYS"] = 92

    result = runner.invoke(retention_group, ["run"])
    assert result.exit_code == 0, result.output
    assert "1 unfinished response(s) not saved for 92 days deleted." in result.output
    assert "1 campaign(s) closed more than 90 days ago archived: closed-91-days." in result.output
    assert "deleted 1 more unfinished response(s) and 3 unused access code(s)" in result.output
    db.session.expire_all()
    assert db.session.get(Campaign, long_closed.id).archived_on == TODAY
    for untouched in (just_inside, recent, still_open):
        assert db.session.get(Campaign, untouched.id).archived_on is None
    assert count(Response, campaign_id=long_closed.id, status="complete") == 1
    assert count(Response, campaign_id=long_closed.id, status="partial") == 0
    assert db.session.get(Response, fresh.id) is not None and db.session.get(Response, stale.id) is not None
    event = db.session.scalar(select(AuditEvent).filter_by(action="campaign_archived"))
    assert event.actor == "command line" and event.detail["automatic"] is True
    assert event.authority_id == long_closed.authority_id

    again = runner.invoke(retention_group, ["run"])
    assert again.exit_code == 0
    assert "0 unfinished response(s)" in again.output and "No campaign closed more than 90" in again.output
    assert count(AuditEvent, action="campaign_archived") == 1


def test_the_daily_command_follows_the_configured_days(app, runner, version):
    closed_campaign(version, slug="closed-31-days", closes_on=TODAY - timedelta(days=31))
    closed_campaign(version, slug="closed-29-days", closes_on=TODAY - timedelta(days=29))
    app.config["LLEISIAU_ARCHIVE_DAYS"] = 30
    result = runner.invoke(retention_group, ["run"])
    assert result.exit_code == 0, result.output
    assert "1 campaign(s) closed more than 30 days ago archived: closed-31-days." in result.output
    archived = db.session.scalars(select(Campaign.slug).where(Campaign.archived_on.is_not(None))).all()
    assert archived == ["closed-31-days"]

"""You said, we will: after a campaign closes, staff write what they will do, and its link shows it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from survey_app.extensions import db
from survey_app.models import AuditEvent, Authority, Campaign, YouSaidWeWill
from survey_app.store import you_said as you_said_store
from tests.conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_user,
    create_version,
    get_page,
    sign_in,
    submit,
)

VALE = "W06000014"  # Vale of Glamorgan / Bro Morgannwg: first in Welsh, last in English of the three
STATEMENT = {
    "text_cy": "Byddwn ni'n gofyn i bob gweithiwr cymdeithasol ateb o fewn diwrnod.\r\n\r\nAil baragraff.",
    "text_en": "We will ask every social worker to answer within a day.\r\n\r\nSecond paragraph <b>bold?</b>",
}
NOT_CLOSED_EN = "You can write this once the campaign has closed."


@pytest.fixture(autouse=True)
def no_statements_left(app):
    """Statements go with each test (the shared fixture clears campaigns, which they point at)."""
    yield
    db.session.rollback()
    db.session.execute(delete(YouSaidWeWill))
    db.session.commit()


def closed_campaign(
    version, slug: str = "rct-closed", authority_code: str | None = HOME_AUTHORITY
) -> Campaign:
    yesterday = date.today() - timedelta(days=1)
    return create_campaign(
        version,
        slug=slug,
        authority_code=authority_code,
        opens_on=yesterday - timedelta(days=20),
        closes_on=yesterday,
    )


def signed_in(app, email: str, role: str, authority_code: str | None = HOME_AUTHORITY):
    create_user(email, role, authority_code)
    client = app.test_client()
    sign_in(client, email)
    return client


def csrf_token(page) -> str:
    return page.soup.select_one("form.sign-out input[name=csrf_token]")["value"]


def write(client, slug: str, lang: str = "en", **texts: str):
    page = get_page(client, f"/{lang}/staff/campaigns/{slug}/you-said")
    return submit(client, page, {**STATEMENT, **texts})


def statements() -> list[YouSaidWeWill]:
    db.session.expire_all()
    return list(db.session.scalars(select(YouSaidWeWill).order_by(YouSaidWeWill.id)))


def main_paragraphs(page) -> list[str]:
    return [each.get_text(strip=True) for each in page.soup.select(".you-said p:not(.quiet)")]


def test_an_officer_writes_both_languages_and_the_closed_link_shows_the_pages_language(
    app, client, short_8_10
):
    campaign = closed_campaign(create_version(short_8_10))
    officer = signed_in(app, "officer@rct.example", "officer")
    form = get_page(officer, "/en/staff/campaigns/rct-closed/you-said")
    # Welsh first, both required, nothing written yet.
    assert [each["name"] for each in form.soup.select("main form textarea")] == ["text_cy", "text_en"]
    assert [each.get_text(strip=True) for each in form.soup.select("main form label")] == [
        "In Welsh",
        "In English",
    ]
    assert form.soup.select_one("#text_cy")["lang"] == "cy"
    page = write(officer, "rct-closed")
    assert page.status == 200 and page.response.request.path == "/en/staff/campaigns/rct-closed"
    assert "What you will do about the results has been published." in page.text()
    [saved] = statements()
    assert saved.authority.ons_code == HOME_AUTHORITY and saved.published_on == date.today()
    assert (
        saved.text_en
        == "We will ask every social worker to answer within a day.\n\nSecond paragraph <b>bold?</b>"
    )
    event = db.session.scalars(select(AuditEvent).filter_by(action="you_said_published")).one()
    assert (event.target, event.actor, event.authority_id) == (
        "rct-closed",
        "officer@rct.example",
        campaign.authority_id,
    )
    assert event.detail == {"statement": "authority", "change": "added"}

    english = get_page(client, "/en/s/rct-closed", status=410)
    assert "This survey has closed" in english.text()
    assert english.soup.select_one(".you-said h2").get_text(strip=True) == "You said, we will"
    assert main_paragraphs(english) == [
        "We will ask every social worker to answer within a day.",
        "Second paragraph <b>bold?</b>",  # shown as typed: staff text is never HTML
    ]
    assert english.soup.select(".you-said b") == [] and english.soup.select(".you-said details") == []
    assert "officer@rct.example" not in english.text()
    assert english.soup.select_one("#help .help-contacts li") is not None  # help stays on the page
    welsh = get_page(client, "/cy/s/rct-closed/1", status=410)
    assert welsh.lang == "cy"
    assert main_paragraphs(welsh) == [
        "Byddwn ni'n gofyn i bob gweithiwr cymdeithasol ateb o fewn diwrnod.",
        "Ail baragraff.",
    ]
    assert "social worker" not in welsh.main_text()


def test_the_welsh_closed_page_heads_the_statement_in_welsh(app, client, short_8_10):
    """Needs the Welsh fragment merged into the catalogue."""
    campaign = closed_campaign(create_version(short_8_10))
    you_said_store.save(campaign, campaign.authority_id, "Byddwn ni.", "We will.", date.today())
    db.session.commit()
    welsh = get_page(client, "/cy/s/rct-closed", status=410)
    assert welsh.soup.select_one(".you-said h2").get_text(strip=True) == "Dywedoch chi, fe wnawn ni"


def test_saving_again_replaces_the_statement(app, short_8_10):
    campaign = closed_campaign(create_version(short_8_10))
    you_said_store.save(campaign, campaign.authority_id, "Hen", "Old", date.today() - timedelta(days=3))
    db.session.commit()
    officer = signed_in(app, "officer@rct.example", "officer")
    form = get_page(officer, "/en/staff/campaigns/rct-closed/you-said")
    assert form.soup.select_one("#text_en").get_text().strip() == "Old"
    submit(officer, form, {"text_cy": "Newydd", "text_en": "New"})
    [saved] = statements()
    assert (saved.text_cy, saved.text_en, saved.published_on) == ("Newydd", "New", date.today())
    event = db.session.scalars(select(AuditEvent).filter_by(action="you_said_published")).one()
    assert event.detail["change"] == "replaced"


@pytest.mark.parametrize("closes_in_days", [0, 10])
def test_before_the_campaign_closes_it_cannot_be_written(app, short_8_10, closes_in_days):
    create_campaign(
        create_version(short_8_10), slug="rct-open", closes_on=date.today() + timedelta(days=closes_in_days)
    )
    officer = signed_in(app, "officer@rct.example", "officer")
    page = get_page(officer, "/en/staff/campaigns/rct-open/you-said")
    assert NOT_CLOSED_EN in page.main_text() and page.soup.select("main textarea") == []
    response = officer.post(
        "/en/staff/campaigns/rct-open/you-said", data={**STATEMENT, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 409 and NOT_CLOSED_EN in response.get_data(as_text=True)
    assert statements() == []
    assert db.session.scalars(select(AuditEvent).filter_by(action="you_said_published")).all() == []


@pytest.mark.parametrize(
    ("lang", "empty", "kept", "message"),
    [
        ("en", "text_cy", "text_en", "Write what you will do in Welsh."),
        ("en", "text_en", "text_cy", "Write what you will do in English."),
        # These two need the Welsh fragment merged into the catalogue.
        ("cy", "text_cy", "text_en", "Ysgrifennwch beth fyddwch chi'n ei wneud yn Gymraeg."),
        ("cy", "text_en", "text_cy", "Ysgrifennwch beth fyddwch chi'n ei wneud yn Saesneg."),
    ],
)
def test_an_empty_language_is_refused_and_the_other_is_kept(app, short_8_10, lang, empty, kept, message):
    closed_campaign(create_version(short_8_10))
    officer = signed_in(app, "officer@rct.example", "officer")
    page = write(officer, "rct-closed", lang=lang, **{empty: "  \r\n "})
    assert page.status == 400 and page.lang == lang
    assert message in page.soup.select_one(".error-summary").get_text(" ")
    assert page.soup.select_one(f".error-summary a[href='#{empty}']") is not None
    assert page.soup.select_one(f"#{kept}").get_text().strip() == STATEMENT[kept].replace("\r\n", "\n")
    assert statements() == []


def test_a_statement_over_3000_characters_is_refused(app, short_8_10):
    closed_campaign(create_version(short_8_10))
    officer = signed_in(app, "officer@rct.example", "officer")
    page = write(officer, "rct-closed", text_en="x" * 3001)
    assert page.status == 400 and "Shorten the English to 3,000 characters or fewer." in page.main_text()
    assert statements() == []


def test_an_analyst_may_not_write_it(app, short_8_10):
    closed_campaign(create_version(short_8_10))
    analyst = signed_in(app, "analyst@rct.example", "analyst")
    page = get_page(analyst, "/en/staff/campaigns/rct-closed", status=200)  # sees the campaign
    assert analyst.get("/en/staff/campaigns/rct-closed/you-said").status_code == 403
    response = analyst.post(
        "/en/staff/campaigns/rct-closed/you-said", data={**STATEMENT, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 403 and statements() == []


def test_another_authoritys_officer_does_not_find_the_campaign(app, short_8_10):
    closed_campaign(create_version(short_8_10))
    cardiff = signed_in(app, "officer@cardiff.example", "officer", OTHER_AUTHORITY)
    page = get_page(cardiff, "/en/staff/campaigns/")
    assert cardiff.get("/en/staff/campaigns/rct-closed/you-said").status_code == 404
    response = cardiff.post(
        "/en/staff/campaigns/rct-closed/you-said", data={**STATEMENT, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 404 and statements() == []


def test_the_national_coordinator_writes_only_the_national_statement(app, short_8_10):
    version = create_version(short_8_10)
    closed_campaign(version)
    closed_campaign(version, slug="cymru-closed", authority_code=None)
    national = signed_in(app, "national@wales.example", "national", None)
    page = get_page(national, "/en/staff/campaigns/cymru-closed/you-said")
    assert "All of Wales (the national statement)" in page.main_text()
    write(national, "cymru-closed", text_en="Wales will listen.", text_cy="Bydd Cymru'n gwrando.")
    [saved] = statements()
    assert saved.authority_id is None and saved.campaign.slug == "cymru-closed"
    event = db.session.scalars(select(AuditEvent).filter_by(action="you_said_published")).one()
    assert event.authority_id is None and event.detail["statement"] == "national"
    # Saving again keeps one national statement, though NULL authorities never collide in a unique constraint.
    write(national, "cymru-closed", text_en="Wales will act.")
    assert [each.text_en for each in statements()] == ["Wales will act."]
    # An authority's own campaign is not the coordinator's to answer.
    assert national.get("/en/staff/campaigns/rct-closed/you-said").status_code == 404
    response = national.post(
        "/en/staff/campaigns/rct-closed/you-said", data={**STATEMENT, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 404 and len(statements()) == 1


def test_the_database_keeps_one_national_statement_a_campaign(app, short_8_10):
    campaign = closed_campaign(create_version(short_8_10), slug="cymru-closed", authority_code=None)
    for _ in range(2):
        db.session.add(
            YouSaidWeWill(
                campaign_id=campaign.id,
                authority_id=None,
                text_cy="a",
                text_en="b",
                published_on=date.today(),
            )
        )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(
        YouSaidWeWill(
            campaign_id=campaign.id, authority_id=None, text_cy="", text_en="b", published_on=date.today()
        )
    )
    with pytest.raises(IntegrityError):  # both languages, always
        db.session.commit()
    db.session.rollback()


def test_a_national_campaign_shows_the_national_statement_then_each_councils(app, client, short_8_10):
    campaign = closed_campaign(create_version(short_8_10), slug="cymru-closed", authority_code=None)
    national = signed_in(app, "national@wales.example", "national", None)
    write(
        national, "cymru-closed", text_cy="Bydd Cymru gyfan yn gwrando.", text_en="All of Wales will listen."
    )
    officer = signed_in(app, "officer@rct.example", "officer")
    page = get_page(officer, "/en/staff/campaigns/cymru-closed/you-said")
    assert "Rhondda Cynon Taf" in page.main_text()
    write(officer, "cymru-closed", text_cy="Bydd RhCT yn gwrando.", text_en="Rhondda Cynon Taf will listen.")
    write(
        signed_in(app, "officer@cardiff.example", "officer", OTHER_AUTHORITY),
        "cymru-closed",
        text_cy="Bydd Caerdydd yn gwrando.",
        text_en="Cardiff will listen.",
    )
    vale = db.session.scalar(select(Authority).filter_by(ons_code=VALE))
    you_said_store.save(campaign, vale.id, "Bydd y Fro yn gwrando.", "The Vale will listen.", date.today())
    db.session.commit()
    assert len(statements()) == 4

    english = get_page(client, "/en/s/cymru-closed", status=410)
    section = english.soup.select_one(".you-said")
    assert section.select_one("p").get_text(strip=True) == "All of Wales will listen."  # national first, open
    summaries = [each.get_text(strip=True) for each in section.select("details summary")]
    assert summaries == ["Cardiff", "Rhondda Cynon Taf", "Vale of Glamorgan"]
    cardiff = section.select("details")[0]
    assert "Cardiff will listen." in cardiff.get_text() and not cardiff.has_attr("open")
    welsh = get_page(client, "/cy/s/cymru-closed", status=410)
    section = welsh.soup.select_one(".you-said")
    assert section.select_one("p").get_text(strip=True) == "Bydd Cymru gyfan yn gwrando."
    summaries = [each.get_text(strip=True) for each in section.select("details summary")]
    assert summaries == ["Bro Morgannwg", "Caerdydd", "Rhondda Cynon Taf"]
    assert "Bydd y Fro yn gwrando." in section.select("details")[0].get_text()
    assert "listen" not in welsh.main_text()


def test_no_statement_no_heading(app, client, short_8_10):
    closed_campaign(create_version(short_8_10))
    page = get_page(client, "/en/s/rct-closed", status=410)
    assert page.soup.select(".you-said") == [] and "You said" not in page.text()

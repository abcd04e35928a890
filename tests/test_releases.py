"""Fixed releases: a campaign's responses from one council count only once at least K of them were sent.

Played as the audit's attacker (B2, B3, #7), through the staff pages and downloads only. K = 10. Dates
are fixed in 2025-26 and "today" is moved through the staff pages' own clock, so that a campaign can
close between two downloads, as it would overnight.

  cymru-8-10     across Wales, closed 6 December 2025: Rhondda Cynon Taf 30 (12 of them wrote a
                 comment), Cardiff, Ynys Môn and Gwynedd 12 each, Wrexham 4 (too few)
  a second campaign, closing 7 December: the attack (or, in test c, a group that reaches K)
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

import survey_app.staff.results as results_views
import survey_app.staff.themes as themes_views
from survey_app.extensions import db
from survey_app.models import Authority, Response
from survey_app.results.periods import period_of
from survey_app.results.releases import counted

from .conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_response,
    create_user,
    create_version,
    get_page,
    sign_in,
)

WREXHAM, ANGLESEY, GWYNEDD = "W06000006", "W06000001", "W06000002"
NATIONAL_CLOSED = date(2025, 12, 6)
DAY_ONE = date(2025, 12, 7)  # the second campaign's last day: it is still open
DAY_TWO = date(2025, 12, 8)  # the next morning: it has closed
PERIOD = period_of(DAY_ONE)
BAND = "child-8-10"
POSITIVE = {"safe_at_home": "all_the_time", "know_social_worker": "yes", "good_friend": "yes"}
NEGATIVE = {"safe_at_home": "never", "know_social_worker": "no", "good_friend": "no"}


def answers(number: int, comment: str | None = None) -> dict[str, str]:
    """Alternately positive and not on every indicator, with a life score; and a comment if given."""
    given = dict(POSITIVE if number % 2 == 0 else NEGATIVE, life_score=str(number % 11))
    return given | ({"make_care_better": comment} if comment else {})


@pytest.fixture()
def version(app, short_8_10):
    return create_version(short_8_10)


@pytest.fixture()
def national(version):
    campaign = create_campaign(
        version, "cymru-8-10", None, opens_on=date(2025, 11, 1), closes_on=NATIONAL_CLOSED
    )
    for number in range(30):
        comment = f"I want to see my family more often, number {number}." if number < 12 else None
        create_response(campaign, answers(number, comment), HOME_AUTHORITY)
    for code in (OTHER_AUTHORITY, ANGLESEY, GWYNEDD):
        for number in range(12):
            create_response(campaign, answers(number + 1, "More pocket money for trips please."), code)
    for number in range(4):  # the real children of Wrexham, whom B3 wants to read
        create_response(campaign, answers(3 * number, f"Wrexham child {number} says hello."), WREXHAM)
    return campaign


def second_campaign(version, slug: str, council: str | None):
    return create_campaign(version, slug, council, opens_on=DAY_ONE, closes_on=DAY_ONE)


@pytest.fixture()
def on_day(monkeypatch):
    """Move the staff pages' "today" (results and themes) to a given day."""

    def move(day: date) -> None:
        monkeypatch.setattr(results_views, "today", lambda: day)
        monkeypatch.setattr(themes_views, "today", lambda: day)

    return move


def signed_in(app, email: str, role: str = "analyst", code: str | None = HOME_AUTHORITY):
    create_user(email, role, code)
    client = app.test_client()
    sign_in(client, email)
    return client


def results_csv(client, code: str) -> bytes:
    response = client.get(f"/en/staff/results/{PERIOD}/{BAND}/{code}/download.csv")
    assert response.status_code == 200
    return response.get_data()


def results_text(client, code: str | None = None) -> str:
    tail = f"/{code}" if code else ""
    return get_page(client, f"/en/staff/results/{PERIOD}/{BAND}{tail}").main_text()


def review_list(client) -> tuple[list[str], list[str]]:
    """Every comment on every page of the caller's review list, and each page's text."""
    url, texts, pages = f"/en/staff/themes/{PERIOD}/{BAND}/review", [], []
    while url:
        page = get_page(client, url)
        texts += [quote.get_text(strip=True) for quote in page.soup.select("article.comment blockquote")]
        pages.append(page.main_text())
        following = page.soup.select_one("a[rel=next]")
        url = following["href"] if following is not None else ""
    return texts, pages


def themes_text(client, code: str | None = None) -> str:
    tail = f"/{code}" if code else ""
    return get_page(client, f"/en/staff/themes/{PERIOD}/{BAND}{tail}").main_text()


def test_b2_a_three_child_campaign_adds_nothing_to_any_figure_or_review_list(app, version, national, on_day):
    analyst = signed_in(app, "analyst@rct.example")
    on_day(DAY_ONE)
    before_csv = results_csv(analyst, HOME_AUTHORITY)
    before_page = results_text(analyst, HOME_AUTHORITY)
    before_review, before_pages = review_list(analyst)
    before_themes = themes_text(analyst)
    assert len(before_review) == 12 and "about 30" in before_page

    # The officer's own small campaign in the same year and band: three children, all positive.
    small = second_campaign(version, "audit-rct-small", HOME_AUTHORITY)
    for number in range(3):
        create_response(small, answers(0, f"Small campaign words {number}."))
    on_day(DAY_TWO)
    assert results_csv(analyst, HOME_AUTHORITY) == before_csv
    assert results_text(analyst, HOME_AUTHORITY) == before_page
    after_review, after_pages = review_list(analyst)
    assert after_review == before_review and after_pages == before_pages
    assert not any("Small campaign" in text for text in after_review)
    assert themes_text(analyst) == before_themes
    national_view = signed_in(app, "national@wales.example", "national", None)
    assert "Small campaign" not in themes_text(national_view)


def test_b3_padding_a_small_council_shows_only_the_padding_never_the_real_four(
    app, version, national, on_day
):
    wrexham = signed_in(app, "analyst@wrexham.example", code=WREXHAM)
    coordinator = signed_in(app, "national@wales.example", "national", None)
    on_day(DAY_ONE)
    assert "too few to show" in results_text(wrexham, WREXHAM)
    assert "none of your figures can be shown" in results_text(wrexham, WREXHAM)
    responses = get_page(coordinator, f"/en/staff/results/{PERIOD}/{BAND}").soup
    wrexham_row = next(row for row in responses.select("tr") if "Wrexham" in row.get_text())
    assert "too few to show" in wrexham_row.get_text(" ", strip=True)

    # Sixteen responses of the attacker's own through an open national link, all naming Wrexham.
    padding = second_campaign(version, "audit-cymru-pad", None)
    for number in range(16):
        create_response(padding, answers(number, f"Padding comment {number}."), WREXHAM)
    on_day(DAY_TWO)
    padded_csv = results_csv(wrexham, WREXHAM)
    padded_page = results_text(wrexham, WREXHAM)
    padded_review, _pages = review_list(wrexham)
    assert "about 15" in padded_page  # 16, rounded: the padding alone, not 20
    assert sorted(padded_review) == sorted(f"Padding comment {number}." for number in range(16))

    # Take the four real children away: nothing Wrexham is shown changes, byte for byte.
    wrexham_id = db.session.query(Authority).filter_by(ons_code=WREXHAM).one().id
    db.session.query(Response).filter(
        Response.campaign_id == national.id, Response.authority_id == wrexham_id
    ).delete()
    db.session.commit()
    assert results_csv(wrexham, WREXHAM) == padded_csv
    assert results_text(wrexham, WREXHAM) == padded_page
    assert review_list(wrexham)[0] == padded_review


def test_c_a_group_that_reaches_k_counts(app, version, national, on_day):
    analyst = signed_in(app, "analyst@rct.example")
    on_day(DAY_ONE)
    before = results_text(analyst, HOME_AUTHORITY)
    assert "about 30" in before
    group = second_campaign(version, "rct-ten", HOME_AUTHORITY)
    for number in range(10):
        create_response(group, answers(0, f"Ten of us wrote this, number {number}."))
    on_day(DAY_TWO)
    after = results_text(analyst, HOME_AUTHORITY)
    assert "about 40" in after and after != before
    review, _pages = review_list(analyst)
    assert len(review) == 22 and sum("Ten of us" in text for text in review) == 10


def test_d_the_review_never_lists_a_comment_of_a_group_under_k_even_in_a_shown_council(
    app, version, national, on_day
):
    # Cardiff is shown (12 in the national campaign); its own campaign of 9 is a group under K.
    cardiff = signed_in(app, "analyst@cardiff.example", code=OTHER_AUTHORITY)
    own = second_campaign(version, "cardiff-nine", OTHER_AUTHORITY)
    for number in range(9):
        create_response(own, answers(number, f"Cardiff nine words {number}."))
    unsure = second_campaign(version, "cymru-unsure", None)
    for number in range(9):  # nine who did not know their council: their own group, under K too
        create_response(unsure, answers(number, f"Unsure words {number}."), None)
    on_day(DAY_TWO)
    review, pages = review_list(cardiff)
    assert len(review) == 12 and not any("nine words" in text for text in review)
    assert "Comments: about 10" in pages[0]  # 12, rounded: never the exact total
    summary = themes_text(cardiff, OTHER_AUTHORITY)
    assert "nine words" not in summary and "Unsure" not in summary
    assert "about 10" in results_text(cardiff, OTHER_AUTHORITY)  # 12 counted, not 21


def test_last_years_small_group_is_not_in_the_change_since_last_year(app, version, national, on_day):
    analyst = signed_in(app, "analyst@rct.example")
    last_year = create_campaign(
        version, "cymru-last-year", None, opens_on=date(2024, 11, 1), closes_on=date(2024, 12, 6)
    )
    for number in range(20):
        create_response(last_year, answers(number + 1), HOME_AUTHORITY)
    last_day = date(2024, 12, 7)
    small = create_campaign(version, "rct-small", HOME_AUTHORITY, opens_on=last_day, closes_on=last_day)
    for _number in range(3):
        create_response(small, answers(0))
    on_day(DAY_TWO)
    with_small = results_csv(analyst, HOME_AUTHORITY)
    rows = list(csv.DictReader(io.StringIO(with_small.decode("utf-8-sig"))))
    safe = next(row for row in rows if row["Indicator"] == "Feel safe where they live")
    assert safe["Previous year (%)"] == "50"  # 10 of last year's 20; with the small three, 13 of 23
    db.session.query(Response).filter(Response.campaign_id == small.id).delete()
    db.session.commit()
    assert results_csv(analyst, HOME_AUTHORITY) == with_small


def test_the_notes_say_so_in_english_and_welsh(app, national, on_day):
    analyst = signed_in(app, "analyst@rct.example")
    on_day(DAY_TWO)
    assert (
        "A campaign's answers from one council count only when at least 10 people from that council "
        "sent them" in results_text(analyst, HOME_AUTHORITY)
    )
    welsh = get_page(analyst, f"/cy/staff/results/{PERIOD}/{BAND}/{HOME_AUTHORITY}").main_text()
    assert "Dim ond pan fydd o leiaf 10 o bobl o'r un cyngor wedi'u hanfon" in welsh
    assert "used only when at least 10 people from that council sent their answers" in themes_text(analyst)


def test_the_rule_itself_counts_each_council_and_the_unsure_as_groups_of_one_campaign():
    frame = pd.DataFrame(
        {
            "response_id": [f"r{number}" for number in range(26)],
            "authority": [HOME_AUTHORITY] * 10 + [OTHER_AUTHORITY] * 9 + [None] * 5 + [WREXHAM] * 2,
        }
    )
    assert counted(frame, 10).tolist() == [True] * 10 + [False] * 16
    assert counted(frame, 5).tolist() == [True] * 24 + [False] * 2  # five unsure are a group of five
    assert counted(frame.iloc[0:0], 10).tolist() == []

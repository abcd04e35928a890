"""Response counters on staff pages (audit B6): never an exact count of a group under K.

Staff watch how many have sent, started and used a code. A count of 1 to K-1 shows only as "fewer than
K" ("llai na K"), any other as "about N", rounded to the nearest 5, as on the results pages; none
shows as 0. The fixtures are a small version of the demo: a campaign across Wales where Rhondda Cynon
Taf has 12 sent, Cardiff 3 sent and 2 started, Wrexham 4 and Swansea 27; and Rhondda Cynon Taf's own
campaign of 3 children, with access codes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from analysis.disclosure import DisclosureControl, DisclosureError, ShownCount
from survey_app.extensions import db
from survey_app.models import AccessCodeBatch, Campaign
from survey_app.respond import codes
from survey_app.store import access_codes
from tests.conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_response,
    create_user,
    create_version,
    get_page,
    sign_in,
)

WREXHAM, SWANSEA = "W06000006", "W06000011"
COUNTER = {
    "en": re.compile(r"^(0|fewer than 10|about \d*[05])$"),
    "cy": re.compile(r"^(0|llai na 10|tua \d*[05])$"),
}
FEWER = {"en": "fewer than 10", "cy": "llai na 10"}
ABOUT = {"en": "about", "cy": "tua"}
HEADINGS = {"en": ("Sent", "Started, not sent"), "cy": ("Wedi'u hanfon", "Wedi dechrau, heb eu hanfon")}
PAPER = {"en": "Answered on paper", "cy": "Atebwyd ar bapur"}  # none of these tests types in a paper copy


def add_responses(campaign: Campaign, count: int, authority_code: str | None = None, partial: int = 0):
    for number in range(count + partial):
        response = create_response(campaign, {"safe_at_home": "all_the_time"}, authority_code)
        if number >= count:
            response.status, response.submitted_on = "partial", None
    db.session.commit()


@pytest.fixture()
def campaigns(app, short_8_10) -> dict[str, Campaign]:
    version = create_version(short_8_10)
    wales = create_campaign(version, slug="cymru-8-10", authority_code=None)
    add_responses(wales, 12, HOME_AUTHORITY)
    add_responses(wales, 3, OTHER_AUTHORITY, partial=2)
    add_responses(wales, 4, WREXHAM)
    add_responses(wales, 27, SWANSEA)
    small = create_campaign(version, slug="rct-three-children")
    add_responses(small, 3)
    batch = AccessCodeBatch(campaign=small, made_on=date.today(), size=20)
    db.session.add(batch)
    made = access_codes.create(small, 20, batch)
    small.access = "codes"
    db.session.commit()
    for code in made[:3]:
        assert access_codes.redeem(small, codes.normalise(code, codes.ACCESS_LENGTH) or "")
    return {"wales": wales, "small": small}


def signed_in(app, role: str, lang: str):
    email = f"{role}@example.wales"
    create_user(email, role, None if role == "national" else HOME_AUTHORITY)
    client = app.test_client()
    sign_in(client, email, lang)
    return client


def numeric_cells(page) -> list[str]:
    return [cell.get_text(" ", strip=True) for cell in page.soup.select("main td.numeric")]


def row_of(page, first_cell: str) -> list[str]:
    for row in page.soup.select("main tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row for {first_cell}")


def summary(page) -> dict[str, str]:
    """The 'Responses so far' list of a campaign page."""
    listing = page.soup.select_one("h2 + p + dl")
    return dict(
        zip(
            [dt.get_text(strip=True) for dt in listing.select("dt")],
            [dd.get_text(strip=True) for dd in listing.select("dd")],
            strict=True,
        )
    )


def assert_only_counters(cells: list[str], lang: str) -> None:
    assert cells, "no counters on the page"
    for cell in cells:
        assert COUNTER[lang].match(cell), f"an exact count is shown: {cell!r}"


# --- the rule ------------------------------------------------------------------------------------


def test_a_count_under_k_is_withheld_and_any_other_is_rounded_to_5():
    control = DisclosureControl(10)
    assert control.response_totals(0, 1, 9) == (
        ShownCount(about=0),
        ShownCount(fewer_than=10),
        ShownCount(fewer_than=10),
    )
    assert [shown.about for shown in control.response_totals(10, 12, 13, 27, 46)] == [10, 10, 15, 25, 45]
    assert DisclosureControl(20).response_totals(19) == (ShownCount(fewer_than=20),)
    with pytest.raises(DisclosureError):
        control.response_totals(3, -1)


# --- the national coordinator --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_coordinator_sees_each_council_as_fewer_than_10_or_rounded(app, campaigns, lang):
    client = signed_in(app, "national", lang)
    page = get_page(client, f"/{lang}/staff/campaigns/cymru-8-10")
    sent, started = HEADINGS[lang]
    # 46 sent in all, 2 started: about 45, fewer than 10.
    assert summary(page) == {sent: f"{ABOUT[lang]} 45", PAPER[lang]: "0", started: FEWER[lang]}
    names = {"en": ("Rhondda Cynon Taf", "Cardiff", "Wrexham", "Swansea"),
             "cy": ("Rhondda Cynon Taf", "Caerdydd", "Wrecsam", "Abertawe")}[lang]  # fmt: skip
    rct, cardiff, wrexham, swansea = names
    # Sent, started but not sent, and answered on paper (none here).
    assert row_of(page, rct)[1:] == [f"{ABOUT[lang]} 10", "0", "0"]  # 12 sent, none started
    assert row_of(page, cardiff)[1:] == [FEWER[lang], FEWER[lang], "0"]  # 3 sent, 2 started
    assert row_of(page, wrexham)[1:] == [FEWER[lang], "0", "0"]  # 4 sent
    assert row_of(page, swansea)[1:] == [f"{ABOUT[lang]} 25", "0", "0"]  # 27 sent
    assert_only_counters(numeric_cells(page), lang)
    for exact in ("12", "3", "2", "4", "27", "46"):
        assert exact not in numeric_cells(page) and exact not in summary(page).values()
    hint = page.soup.select_one("h2 + p.hint").get_text(" ", strip=True)
    assert FEWER[lang] in hint

    listing = get_page(client, f"/{lang}/staff/campaigns/")
    assert row_of(listing, "cymru-8-10")[-2:] == [f"{ABOUT[lang]} 45", FEWER[lang]]
    assert row_of(listing, "rct-three-children")[-2:] == [FEWER[lang], "0"]
    assert_only_counters(numeric_cells(listing), lang)

    home = get_page(client, f"/{lang}/staff/")
    assert row_of(home, "cymru-8-10")[-2:] == [f"{ABOUT[lang]} 45", FEWER[lang]]
    assert row_of(home, "rct-three-children")[-2:] == [FEWER[lang], "0"]
    assert_only_counters(numeric_cells(home), lang)


# --- a council officer ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_officer_never_sees_sent_3_for_a_campaign_of_3_children(app, campaigns, lang):
    client = signed_in(app, "officer", lang)
    sent, started = HEADINGS[lang]
    page = get_page(client, f"/{lang}/staff/campaigns/rct-three-children")
    assert summary(page) == {sent: FEWER[lang], PAPER[lang]: "0", started: "0"}
    # 20 codes made (the officer chose that), 3 used: the used count is withheld everywhere.
    text = page.main_text()
    used = {"en": "Codes used: fewer than 10.", "cy": "Codau a ddefnyddiwyd: llai na 10."}[lang]
    assert used in text
    assert row_of(page, "1")[2:4] == ["20", FEWER[lang]]  # the batch: its size, and used
    assert not re.search(r"\b(3|17) (used|wedi)", text)

    withdraw = get_page(client, page.soup.select_one("a[href*='/withdraw']")["href"])
    batch = {"en": "codes.", "cy": "o godau."}[lang]
    assert f"20 {batch} {used}" in withdraw.main_text() and "17" not in withdraw.main_text()

    # The campaign across Wales counts only this council's 12: about 10.
    wales = get_page(client, f"/{lang}/staff/campaigns/cymru-8-10")
    assert summary(wales) == {sent: f"{ABOUT[lang]} 10", PAPER[lang]: "0", started: "0"}
    assert wales.soup.select_one("main table") is None  # no per-council table for a council

    for url in (f"/{lang}/staff/campaigns/", f"/{lang}/staff/"):
        listed = get_page(client, url)
        assert row_of(listed, "rct-three-children")[-2:] == [FEWER[lang], "0"]
        assert row_of(listed, "cymru-8-10")[-2:] == [f"{ABOUT[lang]} 10", "0"]
        assert_only_counters(numeric_cells(listed), lang)
        assert "3" not in numeric_cells(listed) and "12" not in numeric_cells(listed)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_archiving_says_what_goes_without_an_exact_count(app, campaigns, lang):
    small = campaigns["small"]
    small.opens_on, small.closes_on = date.today() - timedelta(days=30), date.today() - timedelta(days=1)
    add_responses(small, 0, partial=1)
    client = signed_in(app, "officer", lang)
    confirm = get_page(client, f"/{lang}/staff/campaigns/rct-three-children/archive")
    text = confirm.main_text()
    assert FEWER[lang] in text  # one unfinished response
    # Neither the 17 unused codes (20 made less 3 used) nor the one unfinished response is counted.
    assert "17" not in text and not re.search(r"\b1 (unfinished|ymateb)", text)
    confirm_en = {"en": "Every unused access code", "cy": "Pob cod mynediad heb ei ddefnyddio"}[lang]
    assert confirm_en in text

    client.post(
        f"/{lang}/staff/campaigns/rct-three-children/archive",
        data={"csrf_token": confirm.soup.select_one("main form input[name=csrf_token]")["value"]},
    )
    archived = get_page(client, f"/{lang}/staff/campaigns/rct-three-children")
    said = {"en": "Codes used: fewer than 10.", "cy": "Codau a ddefnyddiwyd: llai na 10."}[lang]
    assert said in archived.main_text()
    assert summary(archived)[HEADINGS[lang][0]] == FEWER[lang]


def test_a_larger_k_is_said_as_configured(app, campaigns):
    app.config["LLEISIAU_MIN_GROUP"] = 15
    client = signed_in(app, "national", "en")
    page = get_page(client, "/en/staff/campaigns/cymru-8-10")
    assert row_of(page, "Rhondda Cynon Taf")[1:] == ["fewer than 15", "0", "0"]  # 12 is under 15
    assert "fewer than 15" in page.soup.select_one("h2 + p.hint").get_text(" ", strip=True)


def test_the_codes_command_says_used_codes_the_same_way(app, campaigns, runner):
    result = runner.invoke(args=["campaigns", "codes", "--campaign", "rct-three-children", "--count", "5"])
    assert result.exit_code == 0, result.output
    assert "rct-three-children now has 25 code(s); used: fewer than 10." in result.output

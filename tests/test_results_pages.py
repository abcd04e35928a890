"""Results pages: who may see whose results, what they show, and that small groups never appear."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from survey_app.extensions import db
from survey_app.models import AuditEvent
from survey_app.results.periods import period_of

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

YESTERDAY = date.today() - timedelta(days=1)
PERIOD = period_of(YESTERDAY)
BAND = "child-8-10"
# Council -> (feel safe at home: yes, no; life score given to everyone)
COUNCILS = {
    HOME_AUTHORITY: (30, 10, "9"),  # 75%; well above the rest: a bright spot
    OTHER_AUTHORITY: (12, 18, "5"),
    "W06000001": (12, 18, "5"),  # Isle of Anglesey
    "W06000002": (12, 18, "5"),  # Gwynedd
    "W06000003": (11, 19, "6"),  # Conwy
    "W06000004": (7, 0, "7"),  # Denbighshire: 7 respondents, under K: never shown
}


@pytest.fixture()
def closed_results(app, short_8_10):
    version = create_version(short_8_10)
    campaign = create_campaign(
        version,
        slug="cymru-8-10",
        authority_code=None,
        opens_on=YESTERDAY - timedelta(days=30),
        closes_on=YESTERDAY,
    )
    for code, (yes, no, life) in COUNCILS.items():
        for answer in ["all_the_time"] * yes + ["hardly_ever"] * no:
            create_response(campaign, {"safe_at_home": answer, "life_score": life}, authority_code=code)
    still_open = create_campaign(version, slug="open-8-10", authority_code=HOME_AUTHORITY)
    create_response(still_open, {"safe_at_home": "all_the_time"})
    return campaign


def results_url(lang: str = "en", code: str | None = None) -> str:
    tail = f"/{code}" if code else ""
    return f"/{lang}/staff/results/{PERIOD}/{BAND}{tail}"


def row_for(page, label: str):
    return next(row for row in page.soup.select("tr") if label in row.get_text(" ", strip=True))


def test_an_analyst_sees_their_councils_figures_beside_the_other_councils(app, closed_results):
    create_user("analyst@rct.example", "analyst")
    client = app.test_client()
    sign_in(client, "analyst@rct.example")
    listing = get_page(client, "/en/staff/results/")
    assert PERIOD in listing.main_text() and "Children aged 8-10" in listing.main_text()
    page = get_page(client, results_url())
    safe = row_for(page, "Feel safe where they live").get_text(" ", strip=True)
    # 30 of 40 = 75%; Wilson 95% interval 60% to 86%. Other councils: Cardiff, Anglesey, Gwynedd and
    # Conwy pooled (47 of 120 = 39%); Denbighshire (7, under K) is in nobody's figure.
    assert "75% (60–86%)" in safe and "39%" in safe and "4 councils" in safe
    assert "Bright spot" in safe and "about 40" in safe
    spots = page.soup.select_one("section.bright").get_text(" ", strip=True)
    assert "Feel safe where they live" in spots
    means = row_for(page, "How good is your life").get_text(" ", strip=True)
    assert "9.0" in means or "9" in means


def test_every_chart_is_hidden_from_screen_readers_and_has_its_figures_beside_it(app, closed_results):
    create_user("analyst@rct.example", "analyst")
    client = app.test_client()
    sign_in(client, "analyst@rct.example")
    page = get_page(client, results_url())
    charts = page.soup.select("svg.chart")
    assert charts
    for chart in charts:
        assert chart["aria-hidden"] == "true"
        row = chart.find_parent("tr")
        assert row is not None and any(char.isdigit() for char in row.get_text(" ", strip=True))


def test_results_only_count_closed_campaigns(app, closed_results):
    create_user("analyst@rct.example", "analyst")
    client = app.test_client()
    sign_in(client, "analyst@rct.example")
    page = get_page(client, results_url())
    assert "about 40" in page.main_text()  # the open campaign's response is not counted


def test_a_council_cannot_open_another_councils_results_and_the_panel_cannot_open_any(app, closed_results):
    create_user("analyst@rct.example", "analyst")
    create_user("panel@rct.example", "panel")
    client = app.test_client()
    sign_in(client, "analyst@rct.example")
    get_page(client, results_url(code=OTHER_AUTHORITY), status=404)
    get_page(client, results_url(code=HOME_AUTHORITY))
    get_page(client, f"/en/staff/results/{PERIOD}/child-11-18", status=404)
    get_page(client, "/en/staff/results/1999-00/child-8-10", status=404)
    panel = app.test_client()
    sign_in(panel, "panel@rct.example")
    assert panel.get(results_url()).status_code == 403


def test_the_coordinator_sees_every_council_side_by_side_but_never_a_group_under_k(app, closed_results):
    create_user("national@wales.example", "national", None)
    client = app.test_client()
    sign_in(client, "national@wales.example")
    page = get_page(client, results_url())
    table = page.soup.select_one("table.national")
    safe = row_for(page, "Feel safe where they live").get_text(" ", strip=True)
    assert "75%" in safe and "40%" in safe  # Rhondda Cynon Taf, Cardiff
    responses = row_for(page, "Denbighshire").get_text(" ", strip=True)
    assert "too few to show" in responses and "7" not in responses
    headers = [cell.get_text(strip=True) for cell in table.select("thead th")]
    column = headers.index("Denbighshire")
    for row in table.select("tbody tr"):
        hidden = row.find_all(["th", "td"])[column].get_text(" ", strip=True)
        assert not any(char.isdigit() for char in hidden)
    council = get_page(client, results_url(code="W06000004"))
    assert "none of your figures can be shown" in council.main_text()


def test_the_results_page_is_in_welsh_on_the_welsh_address(app, closed_results):
    create_user("analyst@rct.example", "analyst")
    client = app.test_client()
    sign_in(client, "analyst@rct.example", lang="cy")
    page = get_page(client, results_url("cy"))
    assert page.lang == "cy"
    assert "Yn teimlo'n ddiogel lle maen nhw'n byw" in page.main_text()
    assert "Cynghorau eraill" in page.main_text()


def test_a_download_is_recorded_in_the_audit_log(app, closed_results):
    create_user("analyst@rct.example", "analyst")
    client = app.test_client()
    sign_in(client, "analyst@rct.example")
    response = client.get(f"{results_url()}/download.csv")
    assert response.status_code == 200 and response.data.startswith("\ufeff".encode())
    event = db.session.query(AuditEvent).filter_by(action="downloaded").one()
    assert event.detail["format"] == "csv" and event.detail["authority"] == HOME_AUTHORITY
    assert client.get(f"{results_url()}/download.doc").status_code == 404

"""Rewording an indicator's question: warned of in the draft and at publishing, marked in results."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.content.wording import indicator_wordings, reworded
from survey_app.results.periods import period_bounds, period_of, previous_period
from survey_app.results.wording import wording_changes
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
from tests.test_staff_questionnaires import OFFICER, only_draft, post_edit

MARK = {"en": "wording changed", "cy": "geiriad wedi newid"}
WARNING = {
    "en": "Figures from the new version will be marked “wording changed” beside last year's and the other "
    "councils'.",
    "cy": "Bydd ffigurau'r fersiwn newydd yn cael eu nodi “geiriad wedi newid” wrth ymyl rhai'r llynedd a "
    "rhai'r cynghorau eraill.",
}
SAFE = {"en": "Feel safe where they live", "cy": "Yn teimlo'n ddiogel lle maen nhw'n byw"}
NEW_TEXT = {"en": "Do you feel safe where you live?", "cy": "Wyt ti'n teimlo'n ddiogel lle rwyt ti'n byw?"}


def reworded_copy(frozen: FrozenQuestionnaire) -> FrozenQuestionnaire:
    """The same questionnaire with the question behind feels_safe_at_home in other words."""
    content = frozen.model_dump(mode="json")
    content["questionnaire"]["pages"][0]["items"][0]["text"] = NEW_TEXT
    return FrozenQuestionnaire.model_validate(content)


def test_only_the_reworded_indicator_counts_as_changed(short_8_10):
    assert reworded(short_8_10, short_8_10) == []
    assert reworded(short_8_10, reworded_copy(short_8_10)) == ["feels_safe_at_home"]
    before, after = indicator_wordings(short_8_10), indicator_wordings(reworded_copy(short_8_10))
    mine, theirs = ("W1", "feels_safe_at_home"), ("W2", "feels_safe_at_home")
    changes = wording_changes({mine: frozenset({after[mine[1]]}), theirs: frozenset({before[mine[1]]})}, {})
    assert changes.beside_benchmark(*mine) and changes.beside_benchmark(*theirs)
    assert not changes.beside_previous(*mine)


# --- The draft ----------------------------------------------------------------------------------


@pytest.fixture()
def adapted(app, client, short_8_10):
    """An officer signed in, with a draft adapted from a published short-8-10."""
    version = create_version(short_8_10)
    create_user(OFFICER, "officer")
    sign_in(client, OFFICER)
    page = get_page(client, f"/en/staff/questionnaires/{version.id}")
    submit(client, page, {"new_id": "short-8-10-rct"}, form_selector="#adapt + p + form")
    return client


def warning_text(page) -> str:
    found = page.soup.select_one(".wording-warning")
    return " ".join(found.get_text(" ").split()) if found else ""


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_rewording_an_indicator_question_is_warned_of_on_the_draft_and_at_publishing(adapted, lang):
    draft_id = only_draft().id
    assert warning_text(get_page(adapted, f"/{lang}/staff/drafts/{draft_id}")) == ""
    context = "short-8-10-rct:safe_at_home.text"
    post_edit(adapted, lang, **{f"en:{context}": NEW_TEXT["en"], f"cy:{context}": NEW_TEXT["cy"]})
    page = get_page(adapted, f"/{lang}/staff/drafts/{draft_id}")
    assert WARNING[lang] in warning_text(page) and SAFE[lang] in warning_text(page)
    confirm = submit(adapted, page, {}, form_selector="#publish form")
    assert confirm.status == 200 and only_draft().id == draft_id  # not published yet
    assert WARNING[lang] in warning_text(confirm) and confirm.lang == lang
    published = submit(adapted, confirm, {}, form_selector="main form")
    assert published.status == 200 and "/staff/questionnaires/" in published.response.request.path


def test_rewording_a_question_without_an_indicator_is_not_warned_of(adapted):
    context = "short-8-10-rct:make_care_better.text"
    post_edit(
        adapted, **{f"en:{context}": "What would make things better?", f"cy:{context}": "Beth fyddai'n well?"}
    )
    page = get_page(adapted, f"/en/staff/drafts/{only_draft().id}")
    assert "wording" not in warning_text(page) and page.soup.select_one(".wording-warning") is None
    published = submit(adapted, page, {}, form_selector="#publish form")
    assert "/staff/questionnaires/" in published.response.request.path  # published straight away


# --- Results ------------------------------------------------------------------------------------

YESTERDAY = date.today() - timedelta(days=1)
PERIOD = period_of(YESTERDAY)
LAST_YEAR = period_bounds(previous_period(PERIOD))[0] + timedelta(days=40)
OTHERS = [OTHER_AUTHORITY, "W06000001", "W06000002", "W06000003"]


def answer(campaign, count: int, authority: str) -> None:
    for number in range(count):
        safe = "all_the_time" if number % 3 else "hardly_ever"
        create_response(campaign, {"safe_at_home": safe, "life_score": "8"}, authority_code=authority)


def closed(version, slug: str, authority: str | None, closes_on: date):
    return create_campaign(version, slug, authority, closes_on - timedelta(days=30), closes_on)


@pytest.fixture()
def results_for(app, short_8_10):
    """Rhondda's campaigns this year use the given questionnaire; last year's and every other council's
    the original one."""

    def make(frozen: FrozenQuestionnaire) -> None:
        original = create_version(short_8_10)
        mine = create_version(frozen) if frozen != short_8_10 else original
        answer(closed(original, "rct-last-year", HOME_AUTHORITY, LAST_YEAR), 30, HOME_AUTHORITY)
        answer(closed(mine, "rct-8-10", HOME_AUTHORITY, YESTERDAY), 30, HOME_AUTHORITY)
        national = closed(original, "cymru-8-10", None, YESTERDAY)
        for code in OTHERS:
            answer(national, 20, code)
        create_user("analyst@rct.example", "analyst")

    return make


def results_page(app, lang: str):
    client = app.test_client()
    sign_in(client, "analyst@rct.example", lang=lang)
    return client, get_page(client, f"/{lang}/staff/results/{PERIOD}/child-8-10")


def row_for(page, label: str):
    return next(row for row in page.soup.select("tr") if label in row.get_text(" ", strip=True))


def csv_rows(client, lang: str) -> list[dict[str, str]]:
    content = client.get(f"/{lang}/staff/results/{PERIOD}/child-8-10/download.csv").data
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_figures_from_a_reworded_version_are_marked_on_the_page_and_in_the_csv(
    app, short_8_10, results_for, lang
):
    results_for(reworded_copy(short_8_10))
    client, page = results_page(app, lang)
    cells = row_for(page, SAFE[lang]).find_all("td")
    benchmark, since = cells[2].get_text(" ", strip=True), cells[4].get_text(" ", strip=True)
    assert MARK[lang] in benchmark and MARK[lang] in since
    assert page.soup.select_one(".wording-note") is not None
    others = [
        row for row in page.soup.select("table.indicators tbody tr") if SAFE[lang] not in row.get_text()
    ]
    assert others and not any(MARK[lang] in row.get_text() for row in others)
    rows = csv_rows(client, lang)
    safe = next(row for row in rows if SAFE[lang] in row.values())
    assert list(safe.values()).count(MARK[lang]) == 2
    assert all(MARK[lang] not in row.values() for row in rows if row is not safe)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_unchanged_wording_is_not_marked(app, short_8_10, results_for, lang):
    results_for(short_8_10)
    client, page = results_page(app, lang)
    assert MARK[lang] not in page.main_text() and page.soup.select_one(".wording-note") is None
    assert all(MARK[lang] not in row.values() for row in csv_rows(client, lang))


def test_the_xlsx_marks_the_figure_and_explains_the_mark(app, short_8_10, results_for):
    from openpyxl import load_workbook

    results_for(reworded_copy(short_8_10))
    client, _page = results_page(app, "en")
    content = client.get(f"/en/staff/results/{PERIOD}/child-8-10/download.xlsx").data
    cells = [
        str(cell.value)
        for sheet in load_workbook(io.BytesIO(content)).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value
    ]
    assert cells.count(MARK["en"]) == 2 and any(each.startswith('"Wording changed"') for each in cells)

"""Check your answers: before sending, every question asked is listed with its answer and a Change link.

Labels are taken from the questionnaire (the page must show them as written there); the page's own words are
spelled out here, in Welsh and English, for children (ti) and adults (chi).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from survey_app.config import PROJECT_ROOT
from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.content.loader import load_library
from survey_app.extensions import db
from survey_app.models import Response

from .conftest import Page, create_campaign, create_user, create_version, data_dir, get_page, sign_in, submit

HEADING = {"cy": "Gwiria dy atebion cyn eu hanfon", "en": "Check your answers before you send them"}
NOT_ANSWERED = {"cy": "Heb ei ateb", "en": "Not answered"}
CHANGE = {"cy": "Newid", "en": "Change"}
YOUR_ANSWER = {"cy": "dy ateb:", "en": "your answer:"}
OUT_OF_10 = {"cy": "8 allan o 10", "en": "8 out of 10"}
SKIPPING_IS_FINE = {"cy": "Doedd dim rhaid i ti ateb pob cwestiwn.", "en": "You did not have to answer every"}
CANNOT_CHANGE = {"cy": "fyddi di ddim yn gallu newid dy atebion", "en": "you cannot change your answers"}


def text_of(element: Any) -> str:
    return " ".join(element.get_text(" ").split())


def rows(page: Page) -> list[dict[str, Any]]:
    """Each row of the check page: question, answer (as read), Change link and its screen-reader words."""
    found = []
    for row in page.soup.select("main .summary-row"):
        link = row.select_one(".summary-actions a")
        found.append(
            {
                "question": text_of(row.select_one(".summary-key")),
                "answer": text_of(row.select_one(".summary-value")),
                "answers": [text_of(each) for each in row.select(".summary-value li")],
                "href": link["href"],
                "link": text_of(link),
                "hidden": text_of(link.select_one(".visually-hidden")),
            }
        )
    return found


def by_question(page: Page) -> dict[str, dict[str, Any]]:
    return {row["question"]: row for row in rows(page)}


def path(page: Page) -> str:
    return page.response.request.path


def walk(client, slug: str, lang: str, answers: dict[str, Any]) -> Page:
    """Start a survey and Continue through every page, giving the answers (by field name) each page asks."""
    page = submit(client, get_page(client, f"/{lang}/s/{slug}"), {})
    for _ in range(100):
        if path(page).endswith("/send"):
            return page
        names = {field["name"] for field in page.soup.select("#survey-form [name]")}
        page = submit(
            client, page, {**{k: v for k, v in answers.items() if k in names}, "action": "continue"}
        )
        assert page.status == 200, page.soup.select_one(".error-summary")
    raise AssertionError("never reached the check page")


def label(frozen: FrozenQuestionnaire, item_id: str, value: str, lang: str) -> str:
    return next(o.label(lang) for o in frozen.options(frozen.item(item_id)) if o.value == value)


def question(frozen: FrozenQuestionnaire, item_id: str, lang: str) -> str:
    return frozen.item(item_id).text(lang)


def stored() -> list[Response]:
    return list(db.session.scalars(select(Response)).all())


SOME_ANSWERS = {
    "safe_at_home": "most_of_the_time",
    "happy_at_home": "rather_not_say",
    "know_social_worker": "yes",
    "see_family": "not_enough",
    "talk_to_when_worried": ["carers", "friend"],
    "life_score": "8",
    "make_care_better": "Gweld fy mrawd.\n<b>Mwy</b> & llai",
}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_every_question_asked_is_listed_in_order_with_its_answer_in_words(client, campaign, short_8_10, lang):
    page = walk(client, "test-campaign", lang, SOME_ANSWERS)
    assert page.soup.h1.get_text() == HEADING[lang]
    assert page.soup.title.get_text().startswith(HEADING[lang])
    listed = rows(page)
    asked = [item for item in short_8_10.items() if item.answerable]
    assert [row["question"] for row in listed] == [item.text(lang) for item in asked]
    answers = {row["question"]: row for row in listed}

    def answer(item_id: str) -> dict[str, Any]:
        return answers[question(short_8_10, item_id, lang)]

    assert answer("safe_at_home")["answer"] == label(short_8_10, "safe_at_home", "most_of_the_time", lang)
    assert answer("happy_at_home")["answer"] == short_8_10.rather_not_say.label(lang)
    assert answer("talk_to_when_worried")["answers"] == [
        label(short_8_10, "talk_to_when_worried", "carers", lang),
        label(short_8_10, "talk_to_when_worried", "friend", lang),
    ]
    # The 0-10 scale: the number, and what its ends mean.
    life = answer("life_score")["answer"]
    anchors = short_8_10.item("life_score").anchors
    assert life.startswith(OUT_OF_10[lang]) and anchors.low(lang) in life and anchors.high(lang) in life
    # Skipped questions say so, calmly, and the page says skipping was fine.
    for skipped in ("trust_social_worker", "good_friend", "feel_about_school", "adults_listen"):
        assert answer(skipped)["answer"] == NOT_ANSWERED[lang]
    assert SKIPPING_IS_FINE[lang] in page.main_text()
    not_answered = page.soup.select_one(".not-answered")
    assert not_answered.find_parent(class_="error-summary") is None and "field-error" not in str(not_answered)
    # Free text is shown as text: line break kept, markup escaped.
    assert answer("make_care_better")["answer"] == "Gweld fy mrawd. <b>Mwy</b> & llai"
    html = page.response.get_data(as_text=True)
    assert "&lt;b&gt;Mwy&lt;/b&gt; &amp; llai" in html and "<b>Mwy</b>" not in html
    # Grouped under the page titles, in order (two pages titled "Your social worker" are one group).
    titles = [text_of(each) for each in page.soup.select("main h2.summary-heading")]
    expected = []
    for each in short_8_10.pages:
        if not expected or expected[-1] != each.title(lang):
            expected.append(each.title(lang))
    assert titles == expected
    # Every row's Change link says, for a screen reader, which question it changes.
    for row in listed:
        assert row["link"] == f"{CHANGE[lang]} {YOUR_ANSWER[lang]} {row['question']}"
        assert row["hidden"] == f"{YOUR_ANSWER[lang]} {row['question']}"
    assert answer("safe_at_home")["href"] == f"/{lang}/s/test-campaign/1?from=check#safe_at_home-all_the_time"
    assert answer("make_care_better")["href"] == f"/{lang}/s/test-campaign/6?from=check#make_care_better"
    # Sending is still at the end, with the promise that nobody will know the answers are yours.
    assert CANNOT_CHANGE[lang] in page.main_text()
    assert page.soup.select("main form button[type=submit]")[-1].get_text(strip=True) in (
        "Anfon fy atebion",
        "Send my answers",
    )


def test_a_change_link_opens_the_question_and_continue_comes_straight_back(client, campaign, short_8_10):
    check = walk(client, "test-campaign", "en", SOME_ANSWERS)
    row = by_question(check)[question(short_8_10, "adults_listen", "en")]
    assert row["answer"] == "Not answered"
    page = get_page(client, row["href"])
    assert path(page) == "/en/s/test-campaign/5"
    assert page.soup.select_one(f"#{row['href'].split('#')[1]}") is not None, "the anchor is on the page"
    assert page.soup.select_one("#survey-form input[name=from]")["value"] == "check"
    page = submit(client, page, {"adults_listen": "sometimes", "action": "continue"})
    # Back on the check page (not on page 6), with the new answer shown.
    assert path(page) == "/en/s/test-campaign/send"
    changed = by_question(page)[question(short_8_10, "adults_listen", "en")]
    assert changed["answer"] == label(short_8_10, "adults_listen", "sometimes", "en")
    # And from there, sending works once.
    submit(client, page, {})
    again = submit(client, page, {})
    assert "Thank you" in again.text()
    [response] = stored()
    assert response.status == "complete" and response.answers["adults_listen"] == "sometimes"
    assert response.answers["make_care_better"] == SOME_ANSWERS["make_care_better"]


def test_a_change_with_a_mistake_keeps_the_way_back_to_the_check_page(client, campaign, short_8_10):
    check = walk(client, "test-campaign", "en", SOME_ANSWERS)
    row = by_question(check)[question(short_8_10, "safe_at_home", "en")]
    page = get_page(client, row["href"])
    page = submit(client, page, {"safe_at_home": "made_up", "action": "continue"})
    assert page.status == 400 and "Choose one of the answers shown" in page.text()
    assert page.soup.select_one("#survey-form input[name=from]")["value"] == "check"
    page = submit(client, page, {"safe_at_home": "never", "action": "continue"})
    assert path(page) == "/en/s/test-campaign/send"
    assert by_question(page)[row["question"]]["answer"] == label(short_8_10, "safe_at_home", "never", "en")


def test_back_and_the_language_switch_on_a_changed_page_keep_the_way_back(client, campaign, short_8_10):
    check = walk(client, "test-campaign", "cy", SOME_ANSWERS)
    row = by_question(check)[question(short_8_10, "good_friend", "cy")]
    page = get_page(client, row["href"])
    page = submit(client, page, {"good_friend": "yes", "action": "switch"})
    assert page.lang == "en" and path(page) == "/en/s/test-campaign/4"
    assert page.soup.select_one("#survey-form input[name=from]")["value"] == "check"
    page = submit(client, page, {"action": "back"})
    assert path(page) == "/en/s/test-campaign/send" and page.lang == "en"
    friend = by_question(page)[question(short_8_10, "good_friend", "en")]
    assert friend["answer"] == label(short_8_10, "good_friend", "yes", "en")


def test_a_change_that_brings_in_a_follow_up_asks_it_before_coming_back(client, campaign, short_8_10):
    check = walk(client, "test-campaign", "en", {**SOME_ANSWERS, "know_social_worker": "no"})
    trust = question(short_8_10, "trust_social_worker", "en")
    assert trust not in by_question(check)
    row = by_question(check)[question(short_8_10, "know_social_worker", "en")]
    page = submit(client, get_page(client, row["href"]), {"know_social_worker": "yes", "action": "continue"})
    assert path(page) == "/en/s/test-campaign/3", "the new follow-up question comes first"
    page = submit(client, page, {"trust_social_worker": "sometimes", "action": "continue"})
    assert path(page) == "/en/s/test-campaign/send"
    assert by_question(page)[trust]["answer"] == label(short_8_10, "trust_social_worker", "sometimes", "en")


def test_an_answer_hidden_again_by_a_change_is_neither_listed_nor_sent(client, campaign, short_8_10):
    check = walk(client, "test-campaign", "en", {**SOME_ANSWERS, "trust_social_worker": "yes"})
    trust = question(short_8_10, "trust_social_worker", "en")
    assert by_question(check)[trust]["answer"] == label(short_8_10, "trust_social_worker", "yes", "en")
    row = by_question(check)[question(short_8_10, "know_social_worker", "en")]
    page = submit(client, get_page(client, row["href"]), {"know_social_worker": "no", "action": "continue"})
    assert path(page) == "/en/s/test-campaign/send"
    assert trust not in by_question(page)
    submit(client, page, {})
    [response] = stored()
    assert "trust_social_worker" not in response.answers and response.answers["know_social_worker"] == "no"


def test_free_text_is_shown_as_saved_with_names_taken_out(client, campaign, short_8_10):
    page = walk(client, "test-campaign", "cy", {"make_care_better": "Fy enw i yw Jessica"})
    written = by_question(page)[question(short_8_10, "make_care_better", "cy")]["answer"]
    assert written == "Fy enw i yw [enw]"
    assert "Jessica" not in page.response.get_data(as_text=True)


@pytest.fixture()
def every_type(app) -> FrozenQuestionnaire:
    loaded = load_library(PROJECT_ROOT / "questionnaires", [data_dir() / "every-type.yaml"])
    frozen = loaded.questionnaires["every-type"]
    create_campaign(create_version(frozen), slug="every-type")
    return frozen


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_grids_numbers_and_scales_are_put_into_words(client, every_type, lang):
    answers = {
        "agree": "agree",
        "where__training": "national",
        "moves__rather_not_say": "y",
        "talk_to": "nobody",
    }
    page = walk(client, "every-type", lang, answers)
    listed = by_question(page)
    grid = listed[question(every_type, "where", lang)]
    rows_of_grid = {row.id: row.text(lang) for row in every_type.item("where").rows}
    assert grid["answers"] == [
        f"{rows_of_grid['training']}: {label(every_type, 'where', 'national', lang)}",
        f"{rows_of_grid['payments']}: {NOT_ANSWERED[lang]}",
    ]
    assert grid["href"].endswith("#where__training-national")
    assert listed[question(every_type, "agree", lang)]["answer"] == label(every_type, "agree", "agree", lang)
    assert listed[question(every_type, "moves", lang)]["answer"] == every_type.rather_not_say.label(lang)
    assert listed[question(every_type, "moves", lang)]["href"].endswith("/1?from=check#moves")
    assert listed[question(every_type, "talk_to", lang)]["answer"] == label(
        every_type, "talk_to", "nobody", lang
    )
    assert listed[question(every_type, "more", lang)]["answer"] == NOT_ANSWERED[lang]


def test_a_number_is_shown_as_given(client, every_type):
    page = walk(client, "every-type", "en", {"moves": "3"})
    assert by_question(page)[question(every_type, "moves", "en")]["answer"] == "3"


def test_nothing_answered_still_lists_every_question_of_the_bundled_8_10_survey(client, app, library):
    frozen = library.questionnaires["children-8-10"]
    create_campaign(create_version(frozen), slug="plant")
    page = walk(client, "plant", "cy", {})
    asked = [
        item.text("cy") for each in frozen.pages for item in frozen.visible_items(each, {}) if item.answerable
    ]
    listed = rows(page)
    assert [row["question"] for row in listed] == asked and len(asked) >= 30
    assert {row["answer"] for row in listed} == {"Heb ei ateb"}
    assert "Doedd dim rhaid i ti ateb pob cwestiwn" in page.main_text()


FOSTER_CARERS = {
    "cy": ("Gwiriwch eich atebion cyn eu hanfon", "Doedd dim rhaid i chi ateb pob cwestiwn.", "eich ateb:"),
    "en": ("Check your answers before you send them", "You did not have to answer every", "your answer:"),
}
TI_WORDS = (" dy ", " ti ", " ti.", " di ", "Gwiria ", "wnest", "fyddi")


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_foster_carers_are_spoken_to_as_adults(client, app, library, lang):
    frozen = library.questionnaires["foster-carers"]
    create_campaign(create_version(frozen), slug="gofalwyr")
    first = next(item for item in frozen.items() if item.type in ("single_choice", "yes_no", "scale"))
    value = frozen.options(first)[0].value
    page = walk(client, "gofalwyr", lang, {first.id: value})
    heading, skipped, hidden = FOSTER_CARERS[lang]
    assert page.soup.h1.get_text() == heading and skipped in page.main_text()
    listed = by_question(page)
    assert listed[first.text(lang)]["answer"] == label(frozen, first.id, value, lang)
    assert all(row["hidden"].startswith(hidden) for row in listed.values())
    if lang == "cy":
        # The page's own words, without the questions and answers (those are the questionnaire's).
        for each in page.soup.select("main .summary-key, main .summary-value"):
            each.decompose()
        own_words = f" {page.main_text()} "
        assert not [word for word in TI_WORDS if word in own_words], own_words
        assert "Ar ôl i chi eu hanfon" in own_words


def test_the_check_page_without_a_response_goes_to_the_introduction(client, campaign):
    page = get_page(client, "/en/s/test-campaign/send")
    assert path(page) == "/en/s/test-campaign"


def test_in_the_staff_preview_change_comes_back_to_the_check_page(client, app, library):
    frozen = library.questionnaires["young-people-11-18"]
    version = create_version(frozen)
    create_user("officer@example.org", "officer")
    sign_in(client, "officer@example.org", "en")
    base = f"/en/staff/preview/version/{version.id}"
    end = get_page(client, f"{base}/end")
    assert end.soup.h1.get_text() == HEADING["en"]
    first = rows(end)[0]
    assert first["answer"] == NOT_ANSWERED["en"] and first["href"].startswith(f"{base}/1?from=check#")
    page = get_page(client, first["href"])
    radio = page.soup.select_one("#survey-form input[type=radio]")
    page = submit(client, page, {radio["name"]: radio["value"], "action": "continue"})
    assert path(page) == f"{base}/end"
    assert rows(page)[0]["answer"] != NOT_ANSWERED["en"]
    assert stored() == []

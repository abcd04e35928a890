"""A respondent on a narrow phone: finish a survey, switch language mid-way, resume on another phone,
and be helped straight to the problem when a page has an error."""

from __future__ import annotations

import re

import pytest

from .live_server import EVERY_TYPE, TRY_PREFIX
from .steps import (
    answer_page,
    assert_fits,
    assert_language,
    back_button,
    chosen,
    click_and_wait,
    continue_button,
    finish,
    goto,
    page_number,
    path_of,
    start,
)

OTHER = {"cy": "en", "en": "cy"}
RESUME_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


@pytest.mark.parametrize(
    ("questionnaire", "lang", "width"),
    [
        ("children-8-10", "cy", 320),
        ("children-8-10", "en", 360),
        ("children-4-7", "cy", 360),
        ("children-4-7", "en", 320),
    ],
)
def test_a_child_finishes_a_survey_by_tapping_answers(new_page, live_server, questionnaire, lang, width):
    page = new_page(width)
    start(page, live_server.survey_url(lang, TRY_PREFIX + questionnaire))
    seen = finish(page, lang)
    assert len(seen) == len(set(seen)) and seen == sorted(seen), f"pages out of order: {seen}"
    assert len(seen) >= 5
    assert page.locator("h1").inner_text().strip() in ("Diolch", "Thank you")


def answer_and_continue(page, lang: str, pages: int) -> dict[int, dict]:
    """Answer and save `pages` question pages; return what was chosen on each, by page number."""
    answered = {}
    for _ in range(pages):
        number = page_number(page)
        answer_page(page, lang)
        answered[number] = chosen(page)
        click_and_wait(page, continue_button(page))
    return answered


@pytest.mark.parametrize(("lang", "width"), [("cy", 320), ("en", 360)])
def test_switching_language_mid_way_keeps_every_answer(new_page, live_server, lang, width):
    page = new_page(width)
    start(page, live_server.survey_url(lang, TRY_PREFIX + "children-8-10"))
    answered = answer_and_continue(page, lang, pages=2)
    # Choose answers on this page, but do not Continue: the switch itself must keep them.
    number = page_number(page)
    answer_page(page, lang, choice=1)
    unsaved = chosen(page)
    assert unsaved["checked"], "nothing was chosen on the page before switching"

    click_and_wait(page, page.locator("header button.lang-switch"))

    other = OTHER[lang]
    assert page_number(page) == number, f"the switch moved to {path_of(page)}"
    assert path_of(page).startswith(f"/{other}/")
    assert_language(page, other)
    assert_fits(page)
    assert chosen(page) == unsaved
    # The pages saved before the switch still have their answers, now shown in the other language.
    for earlier in sorted(answered, reverse=True):
        click_and_wait(page, back_button(page))
        assert page_number(page) == earlier
        assert chosen(page) == answered[earlier], f"answers lost on page {earlier}"
    finish(page, other)


def typed_code(code: str, style: str) -> str:
    return code.lower().replace("-", " ") if style == "lower-spaces" else code


@pytest.mark.parametrize(
    ("lang", "width", "style"),
    [("cy", 320, "lower-spaces"), ("en", 360, "as-shown")],
)
def test_save_and_finish_later_then_resume_on_a_new_phone(new_page, live_server, lang, width, style):
    slug = TRY_PREFIX + "children-8-10"
    page = new_page(width)
    start(page, live_server.survey_url(lang, slug))
    answered = answer_and_continue(page, lang, pages=2)
    number = page_number(page)
    answer_page(page, lang)
    answered[number] = chosen(page)
    later = page.locator("#survey-form button[name=action][value=later]")
    assert later.count() == 1, "no 'Save and finish later' button on the question page"
    click_and_wait(page, later)
    assert path_of(page) == f"/{lang}/s/{slug}/later"
    assert_language(page, lang)
    assert_fits(page)
    code = page.locator("#resume-code").inner_text().strip()
    assert RESUME_CODE.match(code), f"resume code {code!r} is not like K7QM-2RXD-9HTA"

    phone = new_page(width)  # another browser: no cookie, nothing in common but the code
    goto(phone, live_server.survey_url(lang, slug, "/resume"))
    assert_fits(phone)
    phone.locator("input[name=code]").fill(typed_code(code, style))
    click_and_wait(phone, phone.locator("#resume-submit"))
    landed = page_number(phone)
    assert landed is not None and landed > max(answered), f"resumed at {path_of(phone)}, not the next page"
    assert_language(phone, lang)
    assert chosen(phone)["checked"] == [], "the next unanswered page has answers chosen"
    for earlier in sorted(answered, reverse=True):
        click_and_wait(phone, back_button(phone))
        assert page_number(phone) == earlier
        assert chosen(phone) == answered[earlier], f"answers lost on page {earlier} after resuming"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_wrong_resume_code_is_explained_and_resumes_nothing(new_page, live_server, lang):
    page = new_page(320)
    goto(page, live_server.survey_url(lang, TRY_PREFIX + "children-8-10", "/resume"))
    page.locator("input[name=code]").fill("AAAA-BBBB-CCCC")
    click_and_wait(page, page.locator("#resume-submit"), expect_ok=False)
    assert page_number(page) is None, "a made-up code resumed someone's answers"
    assert_language(page, lang)
    assert page.locator(".error-summary, .field-error").count() > 0, "no message says the code is wrong"
    assert_fits(page)


@pytest.mark.parametrize(("lang", "width"), [("cy", 320), ("en", 360)])
def test_the_error_summary_takes_focus_and_answers_stay(new_page, live_server, lang, width):
    page = new_page(width)
    start(page, live_server.survey_url(lang, EVERY_TYPE))
    page.locator("fieldset.question-scale .choice:not(.not-saying) > label").first.click()
    before = chosen(page)["checked"]
    page.locator("input[name=moves]").fill("lots")
    click_and_wait(page, continue_button(page), expect_ok=False)

    assert page.title().startswith("Gwall:" if lang == "cy" else "Error:")
    focused = page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert focused, "the error summary does not have focus after a failed Continue"
    assert chosen(page)["checked"] == before
    assert page.locator("input[name=moves]").input_value() == "lots"
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.name") == "moves", "the error link does not reach the field"
    assert_fits(page)

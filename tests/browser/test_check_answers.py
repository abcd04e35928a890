"""Check your answers on a narrow phone: every answer listed, a Change link back to its question and straight
back again, then Send; a 43-question survey's list still fits a 320-pixel screen and passes axe."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS
from .live_server import EVERY_TYPE, TRY_PREFIX
from .steps import answer_page, assert_fits, assert_language, click_and_wait, continue_button, path_of, start
from .test_accessibility import run_axe, violations_report

NOT_ANSWERED = {"cy": "Heb ei ateb", "en": "Not answered"}
SEND = {"cy": "Anfon fy atebion", "en": "Send my answers"}
THANK_YOU = {"cy": "Diolch", "en": "Thank you"}


def summary(page) -> dict[str, str]:
    """question -> answer, as the check page shows them."""
    return {
        row.locator(".summary-key").inner_text().strip(): " ".join(
            row.locator(".summary-value").inner_text().split()
        )
        for row in page.locator(".summary-row").all()
    }


def walk_to_check(page, lang: str) -> None:
    """Answer every question page and Continue until the check page."""
    for _ in range(60):
        if path_of(page).endswith("/send"):
            return
        answer_page(page, lang)
        click_and_wait(page, continue_button(page))
    raise AssertionError("never reached the check page")


@pytest.mark.parametrize(("lang", "width"), [("cy", 320), ("en", 360), ("en", 320), ("cy", 360)])
def test_a_respondent_checks_changes_one_answer_and_sends(new_page, live_server, axe_path, lang, width):
    page = new_page(width, bypass_csp=True)  # only so that the test can add axe to the page
    frozen = live_server.surveys[EVERY_TYPE]
    start(page, live_server.survey_url(lang, EVERY_TYPE))
    answer_page(page, lang)  # the first option of each question on page 1
    click_and_wait(page, continue_button(page))
    click_and_wait(page, continue_button(page))  # page 2's free text left empty
    assert path_of(page).endswith("/send")
    assert_language(page, lang)
    assert_fits(page)
    shown = summary(page)
    agree = frozen.item("agree")
    options = frozen.options(agree)
    assert shown[agree.text(lang)] == options[0].label(lang)
    assert shown[frozen.item("more").text(lang)] == NOT_ANSWERED[lang]
    page.add_script_tag(path=str(axe_path))
    violations = run_axe(page)
    assert not violations, violations_report(violations)

    # Change: back to the question itself, on its page.
    row = page.locator(".summary-row", has=page.get_by_text(agree.text(lang), exact=True))
    click_and_wait(page, row.get_by_role("link"))
    assert path_of(page).endswith(f"/{EVERY_TYPE}/1") and "from=check" in page.url
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == (
        f"agree-{options[0].value}"
    )
    assert_fits(page)
    page.locator(f"label[for=agree-{options[3].value}]").click()
    click_and_wait(page, continue_button(page))

    # Straight back to the check page (not page 2), with the new answer.
    assert path_of(page).endswith("/send")
    assert summary(page)[agree.text(lang)] == options[3].label(lang)
    assert_fits(page)
    click_and_wait(page, page.get_by_role("button", name=SEND[lang]))
    assert path_of(page).endswith("/thank-you")
    assert page.locator("h1").inner_text().strip() == THANK_YOU[lang]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_43_questions_of_the_8_10_survey_fit_a_320_pixel_phone(new_page, live_server, axe_path, lang):
    slug = TRY_PREFIX + "children-8-10"
    assert live_server.surveys[slug].question_count() == 43
    page = new_page(320, bypass_csp=True)
    start(page, live_server.survey_url(lang, slug))
    walk_to_check(page, lang)
    rows = page.locator(".summary-row")
    assert rows.count() >= 35
    page.add_script_tag(path=str(axe_path))
    for width, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        assert_fits(page)
        # Every Change link is a comfortable target, and no row is wider than the screen.
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.summary-row')].map(row => {
                const link = row.querySelector('.summary-actions a').getBoundingClientRect();
                return [row.getBoundingClientRect().right, link.height, link.width];
            })"""
        )
        assert all(right <= width and height >= 24 and wide >= 24 for right, height, wide in sizes), sizes
        violations = run_axe(page)
        assert not violations, f"{width}px:\n{violations_report(violations)}"

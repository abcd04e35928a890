"""The question bank in Chromium at desk width, in Welsh and English: search without JavaScript's help,
the questions shown in both languages, and axe-core finding nothing."""

from __future__ import annotations

import pytest

from .steps import click_and_wait, goto, path_of
from .test_accessibility import run_axe, violations_report
from .test_staff_pages import ADMIN, DESK, sign_in

SEARCHES = {
    "en": ("friend", "Domain", "Wording shared with"),
    "cy": ("ffrind", "Parth", "Yr un geiriad hefyd yn"),
}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_an_officer_searches_the_bank_and_reads_a_question_in_both_languages(
    new_page, live_server, axe_path, lang
):
    page = new_page(320, bypass_csp=True)
    sign_in(page, live_server, lang, ADMIN)
    page.set_viewport_size(DESK)
    goto(page, f"{live_server.url}/{lang}/staff/questionnaires/")
    click_and_wait(page, page.locator("main a[href$='/staff/question-bank/']"))
    assert page.evaluate("document.documentElement.lang") == lang
    words, domain_label, shared = SEARCHES[lang]
    assert page.locator("label[for=domain]").inner_text().strip() == domain_label
    page.locator("#q").fill(words)
    page.locator("#age_band").select_option("8-10")
    click_and_wait(page, page.locator("form.bank-search button[type=submit]"))
    assert "q=" in page.url and "age_band=8-10" in page.url
    entries = page.locator(".bank-entry")
    assert entries.count() >= 1
    first = entries.first
    assert first.locator("[lang=en]").count() == 1 and first.locator("[lang=cy]").count() == 1
    assert shared in page.locator("main").inner_text()
    page.add_script_tag(path=str(axe_path))
    violations = run_axe(page)
    assert not violations, f"{path_of(page)} ({lang}):\n{violations_report(violations)}"
    page.set_viewport_size({"width": 1024, "height": 800})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 1024, f"{path_of(page)} scrolls sideways at 1024px: {scroll}px"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_questionnaire_page_in_words_has_no_accessibility_violations(new_page, live_server, axe_path, lang):
    page = new_page(320, bypass_csp=True)
    sign_in(page, live_server, lang, ADMIN)
    page.set_viewport_size(DESK)
    goto(page, f"{live_server.url}/{lang}/staff/questionnaires/")
    row = page.locator("main tr", has_text="children-8-10").first
    click_and_wait(page, row.locator("a[href*='/staff/questionnaires/']").first)
    assert page.locator(".show-if").count() >= 1
    assert page.locator("#downloads + ul a").count() == 3
    page.add_script_tag(path=str(axe_path))
    violations = run_axe(page)
    assert not violations, f"{path_of(page)} ({lang}):\n{violations_report(violations)}"

"""The builder in Chromium at desk width, in Welsh and English, with axe: adapt the 11-18 questionnaire,
add a grid and a question asked only after an earlier answer, then publish."""

from __future__ import annotations

from typing import Any

import pytest

from .steps import click_and_wait, goto
from .test_accessibility import run_axe, violations_report
from .test_staff_pages import sign_in


def axe(page: Any, axe_path: Any) -> None:
    page.add_script_tag(path=str(axe_path))
    found = run_axe(page)
    assert not found, violations_report(found)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_an_officer_builds_and_publishes_a_questionnaire(new_page, live_server, axe_path, lang):
    page = new_page(320, bypass_csp=True)
    sign_in(page, live_server, lang)
    goto(page, f"{live_server.url}/{lang}/staff/questionnaires/")
    row = page.locator("main tr", has_text="young-people-11-18").first
    click_and_wait(page, row.locator("a[href*='/staff/questionnaires/']").first)
    page.locator("#new_id").fill(f"built-{lang}")
    click_and_wait(page, page.locator("#adapt ~ form button[type=submit], form:has(#new_id) button").first)
    click_and_wait(page, page.locator("main a[href$='/structure']").first)
    axe(page, axe_path)
    second_page = page.locator("main section[id^='page-']").nth(1)
    click_and_wait(page, second_page.locator("a[href*='/questions/new']").first)
    axe(page, axe_path)
    page.locator("#type").select_option("grid")
    page.locator("#text_en").fill("How often do you see them?")
    page.locator("#text_cy").fill("Pa mor aml wyt ti'n eu gweld?")
    page.locator("#options").select_option("how_often")
    page.locator("#rows").fill("Mum | Mam\nDad | Dad")
    click_and_wait(page, page.locator("button[value=save]"))
    assert page.locator("#item-how_often_do_you_see_them").count() == 1
    click_and_wait(page, second_page.locator("a[href*='/questions/new']").first)
    page.locator("#type").select_option("free_text")
    page.locator("#text_en").fill("What would help?")
    page.locator("#text_cy").fill("Beth fyddai'n helpu?")
    first = page.locator("#show_if_item option").nth(1).get_attribute("value")
    page.locator("#show_if_item").select_option(first)
    click_and_wait(page, page.locator("button[value=choose_show_if]"))
    page.locator("input[name=show_if_values]").first.check()
    click_and_wait(page, page.locator("button[value=save]"))
    assert page.locator("#item-what_would_help").count() == 1
    axe(page, axe_path)
    click_and_wait(page, page.locator("main p a").first)  # Back to the draft
    click_and_wait(page, page.locator("#publish form button[type=submit]"))
    if page.locator("input[name=wording_confirmed]").count():
        click_and_wait(page, page.locator("main form button[type=submit]"))
    assert "/staff/questionnaires/" in page.url

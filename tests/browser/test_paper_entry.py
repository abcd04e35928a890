"""Typing in a paper copy with the keyboard only, at a desk, in Welsh and English, checked by axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from .live_server import EVERY_TYPE
from .steps import goto, path_of
from .test_accessibility import run_axe, violations_report
from .test_staff_pages import sign_in

TAB_LIMIT = 80


def active(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id || '', tag: e.tagName, type: e.type || '', text: e.textContent || ''}; }"
    )


def tab_to(page: Any, wanted: Any) -> dict[str, str]:
    """Press Tab until the focused element is the one wanted (a test of the natural tab order too)."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        now = active(page)
        if wanted(now):
            return now
    raise AssertionError("never reached by Tab")


def no_violations(page: Any, axe_path: Any) -> None:
    page.add_script_tag(path=str(axe_path))
    violations = run_axe(page)
    assert not violations, violations_report(violations)


def press_and_wait(page: Any, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_an_officer_types_in_a_paper_copy_with_the_keyboard_only(new_page, live_server, axe_path, lang):
    page = new_page(320, bypass_csp=True)  # sign_in makes it a desk (1280 pixels)
    sign_in(page, live_server, lang)
    goto(page, f"{live_server.url}/{lang}/staff/campaigns/{EVERY_TYPE}")
    # From the campaign page to the form, by keyboard: the link, then the copy's language.
    tab_to(
        page, lambda now: now["tag"] == "A" and "/paper/new" in (page.evaluate("document.activeElement.href"))
    )
    press_and_wait(page, "Enter")
    no_violations(page, axe_path)
    english = "copy=en"
    tab_to(page, lambda now: now["tag"] == "A" and english in page.evaluate("document.activeElement.href"))
    press_and_wait(page, "Enter")
    assert path_of(page).endswith("/paper/new")
    no_violations(page, axe_path)
    # 1. a scale: Tab reaches the group; Space chooses the first answer, the arrow keys move along it.
    tab_to(page, lambda now: now["id"].startswith("agree-"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    # 2. a grid: one group per row.
    page.keyboard.press("Tab")
    assert active(page)["id"].startswith("where__training-")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert active(page)["id"].startswith("where__payments-")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    # 3. a number, out of range on purpose.
    page.keyboard.press("Tab")
    assert active(page)["id"] == "moves"
    page.keyboard.type("31")
    # 4. several answers: tick the first.
    tab_to(page, lambda now: now["id"].startswith("talk_to-"))
    page.keyboard.press("Space")
    # 5. free text on the next paper page.
    tab_to(page, lambda now: now["id"] == "more")
    page.keyboard.type("More trips out")
    tab_to(page, lambda now: now["tag"] == "BUTTON" and now["type"] == "submit")
    press_and_wait(page, "Enter")
    # The mistake is caught, in the officer's language, and everything typed is still there.
    message = {"cy": "Ysgrifennwch rif o 0 i 30", "en": "Write a number from 0 to 30"}[lang]
    assert message in page.locator("#moves-error").inner_text()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#moves").input_value() == "31"
    assert page.locator("#more").input_value() == "More trips out"
    assert page.locator("#agree-agree").is_checked()
    assert page.locator("#where__payments-regional").is_checked()
    no_violations(page, axe_path)
    tab_to(page, lambda now: now["id"] == "moves")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    tab_to(page, lambda now: now["tag"] == "BUTTON" and now["type"] == "submit")
    press_and_wait(page, "Enter")
    reference = page.locator("#reference").inner_text()
    assert len(reference) == 9 and reference[4] == "-"
    saved = {"cy": "Mae'r copi wedi'i gadw", "en": "The copy has been saved"}[lang]
    assert saved in page.locator("main").inner_text()
    no_violations(page, axe_path)
    # Opened again to correct it: the answers typed are there.
    goto(page, f"{live_server.url}/{lang}/staff/campaigns/{EVERY_TYPE}/paper/{reference}/correct")
    assert page.locator("#moves").input_value() == "3"
    assert page.locator("#where__training-national").is_checked()
    assert page.locator("#more").input_value() == "More trips out"

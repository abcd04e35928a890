""" "Leave this page" on a phone: pressed on a question page or the introduction, then Back, Back, Back.

The ordinary website the exit goes to (LLEISIAU_EXIT_URL, the BBC's weather page) is a stand-in served by
the live server (live_server.EXIT_PATH), so nothing leaves 127.0.0.1.
"""

from __future__ import annotations

from typing import Any

import pytest

from .live_server import EXIT_PATH, TRY_PREFIX
from .steps import answer_page, click_and_wait, continue_button, goto, path_of, start

NEUTRAL = "Weather forecast: sunny spells"
SURVEY_WORDS = ("Lleisiau", "arolwg", "survey", "gofal", "care", "Tudalen", "Page ", "Cael help", "Get help")
BACK_PRESSES = 4


def phone(new_page: Any, width: int, javascript: bool = True) -> Any:
    return new_page(width, java_script_enabled=javascript)


def press_leave(page: Any) -> None:
    with page.expect_navigation(url=f"**{EXIT_PATH}"):
        page.locator("header a.leave-page").click()
    assert NEUTRAL in page.locator("body").inner_text()


def assert_neutral(page: Any, where: str) -> None:
    """Nothing on screen says that a survey about care was open: the exit site, or the empty first page."""
    assert page.url == "about:blank" or path_of(page) == EXIT_PATH, f"{where}: {page.url}"
    shown = page.locator("body").inner_text() if page.locator("body").count() else ""
    for word in SURVEY_WORDS:
        assert word not in shown, f"{where}: {word!r} on screen at {page.url}"


def back_and_back(page: Any) -> None:
    for press in range(1, BACK_PRESSES + 1):
        page.go_back(wait_until="load")
        assert_neutral(page, f"Back pressed {press} times")


def two_pages_in(page: Any, url: str, lang: str) -> str:
    """Start a survey and save its first page; return what the second page shows, to look for later."""
    start(page, url)
    answer_page(page, lang)
    click_and_wait(page, continue_button(page))
    return page.locator("main h1").inner_text()


@pytest.mark.parametrize(
    ("lang", "width", "javascript"), [("cy", 320, True), ("en", 360, True), ("cy", 360, False)]
)
def test_leave_on_a_question_page_then_back_shows_no_survey(new_page, live_server, lang, width, javascript):
    page = phone(new_page, width, javascript)
    heading = two_pages_in(page, live_server.survey_url(lang, TRY_PREFIX + "children-8-10"), lang)
    press_leave(page)
    back_and_back(page)
    assert heading not in page.content()


@pytest.mark.parametrize(("lang", "width", "javascript"), [("en", 320, True), ("cy", 360, False)])
def test_leave_on_the_introduction_then_back_shows_no_survey(new_page, live_server, lang, width, javascript):
    page = phone(new_page, width, javascript)
    goto(page, live_server.survey_url(lang, TRY_PREFIX + "young-people-11-18"))
    press_leave(page)
    back_and_back(page)


@pytest.mark.parametrize(("lang", "width", "words"), [("cy", 320, "yn gyflym"), ("en", 360, "quickly")])
def test_the_4_to_7_exit_is_quiet_and_still_leaves(new_page, live_server, lang, width, words):
    page = phone(new_page, width)
    url = live_server.survey_url(lang, TRY_PREFIX + "children-4-7")
    start(page, url)
    link = page.locator("header a.leave-page")
    assert words in link.inner_text()
    style = link.evaluate("e => { const s = getComputedStyle(e); return [s.backgroundColor, s.fontWeight]; }")
    assert style[0] == "rgb(255, 255, 255)" and int(style[1]) < 700, style  # not the older ones' red button
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44  # still easy to tap
    hint = page.locator("header .leave-hint").inner_text()
    assert hint.startswith("I'r oedolyn" if lang == "cy" else "For the adult")
    # The older children's exit, for comparison: the red button.
    other = phone(new_page, width)
    goto(other, live_server.survey_url(lang, TRY_PREFIX + "children-8-10"))
    red = other.locator("header a.leave-page").evaluate("e => getComputedStyle(e).backgroundColor")
    assert red == "rgb(177, 14, 30)"
    press_leave(page)
    back_and_back(page)

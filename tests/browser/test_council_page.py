"""A survey across Wales on a 320-pixel phone: Start in the first screen, the council on the next page.

The council question used to sit between the promises and Start, four screens down (walk-through
finding 11); now the introduction fits Start in the first screen and the council list has its own page.
"""

from __future__ import annotations

import pytest

from .live_server import NATIONAL
from .steps import assert_fits, assert_language, click_and_wait, continue_button, goto, page_number, path_of

COUNCIL = {"cy": "Caerdydd", "en": "Cardiff"}


def start_button(page):
    return page.locator("#intro-form button[name=action][value=start]")


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_start_is_in_the_first_screen_of_a_survey_across_wales(new_page, live_server, lang):
    page = new_page(320)
    goto(page, live_server.survey_url(lang, NATIONAL))
    assert_fits(page)
    assert page.locator("input[name=authority]").count() == 0
    box = start_button(page).bounding_box()
    assert box is not None
    screen = page.viewport_size["height"]
    assert box["y"] + box["height"] <= screen, f"Start ends at {box['y'] + box['height']:.0f}px of {screen}px"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_council_is_chosen_on_the_next_page_by_tapping_its_name(new_page, live_server, lang):
    page = new_page(320)
    goto(page, live_server.survey_url(lang, NATIONAL))
    click_and_wait(page, start_button(page))
    assert path_of(page) == f"/{lang}/s/{NATIONAL}/council"
    assert_language(page, lang)
    assert_fits(page)
    assert page.locator("input[name=authority]:checked").count() == 0
    page.get_by_text(COUNCIL[lang], exact=True).click()
    click_and_wait(page, page.locator("#council-form button[name=action][value=continue]"))
    assert page_number(page) == 1
    assert continue_button(page).count() == 1

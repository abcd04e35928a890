"""The 0-10 scale, "I'd rather not say" under faces, and the free-text counter, on 320 and 360 pixel phones.

The scale must read as one run from 0 to 10 (here: one column, 0 at the top) with "0 means..." beside the 0
and "10 means..." beside the 10, and "I'd rather not say" after it. Each case saves a full-page screenshot
under the test's tmp dir (and, when LLEISIAU_SHOTS_DIR is set, a copy there for a person to look at).
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from .live_server import TRY_PREFIX, LiveServer
from .steps import assert_fits, click_and_wait, continue_button, goto, start
from .test_accessibility import run_axe, violations_report

WIDTHS = (320, 360)
SCALES = {  # survey: the 0-10 items on its page
    "children-8-10": ["life_score"],
    "young-people-11-18": ["life_score"],
    "care-leavers-16-25": ["ons_life_satisfaction", "ons_worthwhile", "ons_happiness", "ons_low_anxiety"],
}
SHORT = {"children-8-10": "810", "young-people-11-18": "1118", "care-leavers-16-25": "cl-ons4"}
TOLERANCE = 1.5  # pixels: rounding of sub-pixel layout


def page_of(server: LiveServer, slug: str, item_id: str) -> int:
    frozen = server.surveys[slug]
    return next(n for n, page in enumerate(frozen.pages, 1) if any(item.id == item_id for item in page.items))


def open_question(page: Any, server: LiveServer, survey: str, item_id: str, lang: str) -> None:
    slug = TRY_PREFIX + survey
    start(page, server.survey_url(lang, slug))
    goto(page, server.survey_url(lang, slug, f"/{page_of(server, slug, item_id)}"))


def box(locator: Any) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not on screen"
    return found


def screenshot(page: Any, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot that is really a picture of the page: the phone's width, and not blank."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    with Image.open(path) as image:
        assert image.width == page.viewport_size["width"], f"{name}: {image.width}px wide"
        assert image.height >= page.viewport_size["height"], f"{name}: {image.height}px high"
        grey = image.convert("L")
        low, high = grey.getextrema()
        assert high - low > 128, f"{name} is blank"
        assert len(grey.getcolors(maxcolors=256 * 256) or []) > 8, f"{name} has almost no detail"
    assert path.stat().st_size > 5_000, f"{name}: only {path.stat().st_size} bytes"
    copies = os.environ.get("LLEISIAU_SHOTS_DIR")
    if copies:
        Path(copies).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(copies) / path.name)
    return path


# --- the 0-10 scale ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("survey", list(SCALES))
def test_the_0_10_scale_is_one_run_from_0_to_10_with_its_meanings_at_its_ends(
    new_page, live_server, tmp_path, survey, lang, width
):
    page = new_page(width)
    open_question(page, live_server, survey, SCALES[survey][0], lang)
    assert_fits(page)
    for item_id in SCALES[survey]:
        group = page.locator(f"fieldset.question-scale_0_10:has(input[name={item_id}])")
        radios = [group.locator(f"#{item_id}-{n}") for n in range(11)]
        boxes = [box(radio) for radio in radios]
        lefts = {round(each["x"]) for each in boxes}
        tops = [each["y"] for each in boxes]
        one_column = max(lefts) - min(lefts) <= TOLERANCE and tops == sorted(tops) and len(set(tops)) == 11
        one_row = max(tops) - min(tops) <= TOLERANCE and [each["x"] for each in boxes] == sorted(
            each["x"] for each in boxes
        )
        assert one_column or one_row, f"{item_id} at {width}px: 0-10 is neither one row nor one column"
        assert not any(b["width"] < 24 or b["height"] < 24 for b in boxes), "targets under 24px (WCAG 2.5.8)"
        for end, radio, radio_box in ((0, radios[0], boxes[0]), (10, radios[10], boxes[10])):
            meaning = group.locator(f"label[for={item_id}-{end}] .scale-end")
            assert meaning.count() == 1 and meaning.is_visible()
            where = box(meaning)
            number = box(group.locator(f"label[for={item_id}-{end}] > span").first)
            # Beside its number: on the same line as the radio button, just after the number.
            assert (
                where["y"] < radio_box["y"] + radio_box["height"]
                and where["y"] + where["height"] > radio_box["y"]
            )
            assert 0 <= where["x"] - (number["x"] + number["width"]) <= 24, (
                f"'{end} means' is not beside {end}"
            )
            assert where["x"] + where["width"] <= width, f"'{end} means' runs off the screen"
            # What a screen reader says for the radio button includes what the end means.
            name = radio.evaluate("e => e.labels[0].textContent.replace(/\\s+/g, ' ').trim()")
            assert name.startswith(f"{end} ") and meaning.inner_text().strip() in name
        not_saying = box(group.locator(f"#{item_id}-rather_not_say"))
        assert not_saying["y"] > boxes[10]["y"] + boxes[10]["height"], "'rather not say' is not after 10"
        assert group.locator("input:checked").count() == 0, "nothing is chosen for the respondent"
    screenshot(page, tmp_path, f"scale-{SHORT[survey]}-{lang}-{width}")


def test_the_scale_pages_are_axe_clean_with_a_chosen_answer(new_page, live_server, axe_path):
    page = new_page(320, bypass_csp=True)
    open_question(page, live_server, "care-leavers-16-25", "ons_happiness", "cy")
    page.locator("label[for=ons_happiness-10]").click()
    page.add_script_tag(path=str(axe_path))
    violations = run_axe(page)
    assert not violations, violations_report(violations)


@pytest.mark.parametrize("width", WIDTHS)
def test_rather_not_say_under_faces_looks_as_it_does_elsewhere(new_page, live_server, tmp_path, width):
    page = new_page(width)
    slug = TRY_PREFIX + "children-8-10"
    frozen = live_server.surveys[slug]
    faces = next(item for p in frozen.pages for item in p.items if item.type == "faces")
    other = next(item for p in frozen.pages for item in p.items if item.type == "single_choice")

    def looks(item_id: str) -> dict[str, str]:
        open_question(page, live_server, "children-8-10", item_id, "cy")
        label = page.locator(f"label[for={item_id}-rather_not_say]")
        return label.evaluate(
            """e => { const s = getComputedStyle(e), box = getComputedStyle(e.control);
                      return {weight: s.fontWeight, size: s.fontSize, box: box.width}; }"""
        )

    under_other = looks(other.id)
    under_faces = looks(faces.id)
    assert under_faces == under_other
    screenshot(page, tmp_path, f"faces-rather-not-say-cy-{width}")


# --- free text --------------------------------------------------------------------------------------

LIMIT = 600  # children-8-10 make_care_better


def count_text(page: Any) -> str:
    return page.locator("#make_care_better-count").inner_text().strip()


def spoken(page: Any) -> Any:
    return page.locator("#make_care_better-count + [aria-live=polite]")


def wait_until_spoken(page: Any, words: str) -> None:
    """The polite live region says `words` (it waits for a pause in typing, as a screen reader would)."""
    page.wait_for_function(
        "words => document.querySelector('#make_care_better-count + [aria-live=polite]').textContent"
        ".includes(words)",
        arg=words,
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_counter_counts_as_you_type_and_says_when_it_is_too_long(new_page, live_server, tmp_path, width):
    page = new_page(width)
    open_question(page, live_server, "children-8-10", "make_care_better", "cy")
    box_ = page.locator("#make_care_better")
    hint = page.locator("#make_care_better-limit")
    assert hint.inner_text().strip() == "Galli di ysgrifennu hyd at 600 o lythrennau (tua 100 o eiriau)."
    assert count_text(page) == "Mae gen ti 600 o lythrennau ar ôl"
    assert page.locator("#make_care_better-count").get_attribute("aria-hidden") == "true"
    box_.press_sequentially("Helô 🙂")
    assert count_text(page) == "Mae gen ti 594 o lythrennau ar ôl"
    wait_until_spoken(page, "Mae gen ti 594 o lythrennau ar ôl")
    box_.fill("ŵ" * 6999 + "!")
    assert count_text(page) == "Rwyt ti wedi ysgrifennu 7,000 o lythrennau: 6,400 yn ormod"
    assert "too-long" in (page.locator("#make_care_better-count").get_attribute("class") or "")
    wait_until_spoken(page, "Rwyt ti wedi ysgrifennu 7,000 o lythrennau: 6,400 yn ormod")
    assert spoken(page).get_attribute("class") == "visually-hidden"
    assert_fits(page)
    screenshot(page, tmp_path, f"free-text-too-long-js-cy-{width}")
    # Continue: the server counts the same, keeps the text, and says how much to cut.
    click_and_wait(page, continue_button(page), expect_ok=False)
    assert (
        "Mae dy ateb yn 7,000 o lythrennau o hyd: cwtoga fe i 600 neu lai"
        in page.locator(".error-summary").inner_text()
    )
    assert box_.input_value() == "ŵ" * 6999 + "!"
    assert count_text(page) == "Rwyt ti wedi ysgrifennu 7,000 o lythrennau: 6,400 yn ormod"


@pytest.mark.parametrize("over", [0, 1])
def test_the_counter_and_the_server_agree_on_emoji_welsh_letters_and_new_lines(new_page, live_server, over):
    """600 letters written with emoji (two UTF-16 units each), "ŵ" as w + combining circumflex and new lines
    (sent as CRLF): both say it fits; one more letter and both say it is one too many."""
    page = new_page(320)
    open_question(page, live_server, "children-8-10", "make_care_better", "en")
    unit = "🙂" + unicodedata.normalize("NFD", "ŵ") + "\n"  # three letters
    text = unit * (LIMIT // 3) + "x" * over
    page.locator("#make_care_better").fill(text)
    if over:
        assert count_text(page) == "You have written 601 letters: 1 too many"
        click_and_wait(page, continue_button(page), expect_ok=False)
        assert (
            "Your answer is 601 letters long: cut it to 600 or fewer"
            in page.locator(".error-summary").inner_text()
        )
    else:
        # The last new line is space at the end, which is not kept: 599 letters.
        assert count_text(page) == "You have 1 letter left"
        click_and_wait(page, continue_button(page))
        assert page.locator(".error-summary").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_limit_is_a_plain_hint_and_continue_explains(
    new_page, live_server, tmp_path, width
):
    page = new_page(width, java_script_enabled=False)
    open_question(page, live_server, "children-8-10", "make_care_better", "en")
    assert page.locator("#make_care_better-limit").is_visible()
    assert page.locator("#make_care_better-limit").inner_text().strip() == (
        "You can write up to 600 letters (about 100 words)."
    )
    assert page.locator(".text-count").count() == 0
    page.locator("#make_care_better").fill("a" * 700)
    click_and_wait(page, continue_button(page), expect_ok=False)
    assert (
        "Your answer is 700 letters long: cut it to 600 or fewer"
        in page.locator(".error-summary").inner_text()
    )
    assert page.locator("#make_care_better").input_value() == "a" * 700
    assert_fits(page)
    screenshot(page, tmp_path, f"free-text-too-long-nojs-en-{width}")


def test_the_4_7_page_says_the_adult_writes(new_page, live_server):
    page = new_page(360)
    frozen = live_server.surveys[TRY_PREFIX + "children-4-7"]
    item = next(item for p in frozen.pages for item in p.items if item.type == "free_text")
    open_question(page, live_server, "children-4-7", item.id, "cy")
    assert page.locator(f"#{item.id}-limit").inner_text().strip() == (
        "Gall yr oedolyn ysgrifennu hyd at 300 o lythrennau."
    )
    assert page.locator(f"#{item.id}-count").inner_text().strip() == "Mae gen ti 300 o lythrennau ar ôl"

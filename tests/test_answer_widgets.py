"""The 0-10 scale, "I'd rather not say" and free text, as the markup a respondent (or a screen reader) gets.

The scale is one list from 0 to 10 with each end's meaning in the label of its number and "I'd rather not
say" after it; free text says its limit in words a child knows, and an answer over it is kept and answered
with how long it is and what to cut it to, counted as the browser's counter counts.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import g, render_template_string, request

from survey_app.respond.forms import page_form
from survey_app.respond.text_limits import letter_count
from survey_app.respond.views import ADULT_AUDIENCES

from .conftest import submit
from .test_respond_journey import start

QUESTION = '{% from "macros/questions.html" import question with context %}{{ question(frozen, item, form) }}'
ONS = ["ons_life_satisfaction", "ons_worthwhile", "ons_happiness", "ons_low_anxiety"]


def find(frozen: Any, item_id: str) -> Any:
    return next(item for page in frozen.pages for item in page.items if item.id == item_id)


def rendered(app: Any, frozen: Any, item_id: str, lang: str, typed: str | None = None) -> BeautifulSoup:
    """One question as the question page draws it, in the register of its audience; with `typed`, as it
    comes back after Continue with that text in the box."""
    item = find(frozen, item_id)
    data = {item_id: typed} if typed is not None else None
    with app.test_request_context(f"/{lang}/s/x/1", method="POST" if data else "GET", data=data):
        g.lang = lang
        g.formal = frozen.questionnaire.audience in ADULT_AUDIENCES
        form = page_form(frozen, [item], lang, {}, formdata=request.form if data else None)
        if data:
            form.validate()
        html = render_template_string(QUESTION, frozen=frozen, item=item, form=form)
    return BeautifulSoup(html, "html.parser")


def text_of(node: Any) -> str:
    return " ".join(node.get_text(" ").split())


# --- the 0-10 scale ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("survey", "item_id"),
    [("children-8-10", "life_score"), ("young-people-11-18", "life_score")]
    + [("care-leavers-16-25", each) for each in ONS],
)
@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_0_10_scale_runs_from_0_to_10_with_each_meaning_beside_its_end_then_rather_not_say(
    app, library, survey, item_id, lang
):
    frozen = library.questionnaires[survey]
    item = find(frozen, item_id)
    soup = rendered(app, frozen, item_id, lang)
    choices = soup.select(".choices.scale > .choice")
    values = [choice.input["value"] for choice in choices]
    assert values == [str(n) for n in range(11)] + ["rather_not_say"]
    assert not soup.select("input[checked]"), "nothing is chosen for the respondent"
    # The meaning of each end is inside the label of its number, so it is next to it on screen and part of
    # what a screen reader says for that radio button.
    labels = [text_of(choice.label) for choice in choices]
    assert labels[0] == f"0 {item.anchors.low(lang)}"
    assert labels[10] == f"10 {item.anchors.high(lang)}"
    assert labels[1:10] == [str(n) for n in range(1, 10)]
    assert (
        soup.select_one("#" + item_id + "-0").find_next_sibling("label").select_one(".scale-end") is not None
    )
    assert len(soup.select(".scale-end")) == 2
    # "I'd rather not say" comes after 10, set apart, and is not an end of the scale.
    not_saying = choices[-1]
    assert "not-saying" in not_saying["class"] and not not_saying.select(".scale-end")
    assert text_of(not_saying.label) == (
        "Byddai'n well gen i beidio â dweud" if lang == "cy" else "I'd rather not say"
    )
    # The old line of both meanings after "rather not say" is gone.
    assert not soup.select(".anchors")


def test_a_saved_scale_answer_is_shown_chosen_and_only_that_one(app, library):
    frozen = library.questionnaires["children-8-10"]
    item = find(frozen, "life_score")
    with app.test_request_context("/cy/s/x/1"):
        g.lang, g.formal = "cy", False
        form = page_form(frozen, [item], "cy", {"life_score": "10"})
        soup = BeautifulSoup(
            render_template_string(QUESTION, frozen=frozen, item=item, form=form), "html.parser"
        )
    assert [each["id"] for each in soup.select("input[checked]")] == ["life_score-10"]


def test_rather_not_say_under_faces_is_drawn_as_under_every_other_question(app, library):
    """Finding 12: the same markup (no face, no picture) so the same quiet style applies."""
    frozen = library.questionnaires["children-4-7"]
    faces = next(item for page in frozen.pages for item in page.items if item.type == "faces")
    soup = rendered(app, frozen, faces.id, "cy")
    [not_saying] = soup.select(".choices.faces .choice.not-saying")
    assert not not_saying.select("svg") and not not_saying.select(".visually-hidden")
    assert [child.name for child in not_saying.label.children if child.name] == ["span"]


# --- free text: the hint ---------------------------------------------------------------------------

HINTS = {
    ("children-8-10", "cy"): "Galli di ysgrifennu hyd at 600 o lythrennau (tua 100 o eiriau).",
    ("children-8-10", "en"): "You can write up to 600 letters (about 100 words).",
    ("young-people-11-18", "cy"): "Galli di ysgrifennu hyd at 1,000 o lythrennau (tua 170 o eiriau).",
    ("young-people-11-18", "en"): "You can write up to 1,000 letters (about 170 words).",
    ("care-leavers-16-25", "en"): "You can write up to 1,500 letters (about 250 words).",
    # 4-7: the child answers with an adult, who does the typing.
    ("children-4-7", "cy"): "Gall yr oedolyn ysgrifennu hyd at 300 o lythrennau.",
    ("children-4-7", "en"): "The adult can write up to 300 letters.",
    # Adults keep "characters" / "nod", in "chi".
    ("staff", "cy"): "Gallwch chi ysgrifennu hyd at 2,000 nod.",
    ("staff", "en"): "You can write up to 2,000 characters.",
}


@pytest.mark.parametrize(("survey", "lang"), list(HINTS))
def test_the_free_text_limit_is_said_in_words_the_respondent_knows(app, library, survey, lang):
    frozen = library.questionnaires[survey]
    free_text = next(item for page in frozen.pages for item in page.items if item.type == "free_text")
    soup = rendered(app, frozen, free_text.id, lang)
    hint = soup.select_one(f"#{free_text.id}-limit")
    assert text_of(hint) == HINTS[(survey, lang)]
    assert f"{free_text.id}-limit" in soup.select_one("textarea")["aria-describedby"].split()
    if frozen.questionnaire.audience not in ADULT_AUDIENCES:
        words = text_of(soup).lower()
        assert "character" not in words and " nod" not in words
    assert not soup.select_one("textarea").has_attr("maxlength"), "over-long text is never cut off"


@pytest.mark.parametrize(
    ("survey", "lang", "forms", "over"),
    [
        (
            "children-8-10",
            "cy",
            [
                "Does gen ti ddim llythrennau ar ôl",
                "Mae gen ti {count} llythyren ar ôl",
                *["Mae gen ti {count} o lythrennau ar ôl"] * 4,
            ],
            "Rwyt ti wedi ysgrifennu {length} o lythrennau: {over} yn ormod",
        ),
        (
            "children-8-10",
            "en",
            ["You have {count} letter left", "You have {count} letters left"],
            "You have written {length} letters: {over} too many",
        ),
        (
            "staff",
            "cy",
            ["Does gennych chi ddim nodau ar ôl", *["Mae gennych chi {count} nod ar ôl"] * 5],
            "Rydych chi wedi ysgrifennu {length} nod: {over} yn ormod",
        ),
    ],
)
def test_the_live_counter_gets_every_plural_form_of_the_page_language(
    app, library, survey, lang, forms, over
):
    frozen = library.questionnaires[survey]
    free_text = next(item for page in frozen.pages for item in page.items if item.type == "free_text")
    soup = rendered(app, frozen, free_text.id, lang)
    messages = json.loads(soup.select_one("textarea")["data-count"])
    assert messages == {"limit": free_text.text_limit, "left": forms, "over": over}


# --- free text: too long ----------------------------------------------------------------------------


def test_counting_is_by_letters_as_typed_not_by_bytes_or_utf16(app):
    composed = "ŵ"
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) == 2
    assert letter_count(decomposed) == letter_count(composed) == 1
    assert letter_count("🙂⚽") == 2  # four UTF-16 units in a browser's String.length
    assert letter_count("a\r\nb") == 3  # a form sends a new line as CRLF; the box counts one
    assert letter_count("  tŷ \n") == 2
    assert letter_count(None) == letter_count("") == 0


def test_an_answer_of_exactly_the_limit_in_emoji_and_welsh_letters_is_accepted(app, library):
    frozen = library.questionnaires["children-8-10"]
    text = ("ŵ🙂" * 300)[:600]
    soup = rendered(app, frozen, "make_care_better", "cy", typed=text)
    assert not soup.select(".field-error")


@pytest.mark.parametrize(
    ("survey", "lang", "message"),
    [
        ("children-8-10", "cy", "Mae dy ateb yn 7,000 o lythrennau o hyd: cwtoga fe i 600 neu lai"),
        ("children-8-10", "en", "Your answer is 7,000 letters long: cut it to 600 or fewer"),
        ("staff", "cy", "Mae eich ateb yn 7,000 nod o hyd: cwtogwch ef i 2,000 neu lai"),
        ("staff", "en", "Your answer is 7,000 characters long: cut it to 2,000 or fewer"),
    ],
)
def test_too_long_an_answer_says_how_long_it_is_and_what_to_cut_it_to_and_keeps_it(
    app, library, survey, lang, message
):
    frozen = library.questionnaires[survey]
    free_text = next(item for page in frozen.pages for item in page.items if item.type == "free_text")
    typed = ("Ŵy 🙂 " * 1400).strip() + "!"  # Welsh letters and emoji: 7,000 letters, 8,400 UTF-16 units
    assert letter_count(typed) == 7000
    soup = rendered(app, frozen, free_text.id, lang, typed=typed)
    assert text_of(soup.select_one(".field-error")).endswith(message)
    assert soup.select_one("textarea").get_text() == typed


def test_the_counter_script_comes_only_with_free_text(client, campaign):
    page = start(client)
    assert page.soup.select_one('script[src^="/static/text-count.js"]') is None
    for _ in range(4):
        page = submit(client, page, {"action": "continue"})
    assert page.soup.select_one("textarea#make_care_better") is not None
    script = page.soup.select_one('script[src^="/static/text-count.js"]')
    assert script is not None and script.has_attr("defer")
    hint = page.soup.select_one("#make_care_better-limit").get_text(strip=True)
    assert hint == "Galli di ysgrifennu hyd at 600 o lythrennau (tua 100 o eiriau)."


def test_an_over_long_answer_sent_without_javascript_is_kept_and_measured_in_welsh(client, campaign):
    page = start(client)
    for _ in range(4):
        page = submit(client, page, {"action": "continue"})
    typed = "Ŵ" * 650 + "\r\n" + "🙂" * 10
    page = submit(client, page, {"make_care_better": typed, "action": "continue"})
    assert page.status == 400
    summary = page.soup.select_one(".error-summary").get_text()
    assert "Mae dy ateb yn 661 o lythrennau o hyd: cwtoga fe i 600 neu lai" in summary
    assert page.soup.select_one("#make_care_better").get_text().replace("\r\n", "\n") == typed.replace(
        "\r\n", "\n"
    )

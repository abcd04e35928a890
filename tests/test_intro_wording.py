"""Each audience's introduction and thank-you page speak to that audience.

The 4-7 survey is done with an adult, who gets their own short introduction in "chi" beside a line for
the child; care leavers (16-25) are young adults, never told about "other children" or "the adults in
charge of care"; the self-audit is a council's own, so is not thanked as one of many anonymous voices.
"""

from __future__ import annotations

import pytest

from survey_app.extensions import db
from survey_app.respond import codes
from survey_app.store import access_codes

from .conftest import create_campaign, create_version, get_page, submit

ADULT_PART = {
    "en": [
        "For the adult helping",
        "Read each question and its answers aloud, then let the child choose.",
        "please do not answer for them",
        "The child does not have to answer every question, and can stop at any time.",
        "If your phone can read aloud",
        "there is help at the bottom of every page",
    ],
    "cy": [
        "I'r oedolyn sy'n helpu",
        "Darllenwch bob cwestiwn a'i atebion yn uchel, yna gadewch i'r plentyn ddewis.",
        "peidiwch ag ateb ar ei ran",
        "Does dim rhaid i'r plentyn ateb pob cwestiwn, a gall stopio unrhyw bryd.",
        "Os gall eich ffôn ddarllen yn uchel",
        "mae help ar waelod pob tudalen",
    ],
}
CHILD_LINE = {
    "en": "We want to know how things are for you. There are no right or wrong answers",
    "cy": "Rydyn ni eisiau gwybod sut mae pethau i ti. Does dim atebion cywir nac anghywir",
}
# The 8-10 text the 4-7 introduction used to copy word for word.
OLDER_CHILDREN = {
    "en": ["It is anonymous: do not write your name", "the adults in charge of care"],
    "cy": ["Mae'n ddienw: paid ag ysgrifennu dy enw", "oedolion sy'n gyfrifol am ofal"],
}
CHILD_WORDING = {
    "en": ["adults in charge of care", "other children and young people"],
    "cy": ["oedolion sy'n gyfrifol am ofal", "plant a phobl ifanc eraill", "plant"],
}
CARE_LEAVERS = {"en": "care leavers", "cy": "bobl ifanc sy'n gadael gofal"}  # "i bobl": mutated after "i"
# "chi" words that must not appear in the child's own line, and "ti" words not in the adult's part.
TI_WORDS = (" ti ", " ti.", " dy ", "rwyt ti", "galli di", " paid ")


def campaign_for(library, questionnaire_id: str, slug: str):
    return create_campaign(create_version(library.questionnaires[questionnaire_id]), slug=slug)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_4_7_introduction_speaks_to_the_adult_and_to_the_child(client, library, lang):
    campaign_for(library, "children-4-7", "four-seven")
    page = get_page(client, f"/{lang}/s/four-seven")
    adult = page.soup.select_one("section.for-adults")
    assert adult is not None and adult.select_one("h2")["id"] == adult["aria-labelledby"]
    adult_text = " ".join(adult.get_text(" ").split())
    for words in ADULT_PART[lang]:
        assert words in adult_text
    assert "14" in adult_text  # how many questions, for the adult to plan
    assert CHILD_LINE[lang] in page.soup.select_one(".for-child").get_text()
    for words in OLDER_CHILDREN[lang]:
        assert words not in page.main_text()
    if lang == "cy":
        spaced = f" {adult_text} "
        assert not [word for word in TI_WORDS if word in spaced], "the adult's part is in chi"
    assert page.soup.select_one("#intro-form button[value=start]") is not None


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_4_7_thank_you_page_has_a_word_for_the_adult(client, library, lang):
    campaign_for(library, "children-4-7", "four-seven")
    page = get_page(client, f"/{lang}/s/four-seven/thank-you")
    adult = page.soup.select_one("section.for-adults").get_text(" ")
    assert ("safeguarding" if lang == "en" else "diogelu") in adult


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_care_leavers_are_spoken_to_as_young_adults(client, library, lang):
    campaign_for(library, "care-leavers-16-25", "leavers")
    intro = get_page(client, f"/{lang}/s/leavers").main_text()
    thanks = get_page(client, f"/{lang}/s/leavers/thank-you").main_text()
    for text in (intro, thanks):
        assert CARE_LEAVERS[lang] in text
        for words in CHILD_WORDING[lang]:
            assert words not in text, words
    if lang == "cy":  # still "ti", as the care leavers' survey is
        assert "i ti" in intro and "i ti" in thanks


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_children_keep_their_own_wording(client, campaign, lang):
    intro = get_page(client, f"/{lang}/s/test-campaign").main_text()
    thanks = get_page(client, f"/{lang}/s/test-campaign/thank-you").main_text()
    assert CHILD_WORDING[lang][0] in intro and CHILD_WORDING[lang][1] in thanks
    assert not get_page(client, f"/{lang}/s/test-campaign").soup.select("section.for-adults")


@pytest.mark.parametrize(
    ("questionnaire_id", "expected"),
    [
        ("foster-carers", "The council will use it to make things better."),
        ("staff", "The council will use it to make things better."),
        ("authority-self-audit", "shared with the young people's panel"),
    ],
)
def test_adults_thank_you_pages_fit_them(client, library, questionnaire_id, expected):
    campaign_for(library, questionnaire_id, "adults")
    thanks = get_page(client, "/en/s/adults/thank-you").main_text()
    assert expected in thanks
    assert "children and young people said" not in thanks
    welsh = get_page(client, "/cy/s/adults/thank-you").main_text()
    assert " ti " not in f" {welsh} " and "dy atebion" not in welsh


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_finished_resume_code_on_an_open_survey_says_the_answers_were_sent(app, client, campaign, lang):
    """Walk-through finding 6: a right code whose answers were sent is not answered as a typo."""
    page = submit(client, get_page(client, f"/{lang}/s/test-campaign"), {})
    page = submit(client, page, {"action": "later"})
    code = page.soup.select_one("#resume-code").get_text(strip=True)
    submit(client, get_page(client, f"/{lang}/s/test-campaign/send"), {})
    assert access_codes.is_sent(campaign, codes.hash_code(codes.normalise(code, codes.RESUME_LENGTH) or ""))
    other = app.test_client()
    page = submit(other, get_page(other, f"/{lang}/s/test-campaign/resume"), {"code": code.lower()})
    assert page.status == 400
    summary = page.soup.select_one(".error-summary").get_text(" ")
    assert (
        "These answers were already sent" if lang == "en" else "Does dim angen i ti wneud dim byd arall"
    ) in summary
    assert ("That code is not right" if lang == "en" else "Dydy'r cod yna ddim yn iawn") not in page.text()
    db.session.rollback()

"""The Welsh editor's corrections stay corrected (issue 19): numerals mutate, adults are "chi" on error
pages, and the children's questionnaires keep clear of words and forms the review took out."""

from __future__ import annotations

import re
from typing import Any

import pytest

from survey_app.config import PROJECT_ROOT
from tests.conftest import create_campaign, create_version, get_page

CHILD_AUDIENCES = {"child", "young_person", "care_leaver"}
# Forms the review corrected; none may come back in the Welsh young people read.
WRONG_FORMS = (
    "ddim yn ddigon da",
    "yr un un",
    "pigo arnat",
    "gwgu'n fawr",
    "neu cyn lleied",
    "Cael gwrandawiad",
)
# "nod" (a character) is a word children do not know; "nod barcud" (kite mark) is another word.
NOD = re.compile(r"\bnod\b(?! barcud)|\bnodau\b", re.IGNORECASE)
ONS_ITEMS = {"ons_life_satisfaction", "ons_worthwhile", "ons_happiness", "ons_low_anxiety"}


def welsh_ngettext(app, singular: str, plural: str, counts: tuple[int, ...], **variables: Any) -> list[str]:
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/cy/"), force_locale("cy"):
        return [ngettext(singular, plural, n, **variables) for n in counts]


def test_numerals_mutate_in_the_staff_plurals(app):
    criteria = welsh_ngettext(
        app, "%(num)d criterion is below the bar.", "%(num)d criteria are below the bar.", (0, 1, 2, 3, 6)
    )
    assert criteria == [
        "Does dim un maen prawf o dan y trothwy.",
        "Mae 1 maen prawf o dan y trothwy.",
        "Mae 2 faen prawf o dan y trothwy.",
        "Mae 3 maen prawf o dan y trothwy.",
        "Mae 6 maen prawf o dan y trothwy.",
    ]
    texts = welsh_ngettext(app, "%(num)d text without Welsh", "%(num)d texts without Welsh", (2, 3, 6, 7))
    assert texts == [
        "2 destun heb Gymraeg",
        "3 thestun heb Gymraeg",
        "6 thestun heb Gymraeg",
        "7 testun heb Gymraeg",
    ]
    saved = welsh_ngettext(
        app,
        "Saved: %(num)d threshold changed. Every council's kite mark now uses it.",
        "Saved: %(num)d thresholds changed. Every council's kite mark now uses them.",
        (2, 3),
    )
    assert "newidiwyd 2 drothwy" in saved[0] and "newidiwyd 3 throthwy" in saved[1]
    areas = welsh_ngettext(
        app,
        "%(num)d of the %(areas)d areas of the offer is met.",
        "%(num)d of the %(areas)d areas of the offer are met.",
        (0, 2),
        areas=6,
    )
    assert areas == [
        "Does dim un o'r 6 maes yn y cynnig wedi'i fodloni.",
        "Mae 2 o'r 6 maes yn y cynnig wedi'u bodloni.",
    ]


def test_the_sign_in_error_does_not_say_both_parts_are_wrong(app):
    from flask_babel import force_locale, gettext

    with app.test_request_context("/cy/"), force_locale("cy"):
        said = gettext("The e-mail address or password is not right.")
    assert said == "Mae'r cyfeiriad e-bost neu'r cyfrinair yn anghywir."


@pytest.mark.parametrize(
    ("questionnaire_id", "check", "not_there"),
    [
        ("foster-carers", "Gwiriwch y cyfeiriad gwe", "Gwiria'r cyfeiriad"),
        ("children-8-10", "Gwiria'r cyfeiriad gwe", "Gwiriwch y cyfeiriad"),
    ],
)
def test_a_missing_page_of_a_survey_speaks_in_the_register_of_its_audience(
    client, library, questionnaire_id, check, not_there
):
    create_campaign(create_version(library.questionnaires[questionnaire_id]), slug="arolwg")
    page = get_page(client, "/cy/s/arolwg/no-such-page", status=404)
    assert check in page.main_text() and not_there not in page.main_text()


def test_an_expired_form_on_an_adult_survey_says_chi(client, library):
    create_campaign(create_version(library.questionnaires["foster-carers"]), slug="gofalwyr")
    response = client.post("/cy/s/gofalwyr", data={"action": "start"})  # no CSRF token: as after it expired
    assert response.status_code == 400
    text = " ".join(response.get_data(as_text=True).split())
    assert "Wnaeth eich porwr ddim anfon yn ôl y cod" in text
    assert "Ewch yn ôl a rhowch gynnig arall arni" in text
    assert "dy borwr" not in text and "Cer yn ôl" not in text


def test_a_missing_staff_page_says_chi(client):
    page = get_page(client, "/cy/staff/sign-in/nothing-here", status=404)
    assert "Gwiriwch y cyfeiriad gwe" in page.main_text()


def _welsh_texts(node: Any, path: str = "") -> list[tuple[str, str]]:
    """Every Welsh string under a questionnaire's YAML, with where it is; the ONS questions left out."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if node.get("id") in ONS_ITEMS:
            return found
        for key, value in node.items():
            if key == "cy" and isinstance(value, str):
                found.append((path, value))
            else:
                found.extend(_welsh_texts(value, f"{path}/{node.get('id', key)}"))
    elif isinstance(node, list):
        for each in node:
            found.extend(_welsh_texts(each, path))
    return found


def test_welsh_for_children_and_young_people_has_no_nod_and_none_of_the_corrected_forms():
    import yaml

    option_sets = yaml.safe_load((PROJECT_ROOT / "questionnaires" / "option_sets.yaml").read_text("utf-8"))
    sets_by_id = {each["id"]: each for each in option_sets["option_sets"]}
    problems = []
    checked = 0
    for path in sorted((PROJECT_ROOT / "questionnaires" / "surveys").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text("utf-8"))
        if raw["audience"] not in CHILD_AUDIENCES:
            continue
        used_sets = {
            item["options"]
            for page in raw["pages"]
            for item in page["items"]
            if isinstance(item.get("options"), str)
        }
        texts = _welsh_texts(raw) + [
            (f"option_sets/{name}", text)
            for name in sorted(used_sets)
            for _, text in _welsh_texts(sets_by_id[name])
        ]
        for where, text in texts:
            checked += 1
            if NOD.search(text) or any(wrong in text for wrong in WRONG_FORMS):
                problems.append(f"{path.name}{where}: {text}")
    assert checked > 300
    assert problems == []


def test_the_care_leavers_are_told_why_the_ons_questions_say_chi(library):
    frozen = library.questionnaires["care-leavers-16-25"]
    intro = frozen.item("wellbeing_intro").text.cy
    assert "'chi'" in intro and "arolygon cenedlaethol" in intro
    assert "ydych chi" in frozen.item("ons_life_satisfaction").text.cy  # kept as the national wording

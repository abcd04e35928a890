"""Privacy notices (ICO Children's Code): one per age band, and one for the whole service.

Each notice must say truthfully what is kept, name who is responsible, state the configured K, load
nothing from anywhere else, and be wholly in Welsh on a Welsh page, "ti" for children and "chi" for adults.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from flask import Flask, render_template

from survey_app.config import PROJECT_ROOT
from survey_app.extensions import db
from survey_app.models import Authority

from .conftest import Page, check_page, create_campaign, create_version, get_page

TEMPLATES = [
    PROJECT_ROOT / "templates" / "respond" / "privacy.html",
    PROJECT_ROOT / "templates" / "main" / "privacy.html",
]
CATALOGUE = PROJECT_ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}

# Which bundled questionnaire shows which kind of notice.
NOTICE_OF = {
    "children-4-7": "young_children",
    "children-8-10": "children",
    "young-people-11-18": "young_people",
    "care-leavers-16-25": "young_people",
    "foster-carers": "adults",
    "staff": "adults",
    "authority-self-audit": "adults",
}
CARDIFF = "W06000015"  # named differently in each language: Caerdydd / Cardiff
UNUSUAL_K = 13
UNUSUAL_DAYS = 17
LANGS = ["cy", "en"]


@pytest.fixture()
def odd_config(app: Flask) -> Flask:
    """Numbers no template could state by accident."""
    app.config["LLEISIAU_MIN_GROUP"] = UNUSUAL_K
    app.config["LLEISIAU_PARTIAL_DAYS"] = UNUSUAL_DAYS
    return app


def survey_notice(client, library, questionnaire_id: str, lang: str, authority: str | None = CARDIFF) -> Page:
    slug = f"privacy-{questionnaire_id}-{authority or 'wales'}"
    create_campaign(
        create_version(library.questionnaires[questionnaire_id]), slug=slug, authority_code=authority
    )
    return get_page(client, f"/{lang}/s/{slug}/privacy")


def service_notice(app: Flask, client, lang: str) -> Page:
    """The service-wide notice: through its route once it exists, else rendered directly."""
    if "main.privacy" in app.view_functions:
        return get_page(client, f"/{lang}/privacy")
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()

        class Rendered:
            status_code = 200

            @staticmethod
            def get_data(as_text: bool = True) -> str:
                return render_template("main/privacy.html")

        page = Page(Rendered())
    check_page(page)
    return page


def authority_names() -> set[str]:
    return {name for each in db.session.query(Authority).all() for name in (each.name_en, each.name_cy)}


def external_resources(page: Page) -> list[str]:
    """Anything the page would load (or, inside <main>, link to) from another site."""
    found = []
    for element in page.soup.select("[src], link[href], object[data], [srcset], [poster]"):
        for attribute in ("src", "href", "data", "srcset", "poster"):
            value = element.get(attribute)
            # data: loads nothing (the empty icon that spares a /favicon.ico request)
            if (
                value
                and not value.startswith("data:")
                and not (value.startswith("/") and not value.startswith("//"))
            ):
                found.append(f"<{element.name} {attribute}={value}>")
    for link in page.soup.select("main a[href]"):
        if re.match(r"^(https?:)?//", link["href"]):
            found.append(f"<a href={link['href']}>")
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("questionnaire_id", sorted(NOTICE_OF))
def test_each_survey_notice_names_its_council_and_states_the_configured_numbers(
    odd_config, client, library, questionnaire_id, lang
):
    page = survey_notice(client, library, questionnaire_id, lang)
    text = page.main_text()
    assert page.lang == lang
    assert page.soup.select_one("main h1") is not None
    assert ("Caerdydd" if lang == "cy" else "Cardiff") in text
    assert str(UNUSUAL_K) in text
    assert str(UNUSUAL_DAYS) in text
    assert "0303 123 1113" in text and "ico.org.uk" in text
    assert external_resources(page) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("questionnaire_id", ["children-4-7", "children-8-10", "care-leavers-16-25", "staff"])
def test_a_survey_across_wales_says_the_councils_taking_part_are_responsible(
    odd_config, client, library, questionnaire_id, lang
):
    page = survey_notice(client, library, questionnaire_id, lang, authority=None)
    text = page.main_text()
    assert [name for name in authority_names() if name in text] == []
    assert str(UNUSUAL_K) in text
    council_words = {"cy": "cynghorau", "en": "councils"}[lang]
    assert council_words in text


@pytest.mark.parametrize("lang", LANGS)
def test_each_age_band_gets_its_own_notice(client, library, lang):
    texts = {}
    for qid in NOTICE_OF:
        page = survey_notice(client, library, qid, lang)
        for subtitle in page.soup.select("main .quiet"):
            subtitle.decompose()  # the survey's own title
        texts[qid] = page.main_text()
    kinds = {}
    for qid, kind in NOTICE_OF.items():
        kinds.setdefault(kind, set()).add(texts[qid])
    # Questionnaires for the same band share a notice; different bands never do.
    assert all(len(each) == 1 for each in kinds.values()), kinds
    assert len({next(iter(each)) for each in kinds.values()}) == 4


def test_the_youngest_childrens_notice_is_a_few_short_sentences_with_a_part_for_the_adult(client, library):
    page = survey_notice(client, library, "children-4-7", "en")
    child_part = page.soup.select_one(".for-child")
    assert child_part is not None and page.soup.select_one(".for-adults") is not None
    sentences = [
        sentence
        for block in child_part.select("h1, p, li")
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(block.get_text(" ").split()))
        if sentence
    ]
    assert len(sentences) <= 12
    too_long = [s for s in sentences if len(s.split()) > 10]
    assert too_long == []


WELSH_TI = re.compile(r"\b(ti|di|dy|dwyt|wyt|galli|rwyt)\b", re.IGNORECASE)
WELSH_CHI = re.compile(r"\b(chi|eich|ydych|rydych|gallwch)\b", re.IGNORECASE)


@pytest.mark.parametrize("questionnaire_id", ["children-4-7", "children-8-10", "young-people-11-18"])
def test_welsh_notices_for_children_say_ti_not_chi(client, library, questionnaire_id):
    page = survey_notice(client, library, questionnaire_id, "cy")
    for adults_part in page.soup.select("main .for-adults"):
        adults_part.decompose()  # the part of the 4-7 notice for the trusted adult says "chi"
    text = page.main_text()
    assert WELSH_TI.search(text)
    assert WELSH_CHI.findall(text) == []


def test_the_welsh_notice_for_the_youngest_speaks_to_the_adult_as_chi(client, library):
    page = survey_notice(client, library, "children-4-7", "cy")
    adults_part = " ".join(page.soup.select_one("main .for-adults").get_text(" ").split())
    assert WELSH_CHI.search(adults_part)
    assert WELSH_TI.findall(adults_part) == []


@pytest.mark.parametrize("questionnaire_id", ["foster-carers", "staff"])
def test_welsh_notices_for_adults_say_chi_not_ti(client, library, questionnaire_id):
    text = survey_notice(client, library, questionnaire_id, "cy").main_text()
    assert WELSH_CHI.search(text)
    assert WELSH_TI.findall(text) == []


def test_a_survey_notice_for_an_unknown_survey_is_not_found(client):
    get_page(client, "/cy/s/no-such-survey/privacy", status=404)


@pytest.mark.parametrize("lang", LANGS)
def test_the_service_notice_covers_every_band_and_states_the_configured_numbers(odd_config, client, lang):
    page = service_notice(odd_config, client, lang)
    text = page.main_text()
    assert page.lang == lang
    assert str(UNUSUAL_K) in text and str(UNUSUAL_DAYS) in text
    assert "0303 123 1113" in text
    assert len(page.soup.select("main #age-groups + ul > li")) == 4
    assert external_resources(page) == []
    if lang == "cy":
        assert WELSH_TI.findall(text) == []


# --- every string has its Welsh --------------------------------------------------------------------


def template_messages() -> list[tuple[Path, str]]:
    """Each message in the two notice templates (both forms of a plural), as `make translations` finds it."""
    found = []
    for path in TEMPLATES:
        for _lineno, message, _comments, _context in extract_from_file(
            "jinja2", str(path), keywords=KEYWORDS
        ):
            for each in message if isinstance(message, tuple) else (message,):
                if each:
                    found.append((path, each))
    return found


def test_the_notice_templates_have_strings_to_translate():
    assert len(template_messages()) > 50


def test_every_notice_string_has_a_welsh_translation_in_the_catalogue():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    missing = []
    for path, message_id in template_messages():
        message = catalogue.get(message_id) or next(
            (each for each in catalogue if isinstance(each.id, tuple) and message_id in each.id), None
        )
        strings = (
            []
            if message is None
            else (list(message.string) if isinstance(message.string, tuple) else [message.string])
        )
        if message is None or message.fuzzy or not strings or not all(each.strip() for each in strings):
            missing.append(f"{path.name}: {message_id}")
    assert missing == [], "without Welsh (merge the Welsh and run `make translations`):\n" + "\n".join(
        missing
    )


def english_fragments() -> set[str]:
    """Long runs of each English message with its placeholders taken out: none may show on a Welsh page."""
    fragments = set()
    for _path, message_id in template_messages():
        for piece in re.split(r"%\(\w+\)[sd]", message_id):
            if len(piece.strip(" .,:;“”")) >= 12:
                fragments.add(piece.strip())
    return fragments


@pytest.mark.parametrize("questionnaire_id", ["children-4-7", "children-8-10", "young-people-11-18", "staff"])
@pytest.mark.parametrize("authority", [CARDIFF, None])
def test_a_welsh_survey_notice_shows_no_english(client, library, questionnaire_id, authority):
    text = survey_notice(client, library, questionnaire_id, "cy", authority).main_text()
    assert [each for each in english_fragments() if each in text] == []


def test_the_welsh_service_notice_shows_no_english(app, client):
    text = service_notice(app, client, "cy").main_text()
    assert [each for each in english_fragments() if each in text] == []

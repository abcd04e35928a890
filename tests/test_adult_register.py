"""Adults are spoken to as "chi" in Welsh on every page they see, help panel and buttons included.

Foster carers, staff and the authority's self-audit are adults: a "ti" word anywhere on their pages
(a child's help contact, a button written for children) reads as talking down to them. This walks every
page kind of each adult survey in Welsh and looks for the words only "ti" Welsh uses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from .conftest import Page, create_campaign, create_version, get_page, submit

ADULT_SURVEYS = ["foster-carers", "staff", "authority-self-audit"]

# Words only "ti" Welsh uses: the pronoun and its forms, the verbs that agree with it, and the
# imperatives written for "ti" in this service ("chi" has -wch: gofynnwch, ffoniwch, cysylltwch...).
TI_WORDS = re.compile(
    r"\b(ti|thi|di|wyt|rwyt|dy|arnat|gennyt|galli|gelli|fyddi|dylet|wnest|gest|cest|gadewaist|"
    r"gadwaist|anfonaist|dewisaist|gofynna|ffonia|siarada|cysyllta|gwiria|rho|cer|pwysa|dyweda|dywed|"
    r"ysgrifenna|tynna|cadwa|defnyddia|dewisa|caea|tica|teipia)\b",
    re.IGNORECASE,
)


def welsh_text(page: Page) -> str:
    """The page's text a reader sees, without the other language's switch and scripts."""
    for element in page.soup.select('[lang="en"], script, style'):
        element.decompose()
    return " ".join(page.soup.get_text(" ").split())


def ti_words(page: Page) -> list[str]:
    text = welsh_text(page)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in TI_WORDS.finditer(text)]


def walk(client, slug: str) -> dict[str, Page]:
    """Every page an adult meets in Welsh: introduction, each question page, check, later, resume,
    privacy, thank-you (with an answer on each page skipped, as adults may)."""
    pages: dict[str, Page] = {"introduction": get_page(client, f"/cy/s/{slug}")}
    pages["resume"] = get_page(client, f"/cy/s/{slug}/resume")
    pages["privacy"] = get_page(client, f"/cy/s/{slug}/privacy")
    page = submit(client, pages["introduction"], {"action": "start"})
    for number in range(1, 60):
        path = page.response.request.path
        if not re.search(r"/\d+$", path):
            break
        pages[f"page {number}"] = page
        if number == 1:
            pages["later"] = get_page(client, f"/cy/s/{slug}/later")
            page = get_page(client, path)
        page = submit(client, page, {"action": "continue"})
    pages["check"] = page
    pages["thank you"] = submit(client, page, {})
    return pages


@pytest.mark.parametrize("questionnaire_id", ADULT_SURVEYS)
def test_no_page_of_an_adult_survey_speaks_welsh_to_a_child(app, client, library, questionnaire_id):
    create_campaign(create_version(library.questionnaires[questionnaire_id]), slug=questionnaire_id)
    pages = walk(client, questionnaire_id)
    assert "thank you" in pages and len(pages) > 6
    found = {name: ti_words(page) for name, page in pages.items()}
    assert {name: words for name, words in found.items() if words} == {}


@pytest.mark.parametrize("questionnaire_id", ADULT_SURVEYS)
def test_an_adult_surveys_closed_page_speaks_as_chi(app, client, library, questionnaire_id):
    yesterday = date.today() - timedelta(days=1)
    create_campaign(
        create_version(library.questionnaires[questionnaire_id]),
        slug=questionnaire_id,
        opens_on=yesterday - timedelta(days=30),
        closes_on=yesterday,
    )
    page = get_page(client, f"/cy/s/{questionnaire_id}", status=410)
    assert ti_words(page) == []


def test_the_check_catches_ti_words():
    """The detector itself: a child's help line is caught, an adult's sentence is not."""
    child = Page.__new__(Page)
    from bs4 import BeautifulSoup

    child.soup = BeautifulSoup(
        "<p>Os wyt ti mewn gofal, gofynna i dy weithiwr cymdeithasol.</p>", "html.parser"
    )
    assert len(ti_words(child)) == 4
    adult = Page.__new__(Page)
    adult.soup = BeautifulSoup(
        "<p>Os ydych chi'n poeni, cysylltwch â thîm dyletswydd brys eich cyngor.</p>", "html.parser"
    )
    assert ti_words(adult) == []

"""Scales, grids, numbers and "I'd rather not say": asked, checked and stored as a respondent expects."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from analysis.tidy import RATHER_NOT_SAY as ANALYSIS_RATHER_NOT_SAY
from analysis.tidy import scored_answers
from survey_app.config import PROJECT_ROOT
from survey_app.content.loader import load_library
from survey_app.content.schema import RATHER_NOT_SAY
from survey_app.extensions import db
from survey_app.models import Response

from .conftest import create_campaign, create_version, data_dir, get_page, submit


@pytest.fixture()
def every_type(app):
    library = load_library(PROJECT_ROOT / "questionnaires", [data_dir() / "every-type.yaml"])
    assert not library.problems, library.problems
    return create_campaign(create_version(library.questionnaires["every-type"]), slug="every-type")


def first_page(client, lang="en"):
    return submit(client, get_page(client, f"/{lang}/s/every-type"), {})


def saved_answers() -> dict:
    [response] = db.session.scalars(select(Response)).all()
    db.session.refresh(response)
    return response.answers


def test_rather_not_say_is_offered_last_on_every_question_and_never_chosen_for_you(client, every_type):
    page = first_page(client)
    assert not page.soup.select("input[checked]")
    for name in ("agree", "where__training", "where__payments", "talk_to"):
        values = [field["value"] for field in page.soup.select(f"input[name={name}]")]
        assert values[-1] == "rather_not_say" and values.count("rather_not_say") == 1, name
        label = page.soup.select_one(f"label[for={name}-rather_not_say]").get_text(strip=True)
        assert label == "I'd rather not say"
    assert page.soup.select_one("input[type=checkbox][name=moves__rather_not_say]") is not None
    assert (
        page.soup.select_one("textarea[name=more]") is None
    )  # free text is on page 2, and is simply left empty


def test_the_welsh_page_offers_it_in_welsh(client, every_type):
    page = first_page(client, "cy")
    label = page.soup.select_one("label[for=agree-rather_not_say]").get_text(strip=True)
    assert label == "Byddai'n well gen i beidio â dweud"


def test_a_grid_asks_each_row_on_its_own_and_stores_one_answer_per_row(client, every_type):
    page = first_page(client)
    legends = [legend.get_text(strip=True) for legend in page.soup.select("fieldset.grid-row legend")]
    assert legends == ["Training", "Payments"]
    page = submit(
        client,
        page,
        {"where__training": "national", "where__payments": "rather_not_say", "action": "continue"},
    )
    assert saved_answers()["where"] == {"training": "national", "payments": "rather_not_say"}
    page = submit(client, page, {"action": "back"})
    assert page.soup.select_one("#where__training-national").has_attr("checked")
    assert page.soup.select_one("#where__payments-rather_not_say").has_attr("checked")


def test_a_number_or_rather_not_say_is_stored(client, every_type):
    page = first_page(client)
    submit(client, page, {"moves": "", "moves__rather_not_say": "y", "action": "continue"})
    assert saved_answers()["moves"] == RATHER_NOT_SAY


def test_a_number_and_rather_not_say_together_is_explained_in_the_page_language_and_nothing_is_lost(
    client, every_type
):
    page = first_page(client, "cy")
    page = submit(
        client,
        page,
        {"agree": "agree", "moves": "3", "moves__rather_not_say": "y", "action": "continue"},
    )
    assert "Ysgrifenna rif, neu dica “Byddai'n well gen i beidio â dweud”, ond nid y ddau" in page.text()
    assert page.soup.select_one("#agree-agree").has_attr("checked"), "the other answer is kept"
    assert page.soup.select_one("#moves")["value"] == "3"


def test_a_grid_row_with_an_answer_that_is_not_offered_is_refused(client, every_type):
    page = first_page(client)
    page = submit(client, page, {"where__training": "everywhere", "agree": "agree", "action": "continue"})
    assert "Choose one of the answers shown" in page.text()
    assert page.soup.select_one("#agree-agree").has_attr("checked")


def test_rather_not_say_cannot_be_chosen_with_other_answers(client, every_type):
    page = first_page(client)
    page = submit(client, page, {"talk_to": ["friend", "rather_not_say"], "action": "continue"})
    assert "Choose “I'd rather not say” on its own, or choose other answers without it" in page.text()


def test_rather_not_say_counts_as_no_answer_in_an_indicator():
    assert ANALYSIS_RATHER_NOT_SAY == RATHER_NOT_SAY
    responses = pd.DataFrame(
        {
            "response_id": ["a", "b", "c"],
            "authority": ["W1", "W1", "W1"],
            "answers": [{"talk_to": ["friend"]}, {"talk_to": ["rather_not_say"]}, {"talk_to": ["nobody"]}],
        }
    )
    scored = scored_answers(responses, {"talk_to": ("has_someone_to_talk_to", frozenset({"friend"}))})
    assert list(scored["response_id"]) == ["a", "c"]  # b is left out of the base, not counted as negative
    assert list(scored["positive"]) == [True, False]

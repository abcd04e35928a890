"""Markup rendered once and reused (web/render_cache.py): the pages are exactly what rendering afresh gives,
and no respondent's answers, errors, language or register ever reach anyone else's page."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey_app.config import PROJECT_ROOT
from survey_app.content.loader import load_library
from survey_app.extensions import db
from survey_app.help import contacts as help_contacts
from survey_app.models import Authority, AuthorityHelpContact
from survey_app.web import render_cache

from .conftest import Page, create_campaign, create_version, data_dir, get_page, submit

CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*(")')


@pytest.fixture()
def every_type(app):
    library = load_library(PROJECT_ROOT / "questionnaires", [data_dir() / "every-type.yaml"])
    assert not library.problems, library.problems
    return create_campaign(create_version(library.questionnaires["every-type"]), slug="every-type")


@pytest.fixture()
def carers(app, library):
    """A foster carers' survey: Welsh speaks to them as "chi"."""
    return create_campaign(create_version(library.questionnaires["foster-carers"]), slug="carers")


def html(client: FlaskClient, url: str) -> str:
    """A page as served, its CSRF token (different on every page) blanked."""
    response = client.get(url)
    assert response.status_code == 200, url
    return CSRF.sub(r"\1\2", response.get_data(as_text=True))


def start(client: FlaskClient, slug: str, lang: str) -> Page:
    return submit(client, get_page(client, f"/{lang}/s/{slug}"), {})


def kept_questions(app: Flask) -> list[tuple]:
    return [key for key in app.extensions[render_cache.EXTENSION] if key[0] == "question"]


def help_panel(page: Page) -> str:
    return str(page.soup.select_one("#help"))


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_blank_page_is_the_same_html_whether_rendered_afresh_or_reused(app, client, every_type, lang):
    start(client, "every-type", lang)
    for number in (1, 2):  # every kind of question: scale, grid, number, multiple choice, free text
        url = f"/{lang}/s/every-type/{number}"
        render_cache.forget()
        app.config["LLEISIAU_RENDER_CACHE"] = False
        afresh = html(client, url)
        assert not kept_questions(app)
        app.config["LLEISIAU_RENDER_CACHE"] = True
        first = html(client, url)  # rendered, and kept
        reused = html(client, url)  # from what was kept
        assert afresh == first == reused
        assert kept_questions(app)


def test_two_respondents_never_see_each_others_answers_and_a_saved_answer_still_shows_checked(
    app, every_type
):
    first, second = app.test_client(), app.test_client()
    page = start(first, "every-type", "en")
    start(second, "every-type", "en")
    html(second, "/en/s/every-type/1")  # the blank page is rendered and kept before anyone answers
    answers = {"agree": "agree", "where__training": "national", "moves": "3", "talk_to": ["carers"]}
    submit(first, page, {**answers, "action": "continue"})

    back = Page(first.get("/en/s/every-type/1"))
    for chosen in ("#agree-agree", "#where__training-national", "#talk_to-carers"):
        assert back.soup.select_one(chosen).has_attr("checked"), chosen
    assert back.soup.select_one("#moves")["value"] == "3"
    # The row left blank on the answered page is still blank.
    assert not back.soup.select("input[name=where__payments][checked]")

    for _twice in range(2):
        other = Page(second.get("/en/s/every-type/1"))
        assert not other.soup.select("input[checked]"), "another respondent's answer was shown"
        assert other.soup.select_one("#moves")["value"] == ""
    # And the first respondent's page, asked for again, still has their answers.
    again = Page(first.get("/en/s/every-type/1"))
    assert again.soup.select_one("#agree-agree").has_attr("checked")


def test_free_text_written_by_one_respondent_never_shows_to_another(app, every_type):
    first, second = app.test_client(), app.test_client()
    start(first, "every-type", "en")
    start(second, "every-type", "en")
    html(second, "/en/s/every-type/2")
    page = Page(first.get("/en/s/every-type/2"))
    submit(first, page, {"more": "More trips to the seaside", "action": "back"})
    assert "More trips to the seaside" in html(first, "/en/s/every-type/2")
    assert "More trips to the seaside" not in html(second, "/en/s/every-type/2")


def test_an_error_on_one_respondents_page_never_shows_on_anothers(app, every_type):
    first, second = app.test_client(), app.test_client()
    page = start(first, "every-type", "en")
    start(second, "every-type", "en")
    wrong = submit(first, page, {"agree": "made_up", "moves": "lots", "action": "continue"})
    assert wrong.status == 400 and wrong.soup.select(".field-error")
    clean = Page(second.get("/en/s/every-type/1"))
    assert clean.status == 200 and not clean.soup.select(".field-error")
    assert not clean.soup.select(".error-summary") and "lots" not in str(clean.soup)
    # The page with the errors, shown again, is rendered afresh: its errors are still there.
    wrong_again = submit(first, wrong, {"agree": "made_up", "moves": "lots", "action": "continue"})
    assert wrong_again.soup.select(".field-error")


def test_welsh_and_english_pages_are_never_mixed_up(app, every_type):
    welsh, english = app.test_client(), app.test_client()
    start(welsh, "every-type", "cy")
    start(english, "every-type", "en")
    for _twice in range(2):
        cy = Page(welsh.get("/cy/s/every-type/1"))
        en = Page(english.get("/en/s/every-type/1"))
        assert "Dw i'n hoffi lle dw i'n byw." in cy.main_text()
        assert "I like where I live." not in cy.main_text()
        assert "I like where I live." in en.main_text()
        assert "Dw i'n hoffi" not in en.main_text()
        assert cy.soup.select_one("#help").get_text() != en.soup.select_one("#help").get_text()


def test_children_and_adults_each_get_their_own_register_in_the_help_panel_and_questions(
    app, campaign, carers
):
    child, carer = app.test_client(), app.test_client()
    child_page = start(child, "test-campaign", "cy")
    carer_page = start(carer, "carers", "cy")
    kept = {"child": help_panel(child_page), "carer": help_panel(carer_page)}
    assert kept["child"] != kept["carer"]
    for _twice in range(2):
        assert help_panel(Page(child.get(child_page.response.request.path))) == kept["child"]
        assert help_panel(Page(carer.get(carer_page.response.request.path))) == kept["carer"]
    # And each is exactly what rendering afresh gives.
    app.config["LLEISIAU_RENDER_CACHE"] = False
    assert help_panel(Page(child.get(child_page.response.request.path))) == kept["child"]
    assert help_panel(Page(carer.get(carer_page.response.request.path))) == kept["carer"]


def add_own_contact(name: str) -> None:
    authority = db.session.query(Authority).filter_by(ons_code="W06000016").one()
    db.session.add(
        AuthorityHelpContact(
            authority_id=authority.id,
            name_en=name,
            name_cy=name,
            description_en="Our own line.",
            description_cy="Ein llinell ni.",
            phone="01234 567890",
        )
    )
    db.session.commit()


def test_a_councils_new_help_contact_shows_once_forget_own_help_is_called(app, client, campaign):
    page = start(client, "test-campaign", "en")
    url = page.response.request.path
    add_own_contact("Rhondda Helpline")
    assert "Rhondda Helpline" not in help_panel(Page(client.get(url)))  # read a minute ago: kept
    with app.test_request_context():
        help_contacts.forget_own_help()  # as the settings pages do after a change
    assert "Rhondda Helpline" in help_panel(Page(client.get(url)))
    assert "Rhondda Helpline" in help_panel(Page(client.get(url)))


def test_a_councils_help_contact_change_shows_when_the_kept_contacts_expire(
    app, client, campaign, monkeypatch
):
    page = start(client, "test-campaign", "en")
    url = page.response.request.path
    help_panel(Page(client.get(url)))
    monkeypatch.setattr(help_contacts, "OWN_HELP_SECONDS", -1.0)  # every page finds them expired
    with app.test_request_context():
        help_contacts.forget_own_help()
    help_panel(Page(client.get(url)))
    add_own_contact("Cwm Taf Support")  # no forget_own_help: another worker made the change
    assert "Cwm Taf Support" in help_panel(Page(client.get(url)))

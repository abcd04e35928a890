"""A survey run across Wales asks which council on its own page after Start, not on the introduction.

The introduction stays short (Start near the top); the council page works in Welsh and English, with
or without a choice, refuses a made-up council without losing anything, keeps the choice across a
language switch, and lets a returning respondent change it. Access codes are still asked first.
"""

from __future__ import annotations

import pytest
from sqlalchemy import exc, select

from survey_app.extensions import db
from survey_app.models import Response
from survey_app.store import access_codes
from survey_app.store import responses as response_store

from .conftest import create_campaign, create_version, get_page, submit

CARDIFF, DENBIGHSHIRE = "W06000015", "W06000004"
QUESTION = {"cy": "Pa gyngor sy'n gofalu amdanat ti?", "en": "Which council looks after you?"}
PAGE_ONE = {"cy": "Tudalen 1 o 6", "en": "Page 1 of 6"}
REFUSED = {"cy": "Dewisa un o'r cynghorau sydd i'w gweld", "en": "Choose one of the councils shown"}


@pytest.fixture()
def national(app, short_8_10):
    return create_campaign(create_version(short_8_10), slug="cymru", authority_code=None)


def stored() -> list[Response]:
    return list(db.session.scalars(select(Response)))


def started(client, lang: str = "en"):
    """Open the introduction and press Start: the council page."""
    return submit(client, get_page(client, f"/{lang}/s/cymru"), {"action": "start"})


def test_the_introduction_has_no_council_question_and_start_comes_right_after_the_promises(client, national):
    intro = get_page(client, "/cy/s/cymru")
    assert not intro.soup.select("input[name=authority]")
    assert QUESTION["cy"] not in intro.text()
    form = intro.soup.select_one("#intro-form")
    assert [field.get("type") for field in form.select("input")] == ["hidden"]  # only the CSRF token
    assert form.select_one("button[value=start]").get_text(strip=True) == "Dechrau"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_start_leads_to_the_council_page_with_nothing_chosen(client, national, lang):
    page = started(client, lang)
    assert page.response.request.path == f"/{lang}/s/cymru/council"
    assert page.status == 200 and page.lang == lang
    assert page.soup.select_one("h1").get_text(strip=True) == QUESTION[lang]
    radios = page.soup.select("input[type=radio][name=authority]")
    assert len(radios) == 23  # the 22 councils and "not sure"
    assert not [radio for radio in radios if radio.has_attr("checked")]
    assert ("Sir Ddinbych" if lang == "cy" else "Denbighshire") in page.text()
    assert page.soup.select_one("#help") is not None
    # Started, but no council yet: the response exists so that a Start sent twice starts once.
    [response] = stored()
    assert response.authority is None and response.answers == {}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_council_chosen_is_stored_and_the_first_question_follows(client, national, lang):
    page = submit(client, started(client, lang), {"authority": DENBIGHSHIRE})
    assert PAGE_ONE[lang] in page.text()
    [response] = stored()
    assert response.authority.ons_code == DENBIGHSHIRE


@pytest.mark.parametrize("choice", ["", "not_sure"], ids=["skipped", "not-sure"])
def test_the_council_can_be_skipped_or_not_known(client, national, choice):
    page = submit(client, started(client), {"authority": choice} if choice else {})
    assert PAGE_ONE["en"] in page.text()
    [response] = stored()
    assert response.authority is None


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_made_up_council_is_refused_in_the_page_language_and_nothing_is_lost(client, national, lang):
    page = submit(client, started(client, lang), {"authority": CARDIFF})
    page = submit(client, page, {"safe_at_home": "never", "action": "back"})  # back to the council page
    assert page.soup.select_one(f"#authority-{CARDIFF}").has_attr("checked")
    refused = submit(client, page, {"authority": "W99999999"})
    assert refused.status == 400 and refused.lang == lang
    assert REFUSED[lang] in refused.soup.select_one(".error-summary").get_text()
    assert REFUSED[lang] in refused.soup.select_one(".field-error").get_text()
    # What was stored before is still stored, and still shown chosen.
    assert refused.soup.select_one(f"#authority-{CARDIFF}").has_attr("checked")
    [response] = stored()
    assert response.authority.ons_code == CARDIFF and response.answers == {"safe_at_home": "never"}


@pytest.mark.parametrize(("lang", "other"), [("cy", "en"), ("en", "cy")])
def test_a_council_chosen_before_switching_language_is_still_chosen(client, national, lang, other):
    page = started(client, lang)
    switched = submit(client, page, {"authority": CARDIFF, "action": "switch"})
    assert switched.lang == other and switched.response.request.path == f"/{other}/s/cymru/council"
    assert switched.soup.select_one(f"#authority-{CARDIFF}").has_attr("checked")
    assert len(switched.soup.select("input[name=authority][checked]")) == 1
    page = submit(client, switched, {"authority": CARDIFF})
    assert PAGE_ONE[other] in page.text()
    [response] = stored()
    assert response.authority.ons_code == CARDIFF


def test_not_sure_stays_ticked_after_a_language_switch(client, national):
    switched = submit(client, started(client, "cy"), {"authority": "not_sure", "action": "switch"})
    assert switched.soup.select_one("#authority-not-sure").has_attr("checked")
    assert stored()[0].authority is None


def test_a_returning_respondent_sees_the_council_and_can_change_it(client, national):
    page = submit(client, started(client), {"authority": CARDIFF})
    page = submit(client, page, {"safe_at_home": "never", "action": "continue"})
    intro = get_page(client, "/en/s/cymru")
    assert "Your answers so far are saved" in intro.text()
    assert "The council that looks after you: Cardiff" in intro.text()
    link = intro.soup.select_one("a.change-council")
    assert link["href"] == "/en/s/cymru/council"
    page = get_page(client, link["href"])
    assert page.soup.select_one(f"#authority-{CARDIFF}").has_attr("checked")
    page = submit(client, page, {"authority": DENBIGHSHIRE})
    assert "Page 2 of 6" in page.text()  # carries on where they left off
    [response] = stored()
    assert response.authority.ons_code == DENBIGHSHIRE and response.answers == {"safe_at_home": "never"}
    # Going back from the first question shows the council page too.
    page = get_page(client, "/en/s/cymru/1")
    page = submit(client, page, {"action": "back"})
    assert page.response.request.path == "/en/s/cymru/council"
    # And Back from there is the introduction, which, in Welsh, says no council was chosen after "not sure".
    page = submit(client, page, {"authority": "not_sure", "action": "back"})
    assert page.response.request.path == "/en/s/cymru"
    intro = get_page(client, "/cy/s/cymru")
    assert "Dwyt ti ddim wedi dweud pa gyngor sy'n gofalu amdanat ti." in intro.text()
    assert intro.soup.select_one("a.change-council").get_text(strip=True) == "Newid y cyngor"


def test_the_council_page_needs_a_started_survey_and_a_survey_across_wales(client, national, campaign):
    page = get_page(client, "/cy/s/cymru/council")
    assert page.response.request.path == "/cy/s/cymru"
    assert stored() == []
    page = get_page(client, "/en/s/test-campaign/council")  # a council's own survey: never asked
    assert page.response.request.path == "/en/s/test-campaign"


def test_start_sent_twice_starts_once_and_both_lead_to_the_council_page(client, national):
    intro = get_page(client, "/en/s/cymru")
    first = submit(client, intro, {"action": "start"})
    again = submit(client, intro, {"action": "start"})
    assert first.response.request.path == again.response.request.path == "/en/s/cymru/council"
    assert len(stored()) == 1


def test_an_access_code_is_still_asked_before_the_council(client, national):
    national.access = "codes"
    db.session.commit()
    [code] = access_codes.create(national, 1)
    intro = get_page(client, "/en/s/cymru")
    refused = submit(client, intro, {"access_code": "ZZZZ-ZZZZ"})
    assert refused.status == 400 and stored() == []
    assert get_page(client, "/en/s/cymru/council").response.request.path == "/en/s/cymru"
    page = submit(client, refused, {"access_code": code})
    assert page.response.request.path == "/en/s/cymru/council"
    page = submit(client, page, {"authority": CARDIFF})
    assert PAGE_ONE["en"] in page.text()
    assert stored()[0].authority.ons_code == CARDIFF


def test_a_council_sent_while_the_database_is_down_is_kept_for_trying_again(client, national, monkeypatch):
    def lost(*args: object, **kwargs: object) -> None:
        raise exc.OperationalError("UPDATE responses", {}, Exception("server closed the connection"))

    page = started(client, "cy")
    monkeypatch.setattr(response_store, "set_authority", lost)
    calm = submit(client, page, {"authority": CARDIFF})
    assert calm.status == 503 and calm.lang == "cy"
    assert calm.form_fields("#retry-form")["authority"] == CARDIFF
    assert calm.soup.select_one("button.lang-switch")["form"] == "retry-form"
    monkeypatch.undo()
    after = submit(client, calm, {"action": "continue"}, form_selector="#retry-form")
    assert PAGE_ONE["cy"] in after.text()
    db.session.expire_all()
    assert stored()[0].authority.ons_code == CARDIFF

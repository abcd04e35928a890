"""The question bank: every question of the shared and the council's own questionnaires, searchable."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from survey_app.auth.scope import Scope
from survey_app.content.bank import bank_entries, bank_entry, search
from survey_app.extensions import db
from survey_app.models import Authority
from survey_app.store import questionnaires as questionnaire_store
from tests.conftest import HOME_AUTHORITY, OTHER_AUTHORITY, create_user, create_version, get_page, sign_in

OFFICER = "officer@rct.example"
BANDS = ("children-4-7", "children-8-10", "young-people-11-18", "care-leavers-16-25")


def authority_id(code: str) -> int:
    return db.session.scalar(select(Authority.id).filter_by(ons_code=code))


@pytest.fixture()
def bundled(app, library):
    """The shared library's questionnaires, published."""
    return {qid: create_version(library.questionnaires[qid]) for qid in (*BANDS, "foster-carers")}


@pytest.fixture()
def officer(app, client, bundled):
    create_user(OFFICER, "officer")
    sign_in(client, OFFICER)
    return client


def own_questionnaire(library, code: str, new_id: str, question_en: str, question_cy: str):
    """A council's own published questionnaire: 8-10 under a new id, its first question reworded."""
    frozen = library.questionnaires["children-8-10"]
    pages = list(frozen.questionnaire.pages)
    home = pages[1]
    first = home.items[0]
    reworded = first.model_copy(
        update={"text": first.text.model_copy(update={"en": question_en, "cy": question_cy})}
    )
    pages[1] = home.model_copy(update={"items": [reworded, *home.items[1:]]})
    questionnaire = frozen.questionnaire.model_copy(update={"id": new_id, "pages": pages})
    version, _ = questionnaire_store.publish(
        frozen.model_copy(update={"questionnaire": questionnaire}),
        date.today(),
        authority_id=authority_id(code),
    )
    db.session.commit()
    return version


def scope_of(code: str | None) -> Scope:
    return Scope(authority_id=authority_id(code) if code else None, national=code is None)


def test_the_bank_holds_every_question_of_the_shared_questionnaires(app, bundled, library):
    entries = bank_entries(scope_of(HOME_AUTHORITY))
    expected = sum(1 for qid in bundled for item in library.questionnaires[qid].items() if item.answerable)
    assert len(entries) == expected
    keys = {entry.key for entry in entries}
    assert len(keys) == len(entries)
    safe = bank_entry(scope_of(HOME_AUTHORITY), f"{bundled['children-8-10'].id}:safe_at_home")
    assert safe is not None and safe.indicator.id == "feels_safe_at_home"
    assert safe.domain == safe.indicator.domain and safe.option_set.id == "how_often"
    assert safe.age_band == "8-10" and safe.audience == "child" and not safe.own
    assert safe.page_title.en == "Where you live"


def test_search_in_either_language_and_by_filter(app, bundled):
    entries = bank_entries(scope_of(HOME_AUTHORITY))
    english = search(entries, "SAFE in the home")
    welsh = search(entries, "ddiogel yn y cartref")
    assert english and {e.key for e in english} == {e.key for e in welsh}
    assert all(e.item.indicator == "feels_safe_at_home" for e in english)
    assert {e.age_band for e in search(entries, age_band="4-7")} == {"4-7"}
    assert {e.audience for e in search(entries, audience="foster_carer")} == {"foster_carer"}
    assert {e.domain for e in search(entries, domain="relationships")} == {"relationships"}
    assert {e.item.indicator for e in search(entries, indicator="has_good_friend")} == {"has_good_friend"}
    assert search(entries, "zzzz no such words") == []


def test_shared_wording_across_age_bands_is_flagged(app, bundled):
    entries = bank_entries(scope_of(HOME_AUTHORITY))
    friend = [e for e in entries if e.item.indicator == "has_good_friend"]
    shared = {e.questionnaire_id: {s.age_band for s in e.shared_with} for e in friend}
    # The same words for a good friend in 8-10, 11-18 and 16-25.
    assert shared["children-8-10"] == {"11-18", "16-25"}
    # A question asked in words of its own is not flagged.
    mine = [e for e in entries if e.questionnaire_id == "children-4-7" and e.item.indicator]
    assert any(not e.shared_with for e in mine)


def test_a_councils_own_questions_are_in_its_bank_only(app, bundled, library):
    own_questionnaire(
        library, OTHER_AUTHORITY, "cardiff-own", "Is Cardiff kind to you?", "Ydy Caerdydd yn garedig?"
    )
    cardiff = bank_entries(scope_of(OTHER_AUTHORITY))
    mine = [e for e in cardiff if e.own]
    assert mine and all(e.questionnaire_id == "cardiff-own" for e in mine)
    assert search(cardiff, "cardiff kind") and search(cardiff, "caerdydd garedig")
    rct = bank_entries(scope_of(HOME_AUTHORITY))
    assert not [e for e in rct if e.own] and not search(rct, "cardiff kind")
    assert bank_entry(scope_of(HOME_AUTHORITY), mine[0].key) is None
    assert bank_entry(scope_of(OTHER_AUTHORITY), mine[0].key) is not None
    # The national coordinator's bank is the shared library's.
    assert not [e for e in bank_entries(scope_of(None)) if e.own]
    assert bank_entry(scope_of(HOME_AUTHORITY), "nonsense") is None
    assert bank_entry(scope_of(HOME_AUTHORITY), "999999:safe_at_home") is None


def test_only_the_latest_version_of_each_questionnaire_is_in_the_bank(app, bundled, library):
    first = own_questionnaire(library, HOME_AUTHORITY, "rct-own", "Old words?", "Hen eiriau?")
    second = own_questionnaire(library, HOME_AUTHORITY, "rct-own", "New words?", "Geiriau newydd?")
    assert second.version == 2
    entries = bank_entries(scope_of(HOME_AUTHORITY))
    assert search(entries, "new words") and not search(entries, "old words")
    assert bank_entry(scope_of(HOME_AUTHORITY), f"{first.id}:safe_at_home") is None


# --- The page -----------------------------------------------------------------------------------


def test_the_bank_page_shows_questions_as_respondents_see_them(officer, library):
    page = get_page(officer, "/en/staff/question-bank/?q=safe+in+the+home&age_band=8-10")
    (entry,) = page.soup.select(".bank-entry")
    text = " ".join(entry.get_text(" ").split())
    assert "Do you feel safe in the home where you live now?" in text
    assert "Wyt ti'n teimlo'n ddiogel yn y cartref lle rwyt ti'n byw nawr?" in text
    assert entry.select_one("[lang=cy]") is not None and entry.select_one("[lang=en]") is not None
    assert "I'd rather not say" in text and "Byddai'n well gen i beidio â dweud" in text
    label = library.indicators["feels_safe_at_home"].label.en
    assert f"Indicator: {label}" in text and "Counts as positive:" in text
    assert "Your life, your say" in text and "ages 8-10" in text
    assert "1 question found" in page.main_text()


def test_the_bank_page_in_welsh(officer):
    page = get_page(officer, "/cy/staff/question-bank/?q=ffrind+da&age_band=16-25")
    assert page.lang == "cy"
    labels = [label.get_text(" ", strip=True) for label in page.soup.select("main form label")]
    assert "Dangosydd" in labels and "Parth" in labels
    text = page.main_text()
    assert "Dangosydd:" in text
    assert "Yr un geiriad hefyd yn 8-10 ac 11-18" in text  # "ac" before a vowel sound (un ar ddeg)


def test_shared_wording_is_said_on_the_page(officer):
    page = get_page(officer, "/en/staff/question-bank/?indicator=has_good_friend&age_band=8-10")
    assert "Wording shared with 11-18 and 16-25" in page.main_text()


def test_no_results_says_so_in_both_languages(officer):
    english = get_page(officer, "/en/staff/question-bank/?q=zzzzqqq")
    assert "No question matches your search" in english.main_text()
    assert "0 questions found" in english.main_text()
    welsh = get_page(officer, "/cy/staff/question-bank/?q=zzzzqqq")
    assert "Does dim cwestiwn" in welsh.main_text()


def test_unknown_filter_values_are_ignored_and_pages_are_capped(officer):
    page = get_page(officer, "/en/staff/question-bank/?audience=martians&p=abc")
    assert len(page.soup.select(".bank-entry")) == 20
    nxt = page.soup.select_one("a[rel=next]")
    assert nxt is not None
    second = get_page(officer, nxt["href"])
    assert second.soup.select_one("a[rel=prev]") is not None
    assert "Page 2 of" in second.main_text()
    last = get_page(officer, "/en/staff/question-bank/?p=9999")
    assert last.soup.select(".bank-entry")


def test_council_b_never_sees_council_as_own_questions_on_the_page(app, bundled, library, client):
    own_questionnaire(
        library, OTHER_AUTHORITY, "cardiff-own", "Is Cardiff kind to you?", "Ydy Caerdydd yn garedig?"
    )
    create_user("cardiff@cardiff.example", "analyst", OTHER_AUTHORITY)
    create_user(OFFICER, "officer")
    sign_in(client, OFFICER)
    page = get_page(client, "/en/staff/question-bank/?q=cardiff")
    assert "Is Cardiff kind" not in page.text() and "cardiff-own" not in page.text()
    other = app.test_client()
    sign_in(other, "cardiff@cardiff.example")
    theirs = get_page(other, "/en/staff/question-bank/?q=cardiff")
    assert "Is Cardiff kind to you?" in theirs.main_text() and "Your council's own" in theirs.main_text()


def test_the_library_links_to_the_bank(officer):
    page = get_page(officer, "/en/staff/questionnaires/")
    assert page.soup.select_one("main a[href='/en/staff/question-bank/']") is not None


# --- Adding to a draft (the builder's endpoint) ---------------------------------------------------


def draft_of(bundled) -> int:
    from survey_app.store import drafts as draft_store

    draft = draft_store.adapt(bundled["children-8-10"], authority_id(HOME_AUTHORITY), "rct-8-10")
    db.session.commit()
    return draft.id


def test_no_add_button_without_a_draft(officer, bundled):
    page = get_page(officer, "/en/staff/question-bank/")
    assert page.soup.select("form.add-from-bank") == []


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_add_to_this_page_puts_the_bank_question_on_the_draft_page(officer, bundled, lang):
    """The bank opened from a draft's page adds a question of another questionnaire to that page, with
    its indicator, and the search keeps the draft and page."""
    draft_id = draft_of(bundled)
    page = get_page(
        officer, f"/{lang}/staff/question-bank/?draft={draft_id}&page=home&audience=child&q=review"
    )
    assert page.soup.select_one("form.bank-search input[name=draft]")["value"] == str(draft_id)
    forms = [
        form
        for form in page.soup.select("form.add-from-bank")
        if form.select_one("input[name=key]")["value"].endswith(":had_review")
    ]
    assert forms and forms[0]["action"] == f"/{lang}/staff/drafts/{draft_id}/add-from-bank"
    fields = {each["name"]: each["value"] for each in forms[0].select("input[type=hidden]")}
    assert fields["page_id"] == "home"
    response = officer.post(forms[0]["action"], data=fields, follow_redirects=True)
    assert response.status_code == 200
    from survey_app.models import QuestionnaireDraft

    draft = db.session.get(QuestionnaireDraft, draft_id)
    db.session.refresh(draft)
    home = next(each for each in draft.source["pages"] if each["id"] == "home")
    added = [item for item in home["items"] if item["id"] == "had_review"]
    assert added and added[0].get("indicator") == bundled_indicator(bundled, "had_review")


def bundled_indicator(bundled, item_id: str) -> str | None:
    frozen = questionnaire_store.frozen_content(bundled["young-people-11-18"])
    return frozen.item(item_id).indicator


def test_another_councils_draft_or_a_missing_page_is_not_found(app, bundled, library, officer):
    from survey_app.store import drafts as draft_store

    theirs = draft_store.adapt(bundled["children-8-10"], authority_id(OTHER_AUTHORITY), "cardiff-8-10")
    db.session.commit()
    get_page(officer, f"/en/staff/question-bank/?draft={theirs.id}&page=home", status=404)
    mine = draft_of(bundled)
    get_page(officer, f"/en/staff/question-bank/?draft={mine}&page=no_such_page", status=404)
    get_page(officer, "/en/staff/question-bank/?draft=abc&page=home", status=404)


def test_an_analyst_sees_the_bank_but_no_way_to_add(app, bundled, client):
    create_user("analyst@rct.example", "analyst")
    sign_in(client, "analyst@rct.example", lang="cy")
    page = get_page(client, "/cy/staff/question-bank/?draft=1&page=home")
    assert page.soup.select(".bank-entry") and page.soup.select("form.add-from-bank") == []
    assert page.soup.select_one("form.bank-search input[name=draft]") is None


def test_the_national_coordinator_sees_the_shared_bank(app, bundled, library, client):
    own_questionnaire(
        library, OTHER_AUTHORITY, "cardiff-own", "Is Cardiff kind to you?", "Ydy Caerdydd yn garedig?"
    )
    create_user("national@wales.example", "national", None)
    sign_in(client, "national@wales.example")
    page = get_page(client, "/en/staff/question-bank/?q=safe+in+the+home")
    assert page.soup.select(".bank-entry") and "Is Cardiff kind" not in page.text()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_opened_from_a_draft_the_bank_shows_the_drafts_audience_until_told_otherwise(officer, bundled, lang):
    """A children's draft is offered children's questions first, not foster carers' (spoken to as "chi")."""
    draft_id = draft_of(bundled)
    carers_key = f"{bundled['foster-carers'].id}:"

    def keys(url: str) -> list[str]:
        page = get_page(officer, url)
        return [each["value"] for each in page.soup.select("form.add-from-bank input[name=key]")]

    base = f"/{lang}/staff/question-bank/?draft={draft_id}&page=home"
    offered = keys(base)
    assert offered and not any(key.startswith(carers_key) for key in offered)
    assert get_page(officer, base).soup.select_one("#audience option[selected]")["value"] == "child"
    assert any(key.startswith(carers_key) for key in keys(base + "&audience=foster_carer"))

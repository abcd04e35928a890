"""The builder through its pages, in Welsh and English: every change checked, saved, undoable; a stale
form refused; questions from the bank; one council cannot touch another's draft."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import QuestionnaireDraft
from survey_app.store import draft_builder as build
from tests.conftest import OTHER_AUTHORITY, create_user, create_version, get_page, sign_in, submit
from tests.test_staff_questionnaires import good_file, upload

OFFICER = "officer@rct.example"


@pytest.fixture()
def officer(app, client):
    create_user(OFFICER, "officer")
    sign_in(client, OFFICER)
    upload(client, good_file("short-8-10-rct"))
    return client


def draft() -> QuestionnaireDraft:
    db.session.expire_all()
    return db.session.scalars(select(QuestionnaireDraft)).one()


def order() -> list[tuple[str, list[str]]]:
    return [(page["id"], [item["id"] for item in page["items"]]) for page in draft().source["pages"]]


def structure(client, lang="en", status=200):
    return get_page(client, f"/{lang}/staff/drafts/{draft().id}/structure", status)


def press(client, shown, action: str, lang="en", **fields):
    """Press the button `action` of the form for one item or page on the structure page."""
    target = fields.get("item") or fields.get("page")
    for form in shown.soup.select("main form"):
        action_field = form.select_one("input[name=action]")
        target_field = form.select_one("input[name=item], input[name=page]")
        if (
            action_field
            and action_field["value"] == action
            and (target is None or (target_field is not None and target_field["value"] == target))
        ):
            data = {each["name"]: each.get("value", "") for each in form.select("input[type=hidden]")}
            data.update({k: v for k, v in fields.items()})
            from tests.conftest import Page, check_page

            result = Page(client.post(form["action"], data=data, follow_redirects=True))
            check_page(result)
            return result
    raise AssertionError(f"no {action} button for {target}")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_structure_shows_pages_questions_answers_and_show_if_in_words(officer, lang):
    page = structure(officer, lang)
    assert page.lang == lang
    text = page.main_text()
    if lang == "en":
        assert "Do you feel safe in the home where you live now?" in text
        assert "All of the time / Most of the time" in text
        assert "Asked only if they answered Yes to" in text
    else:
        assert "Wyt ti'n teimlo'n ddiogel yn y cartref lle rwyt ti'n byw nawr?" in text
        assert "Drwy'r amser / Y rhan fwyaf o'r amser" in text
        assert "how_often" not in text


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_moving_questions_and_pages_and_undoing(officer, lang):
    result = press(officer, structure(officer, lang), "item_down", lang, item="happy_at_home")
    assert result.status == 200 and result.lang == lang
    assert order()[1] == ("social_worker", ["happy_at_home", "know_social_worker"])
    press(officer, structure(officer, lang), "item_up", lang, item="happy_at_home")
    assert order()[0] == ("home", ["safe_at_home", "happy_at_home"])
    press(officer, structure(officer, lang), "item_to_page", lang, item="safe_at_home", to_page="your_life")
    assert order()[-1][1][-1] == "safe_at_home"
    press(officer, structure(officer, lang), "page_down", lang, page="home")
    assert [page for page, _ in order()][:2] == ["social_worker", "home"]
    assert draft().revision == 4
    page = structure(officer, lang)
    assert page.soup.select_one("#history li") is not None
    submit(officer, page, {}, form_selector="#history form")
    assert [page for page, _ in order()][:2] == ["home", "social_worker"]
    submit(officer, structure(officer, lang), {}, form_selector="#history form")
    assert order()[0] == ("home", ["safe_at_home", "happy_at_home"])


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "is asked only after an answer to know_social_worker"),
        ("cy", "ofyn dim ond ar ôl ateb i know_social_worker"),
    ],
)
def test_a_change_the_checker_refuses_is_not_saved_and_says_why_in_the_page_language(officer, lang, words):
    before = draft().source
    result = press(officer, structure(officer, lang), "item_remove", lang, item="know_social_worker")
    assert result.status == 400 and result.lang == lang
    assert words in result.main_text()
    assert result.soup.select_one(".error-summary a[href='#item-trust_social_worker']") is not None
    assert draft().source == before and draft().revision == 0


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_stale_form_is_refused_and_nothing_is_overwritten(officer, lang):
    old = structure(officer, lang)
    press(officer, structure(officer, lang), "item_down", lang, item="safe_at_home")
    moved = order()
    result = press(officer, old, "page_down", lang, page="home")
    assert result.status == 409
    expected = "Someone else changed this draft" if lang == "en" else "Mae rhywun arall wedi newid"
    assert expected in result.main_text()
    assert order() == moved


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_pages_are_added_renamed_and_removed_with_a_confirm_step(officer, lang):
    page = structure(officer, lang)
    refused = submit(officer, page, {"title_en": "", "title_cy": "Mwy"}, form_selector="#page-new form")
    assert refused.status == 400 and refused.soup.select_one("#new-page-cy")["value"] == "Mwy"
    submit(
        officer,
        structure(officer, lang),
        {"title_en": "More", "title_cy": "Mwy", "new_page_id": "more"},
        form_selector="#page-new form",
    )
    assert order()[-1] == ("more", [])
    press(
        officer,
        structure(officer, lang),
        "page_rename",
        lang,
        page="more",
        title_en="Extra",
        title_cy="Ychwanegol",
    )
    assert draft().source["pages"][-1]["title"] == {"en": "Extra", "cy": "Ychwanegol"}
    press(officer, structure(officer, lang), "page_remove", lang, page="more")
    assert "more" not in [page for page, _ in order()]
    ask = press(officer, structure(officer, lang), "page_remove", lang, page="home")
    assert "home" in [page for page, _ in order()]
    submit(officer, ask, {})
    assert "home" not in [page for page, _ in order()]


def question_form(client, lang="en", page_id="your_life", item=None):
    url = f"/{lang}/staff/drafts/{draft().id}/" + (
        f"questions/{item}" if item else f"pages/{page_id}/questions/new"
    )
    return get_page(client, url)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_adding_a_grid_and_a_question_with_show_if(officer, lang):
    form = question_form(officer, lang)
    assert "All of the time / Most of the time" in form.main_text() or "Drwy'r amser" in form.main_text()
    grid = {
        "type": "grid", "text_en": "How often do you see them?", "text_cy": "Pa mor aml wyt ti'n eu gweld?",
        "options": "how_often", "rows": "Mum | Mam\nDad | Dad\nGran | Nain",
    }  # fmt: skip
    result = submit(officer, form, grid)
    assert result.status == 200, result.main_text()
    item = build.find_item(draft().source, "how_often_do_you_see_them")
    assert [row["id"] for row in item["rows"]] == ["mum", "dad", "gran"]
    assert item["rows"][0]["text"] == {"en": "Mum", "cy": "Mam"}

    form = question_form(officer, lang)
    step = submit(
        officer,
        form,
        {
            "type": "free_text",
            "text_en": "Why not?",
            "show_if_item": "know_social_worker",
            "action": "choose_show_if",
        },
    )
    assert step.soup.select("input[name=show_if_values]")
    assert step.soup.select_one("#text_en").get_text() == "Why not?"
    result = submit(
        officer,
        step,
        {
            "type": "free_text",
            "text_en": "Why not?",
            "show_if_item": "know_social_worker",
            "show_if_values": "no",
            "action": "save",
        },
    )
    assert result.status == 200
    assert build.find_item(draft().source, "why_not")["show_if"] == {
        "item": "know_social_worker",
        "any_of": ["no"],
    }


@pytest.mark.parametrize(("lang", "words"), [("en", "offers none of them"), ("cy", "dim un ohonyn nhw")])
def test_an_indicator_the_answers_cannot_feed_is_refused_in_words_and_nothing_typed_is_lost(
    officer, lang, words
):
    form = question_form(officer, lang)
    typed = {
        "type": "yes_no",
        "text_en": "Pets?",
        "text_cy": "Anifeiliaid?",
        "options": "yes_no_ydw",
        "indicator": "same_social_worker",
        "action": "save",
    }
    result = submit(officer, form, typed)
    assert result.status == 400 and result.lang == lang
    assert words in result.soup.select_one("#field-indicator .error-message").get_text()
    assert result.soup.select_one("#text_cy").get_text() == "Anifeiliaid?"
    assert result.soup.select_one("#indicator option[selected]")["value"] == "same_social_worker"
    assert "pets" not in build.item_ids(draft().source)


def test_english_is_needed_and_a_new_answer_set_is_kept_with_the_draft(officer):
    result = submit(
        officer, question_form(officer), {"type": "single_choice", "text_en": "", "text_cy": "Beth?"}
    )
    assert result.status == 400 and "Enter the question in English" in result.main_text()
    result = submit(
        officer,
        question_form(officer),
        {"type": "single_choice", "text_en": "Favourite pet?", "new_answers": "Dog | Ci\nCat | Cath"},
    )
    assert result.status == 200
    item = build.find_item(draft().source, "favourite_pet")
    assert draft().option_sets[item["options"]]["options"][1] == {
        "value": "cat",
        "label": {"en": "Cat", "cy": "Cath"},
    }
    assert "Dog / Cat" in structure(officer).main_text()


def test_editing_a_question_keeps_its_indicator(officer):
    form = question_form(officer, item="safe_at_home")
    assert form.soup.select_one("#indicator option[selected]")["value"] == "feels_safe_at_home"
    fields = {
        "type": "single_choice",
        "id": "safe_at_home",
        "text_en": "Do you feel safe at home?",
        "text_cy": "Wyt ti'n teimlo'n ddiogel gartref?",
        "options": "how_often",
        "indicator": "feels_safe_at_home",
    }
    assert submit(officer, form, fields).status == 200
    item = build.find_item(draft().source, "safe_at_home")
    assert item["text"]["en"] == "Do you feel safe at home?" and item["indicator"] == "feels_safe_at_home"


def test_adding_from_a_published_version(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    page = structure(officer)
    token = page.form_fields("#history form" if page.soup.select_one("#history form") else "#page-new form")[
        "csrf_token"
    ]
    frozen = library.questionnaires["children-8-10"]
    with_show_if = next(item for item in frozen.items() if item.show_if)
    response = officer.post(
        f"/en/staff/drafts/{draft().id}/add-from-bank",
        data={"csrf_token": token, "key": f"{version.id}:{with_show_if.id}", "page_id": "your_life"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "asked of everyone" in text
    added = order()[-1][1][-1]
    copied = build.find_item(draft().source, added)
    assert "show_if" not in copied and copied.get("indicator") == with_show_if.indicator
    same = (
        next(item for item in frozen.items() if item.id == "safe_at_home")
        if any(i.id == "safe_at_home" for i in frozen.items())
        else None
    )
    if same is not None:
        officer.post(
            f"/en/staff/drafts/{draft().id}/add-from-bank",
            data={"csrf_token": token, "key": f"{version.id}:safe_at_home", "page_id": "your_life"},
        )
        assert "safe_at_home_2" in build.item_ids(draft().source)
    missing = officer.post(
        f"/en/staff/drafts/{draft().id}/add-from-bank",
        data={"csrf_token": token, "key": f"{version.id}:nothing", "page_id": "your_life"},
    )
    assert missing.status_code == 404


def test_another_council_cannot_touch_the_draft(officer, app):
    draft_id = draft().id
    create_user("other@cardiff.example", "officer", OTHER_AUTHORITY)
    other = app.test_client()
    sign_in(other, "other@cardiff.example")
    assert other.get(f"/en/staff/drafts/{draft_id}/structure").status_code == 404
    assert other.get(f"/en/staff/drafts/{draft_id}/questions/safe_at_home").status_code == 404
    assert other.post(f"/en/staff/drafts/{draft_id}/undo", data={"revision": "0"}).status_code in (400, 404)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_text_editor_refuses_a_stale_form_too(officer, lang):
    old = get_page(officer, f"/{lang}/staff/drafts/{draft().id}")
    press(officer, structure(officer, lang), "item_down", lang, item="safe_at_home")
    fields = {
        each["name"]: each.get("value", "")
        for each in old.soup.select(f"form[action$='/{draft().id}'] input[type=hidden]")
    }
    fields["en:short-8-10-rct:title"] = "Overwritten"
    response = officer.post(f"/{lang}/staff/drafts/{draft().id}", data=fields)
    assert response.status_code == 409
    assert draft().source["title"]["en"] != "Overwritten"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_stale_question_form_is_refused_and_what_was_typed_is_kept(officer, lang):
    old = question_form(officer, lang)
    press(officer, structure(officer, lang), "item_down", lang, item="safe_at_home")
    moved = order()
    typed = {"type": "yes_no", "text_en": "Pets?", "text_cy": "Anifeiliaid?", "options": "yes_no_ydw"}
    result = submit(officer, old, typed)
    assert result.status == 409
    assert result.soup.select_one("#text_en").get_text() == "Pets?"
    assert order() == moved

"""Questionnaires in the browser: the library, importing, adapting, editing side by side, publishing."""

from __future__ import annotations

import io
from datetime import date

import pytest
import yaml
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Authority, QuestionnaireDraft, QuestionnaireVersion
from survey_app.store import drafts as draft_store
from survey_app.store import questionnaires as questionnaire_store
from survey_app.store.questionnaires import frozen_content
from tests.conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_user,
    create_version,
    data_dir,
    get_page,
    sign_in,
    submit,
)

OFFICER = "officer@rct.example"
CARDIFF = "officer@cardiff.example"
ANALYST = "analyst@rct.example"


@pytest.fixture()
def officer(app, client):
    create_user(OFFICER, "officer")
    sign_in(client, OFFICER)
    return client


def authority_id(code: str) -> int:
    return db.session.scalar(select(Authority.id).filter_by(ons_code=code))


def good_file(new_id: str = "short-8-10", drop_welsh: tuple[str, ...] = ()) -> bytes:
    """tests/data/short-8-10.yaml under a new id, without the Welsh of the named items' text."""
    raw = yaml.safe_load((data_dir() / "short-8-10.yaml").read_text(encoding="utf-8"))
    raw["id"] = new_id
    for page in raw["pages"]:
        for item in page["items"]:
            if item["id"] in drop_welsh:
                del item["text"]["cy"]
    return yaml.safe_dump(raw, allow_unicode=True).encode("utf-8")


def upload(client, data: bytes, name: str = "mine.yaml", lang: str = "en"):
    page = get_page(client, f"/{lang}/staff/drafts/import")
    return submit(client, page, {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def drafts() -> list[QuestionnaireDraft]:
    db.session.expire_all()
    return list(db.session.scalars(select(QuestionnaireDraft)))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def only_draft() -> QuestionnaireDraft:
    (draft,) = drafts()
    return draft


def edit_fields(page) -> dict[str, str]:
    """What the editor's form would send as shown: every textarea and the CSRF token."""
    form = page.soup.select_one(f"form[action$='/{only_draft().id}']")
    fields = {each["name"]: each.get("value", "") for each in form.select("input[type=hidden]")}
    fields.update({each["name"]: each.get_text() for each in form.select("textarea")})
    return fields


def post_edit(client, lang: str = "en", **changes: str):
    draft = only_draft()
    page = get_page(client, f"/{lang}/staff/drafts/{draft.id}")
    fields = edit_fields(page)
    fields.update(changes)
    return client.post(f"/{lang}/staff/drafts/{draft.id}", data=fields, follow_redirects=True)


def publish(client, lang: str = "en"):
    draft = only_draft()
    page = get_page(client, f"/{lang}/staff/drafts/{draft.id}")
    return submit(client, page, {}, form_selector="#publish form")


# --- The library ---------------------------------------------------------------------------------


def test_library_lists_bundled_questionnaires_in_both_languages(officer, library):
    children = create_version(library.questionnaires["children-8-10"])
    create_version(library.questionnaires["foster-carers"])
    english = get_page(officer, "/en/staff/questionnaires/")
    welsh = get_page(officer, "/cy/staff/questionnaires/")
    assert library.questionnaires["children-8-10"].questionnaire.title.en in english.main_text()
    assert library.questionnaires["foster-carers"].questionnaire.title.en in english.main_text()
    assert library.questionnaires["children-8-10"].questionnaire.title.cy in welsh.main_text()
    assert welsh.lang == "cy"
    assert "Shared library" in english.main_text() and "8-10" in english.main_text()
    version = get_page(officer, f"/en/staff/questionnaires/{children.id}")
    text = version.main_text()
    assert children.content_hash[:12] in text
    assert str(frozen_content(children).question_count()) in text
    assert version.soup.select_one("#adapt") is not None


def test_version_of_another_authority_is_not_found(officer, library):
    theirs, _ = questionnaire_store.publish(
        library.questionnaires["staff"], date.today(), authority_id=authority_id(OTHER_AUTHORITY)
    )
    db.session.commit()
    get_page(officer, f"/en/staff/questionnaires/{theirs.id}", status=404)
    assert "staff" not in [
        row.get_text() for row in get_page(officer, "/en/staff/questionnaires/").soup.select("td")
    ]


# --- Importing -----------------------------------------------------------------------------------


def test_importing_a_good_file_makes_a_draft(officer):
    page = upload(officer, good_file("short-8-10-rct"))
    assert "Draft" in page.main_text() and "short-8-10-rct" in page.main_text()
    draft = only_draft()
    assert draft.authority_id == authority_id(HOME_AUTHORITY)
    assert draft_store.check_draft(draft)[1] == []
    assert "questionnaire_imported" in actions()
    assert page.soup.select_one("textarea[lang=cy]") is not None


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_broken_file_is_refused_and_nothing_is_saved(officer, lang):
    page = upload(officer, (data_dir() / "broken_questionnaire.yaml").read_bytes(), lang=lang)
    assert page.status == 400
    problems = page.soup.select_one("#file-problems ul[lang=en]")
    assert problems is not None and "unknown option set no_such_set" in problems.get_text()
    assert page.soup.select_one(".error-summary") is not None
    assert page.lang == lang
    assert drafts() == []


def test_a_file_that_is_not_yaml_or_not_utf8_is_refused(officer):
    assert upload(officer, good_file("x-one"), name="mine.txt").status == 400
    page = upload(officer, "id: caf\xe9\n".encode("latin-1"))
    assert page.status == 400 and "UTF-8" in page.main_text()
    assert drafts() == []


def test_welsh_missing_is_kept_as_a_draft_and_publishing_waits_for_it(officer):
    upload(officer, good_file("short-8-10-rct", drop_welsh=("safe_at_home",)))
    draft = only_draft()
    assert draft.source["pages"][0]["items"][0]["text"]["cy"] == ""
    refused = publish(officer)
    assert refused.status == 400
    assert "The Welsh is missing for the text of question safe_at_home" in refused.main_text()
    assert db.session.scalar(select(QuestionnaireVersion)) is None

    context = "short-8-10-rct:safe_at_home.text"
    post_edit(officer, **{f"cy:{context}": "Wyt ti'n teimlo'n ddiogel gartref?"})
    published = publish(officer)
    assert published.status == 200 and "published" in published.main_text()
    version = db.session.scalar(select(QuestionnaireVersion))
    assert version.authority_id == authority_id(HOME_AUTHORITY)
    assert version.content_hash == frozen_content(version).content_hash()
    assert frozen_content(version).item("safe_at_home").text.cy == "Wyt ti'n teimlo'n ddiogel gartref?"
    assert drafts() == []
    assert "questionnaire_published" in actions()


def test_changing_english_flags_the_welsh_until_someone_confirms_it(officer):
    upload(officer, good_file("short-8-10-rct"))
    context = "short-8-10-rct:safe_at_home.text"
    post_edit(officer, **{f"en:{context}": "Do you feel safe where you live?"})
    assert draft_store.translation_counts(only_draft()) == (0, 1)
    page = get_page(officer, f"/cy/staff/drafts/{only_draft().id}")
    assert page.soup.select_one(f"input[name='ok:{context}']") is not None
    assert "needs checking" in publish(officer).main_text()

    post_edit(officer, **{f"ok:{context}": "1"})
    assert draft_store.translation_counts(only_draft()) == (0, 0)
    assert publish(officer).status == 200


def test_an_empty_english_text_is_refused_and_the_rest_is_saved(officer):
    upload(officer, good_file("short-8-10-rct"))
    response = post_edit(
        officer,
        **{
            "en:short-8-10-rct:safe_at_home.text": "  ",
            "cy:short-8-10-rct:safe_at_home.text": "Cymraeg newydd",
            "en:short-8-10-rct:title": "A new title",
        },
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Enter the English for the text of question safe_at_home." in text
    assert "Cymraeg newydd" in text  # kept as typed
    draft = only_draft()
    assert draft.source["title"]["en"] == "A new title"
    assert draft.source["pages"][0]["items"][0]["text"]["en"].startswith("Do you feel safe")


def test_a_draft_can_be_deleted(officer):
    upload(officer, good_file("short-8-10-rct"))
    page = get_page(officer, f"/en/staff/drafts/{only_draft().id}/delete")
    done = submit(officer, page, {})
    assert "The draft has been deleted." in done.main_text()
    assert drafts() == [] and "draft_deleted" in actions()


# --- Adapting ------------------------------------------------------------------------------------


def test_adapting_a_version_makes_a_draft_ready_to_publish(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    page = get_page(officer, f"/en/staff/questionnaires/{version.id}")
    suggested = page.soup.select_one("input[name=new_id]")["value"]
    assert suggested == "children-8-10-rhondda-cynon-taf"
    submit(officer, page, {"new_id": suggested}, form_selector="#adapt + p + form")
    draft = only_draft()
    assert draft.questionnaire_id == suggested and draft.based_on_id == version.id
    assert draft_store.translation_counts(draft) == (0, 0)
    assert publish(officer).status == 200
    mine = db.session.scalar(select(QuestionnaireVersion).filter_by(questionnaire_id=suggested))
    assert mine.authority_id == authority_id(HOME_AUTHORITY)


def test_adapt_refuses_a_bad_or_taken_id(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    page = get_page(officer, f"/en/staff/questionnaires/{version.id}")
    bad = submit(officer, page, {"new_id": "Not An Id"}, form_selector="#adapt + p + form")
    assert bad.status == 400 and "lowercase letters" in bad.main_text()
    taken = submit(officer, page, {"new_id": "children-8-10"}, form_selector="#adapt + p + form")
    assert taken.status == 400 and "already uses this id" in taken.main_text()
    assert drafts() == []


def test_every_bundled_questionnaire_adapts_into_a_clean_draft(app, library):
    for frozen in library.questionnaires.values():
        version = create_version(frozen)
        draft = draft_store.adapt(version, None, version.questionnaire_id)
        result, problems = draft_store.check_draft(draft)
        assert problems == [] and result is not None, version.questionnaire_id
        assert result.content_hash() == frozen.content_hash()
        db.session.rollback()


def test_preview_content_shows_english_where_welsh_is_missing(officer):
    upload(officer, good_file("short-8-10-rct", drop_welsh=("safe_at_home",)))
    draft = only_draft()
    assert draft_store.check_draft(draft)[0] is None
    preview = draft_store.preview_content(draft)
    assert preview is not None
    assert preview.item("safe_at_home").text.cy == "[EN] " + preview.item("safe_at_home").text.en


def test_the_national_coordinator_adapts_into_the_shared_library(app, client, library):
    version = create_version(library.questionnaires["children-4-7"])
    create_user("national@example.wales", "national")
    sign_in(client, "national@example.wales")
    page = get_page(client, f"/en/staff/questionnaires/{version.id}")
    assert page.soup.select_one("input[name=new_id]")["value"] == "children-4-7"
    submit(client, page, {"new_id": "children-4-7"}, form_selector="#adapt + p + form")
    post_edit(client, **{"en:children-4-7:title": "Your life (new)"})
    assert "Welsh" in get_page(client, f"/en/staff/drafts/{only_draft().id}").main_text()
    post_edit(client, **{"ok:children-4-7:title": "1"})
    publish(client)
    newest = db.session.scalar(
        select(QuestionnaireVersion).filter_by(questionnaire_id="children-4-7", version=2)
    )
    assert newest is not None and newest.authority_id is None


# --- Who may do what -----------------------------------------------------------------------------


def test_an_analyst_cannot_import_or_edit(app, client):
    create_user(OFFICER, "officer")
    create_user(ANALYST, "analyst")
    officer = app.test_client()
    sign_in(officer, OFFICER)
    upload(officer, good_file("short-8-10-rct"))
    draft_id = only_draft().id
    sign_in(client, ANALYST)
    library_page = get_page(client, "/en/staff/questionnaires/")
    assert library_page.soup.select_one(f"a[href$='/drafts/{draft_id}']") is None
    get_page(client, "/en/staff/drafts/import", status=403)
    get_page(client, f"/en/staff/drafts/{draft_id}", status=403)
    token = library_page.form_fields("form.sign-out")
    for action in ("", "/publish", "/delete"):
        assert client.post(f"/en/staff/drafts/{draft_id}{action}", data=token).status_code == 403
    assert len(drafts()) == 1


def test_another_authority_cannot_reach_the_draft(app, client):
    create_user(OFFICER, "officer")
    create_user(CARDIFF, "officer", OTHER_AUTHORITY)
    officer = app.test_client()
    sign_in(officer, OFFICER)
    upload(officer, good_file("short-8-10-rct"))
    draft_id = only_draft().id
    sign_in(client, CARDIFF)
    get_page(client, f"/en/staff/drafts/{draft_id}", status=404)
    get_page(client, f"/en/staff/drafts/{draft_id}/delete", status=404)
    assert "short-8-10-rct" not in get_page(client, "/en/staff/questionnaires/").main_text()


def test_cardiff_cannot_take_or_publish_under_an_id_rhondda_owns(app, client):
    create_user(OFFICER, "officer")
    create_user(CARDIFF, "officer", OTHER_AUTHORITY)
    officer = app.test_client()
    sign_in(officer, OFFICER)
    upload(officer, good_file("short-8-10-rct"))
    publish(officer)
    sign_in(client, CARDIFF)
    refused = upload(client, good_file("short-8-10-rct"))
    assert refused.status == 400 and "already uses this id" in refused.main_text()
    assert drafts() == []
    # A draft made before Rhondda published (here, put straight in the database) cannot be published.
    stale = QuestionnaireDraft(
        questionnaire_id="short-8-10-rct",
        authority_id=authority_id(OTHER_AUTHORITY),
        source=yaml.safe_load(good_file("short-8-10-rct")),
        translated_from={},
        updated_on=date.today(),
    )
    db.session.add(stale)
    db.session.commit()
    stale.translated_from = {e.context: e.en for e in draft_store.text_entries(stale)}
    db.session.commit()
    page = publish(client)
    assert page.status == 400 and "already uses this id" in page.main_text()
    assert db.session.scalar(select(QuestionnaireVersion).filter_by(authority_id=stale.authority_id)) is None

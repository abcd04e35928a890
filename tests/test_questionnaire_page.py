"""A questionnaire version's page in words (answers, show-if, indicator, help) and its downloads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.content.describe import answer_words, indicator_words, show_if_words
from survey_app.content.export import questionnaire_yaml
from survey_app.content.loader import check_questionnaire, load_library
from survey_app.extensions import db
from survey_app.models import Authority, QuestionnaireDraft
from survey_app.store import drafts as draft_store
from survey_app.store.drafts import import_draft
from tests.conftest import (
    HOME_AUTHORITY,
    PROJECT_ROOT,
    create_user,
    create_version,
    data_dir,
    get_page,
    sign_in,
)

OFFICER = "officer@rct.example"


@pytest.fixture()
def every_type():
    library = load_library(PROJECT_ROOT / "questionnaires", [data_dir() / "every-type.yaml"])
    assert not library.problems
    return library.questionnaires["every-type"]


@pytest.fixture()
def officer(app, client):
    create_user(OFFICER, "officer")
    sign_in(client, OFFICER)
    return client


def item_block(page, item_id: str) -> str:
    return " ".join(page.soup.select_one(f"#item-{item_id}").get_text(" ").split())


# --- In words ---------------------------------------------------------------------------------


def test_answers_in_words_for_every_kind_of_question(app, every_type):
    with app.test_request_context("/en/"):
        grid = answer_words(every_type, every_type.item("where"), "en")
        assert grid.summary == "For each row, one answer from:" and grid.rows == ("Training", "Payments")
        assert grid.choices[-1] == "I'd rather not say"
        number = answer_words(every_type, every_type.item("moves"), "en")
        assert number.summary == "A whole number from 0 to 30."
        free = answer_words(every_type, every_type.item("more"), "cy")
        assert free.summary == "Ateb ysgrifenedig, hyd at 200 nod." and free.choices == ()
        several = answer_words(every_type, every_type.item("talk_to"), "en")
        assert several.summary == "Any of these answers:"
        assert any(choice.endswith("(only on its own)") for choice in several.choices)
        scale = answer_words(every_type, every_type.item("agree"), "cy")
        assert (
            scale.summary == "Un ateb o blith:" and scale.choices[-1] == "Byddai'n well gen i beidio â dweud"
        )


def test_show_if_and_indicator_in_words_in_both_languages(app, library):
    frozen = library.questionnaires["children-8-10"]
    item = frozen.item("trust_social_worker")
    with app.test_request_context("/en/"):
        english = show_if_words(frozen, item, "en")
        welsh = show_if_words(frozen, item, "cy")
        assert show_if_words(frozen, frozen.item("know_social_worker"), "en") is None
        feeds = indicator_words(frozen, frozen.item("know_social_worker"), "cy")
    assert english == "Asked only if they answered “Yes” to “Do you know who your social worker is?”"
    assert (
        welsh
        == "Dim ond os atebon nhw “Ydw” i “Wyt ti'n gwybod pwy yw dy weithiwr cymdeithasol?” y gofynnir hwn"
    )
    assert feeds.label == library.indicators["knows_social_worker"].label.cy and feeds.positive == ("Ydw",)


def test_the_version_page_shows_every_question_in_words(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    page = get_page(officer, f"/en/staff/questionnaires/{version.id}")
    text = page.main_text()
    assert "answers: how_often" not in text and "indicator: feels_safe_at_home" not in text
    trust = item_block(page, "trust_social_worker")
    assert "Asked only if they answered “Yes” to “Do you know who your social worker is?”" in trust
    assert (
        "Do you trust your social worker?" in trust
        and "Wyt ti'n ymddiried yn dy weithiwr cymdeithasol?" in trust
    )
    assert f"Indicator: {library.indicators['trusts_social_worker'].label.en}" in trust
    safe = item_block(page, "safe_at_home")
    assert "One answer from:" in safe and "I'd rather not say" in safe
    assert "Help shown after this question:" in safe
    assert "Where you live" in text  # the page's title


def test_the_version_page_in_welsh(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    page = get_page(officer, f"/cy/staff/questionnaires/{version.id}")
    trust = item_block(page, "trust_social_worker")
    assert "Dim ond os atebon nhw “Ydw” i" in trust
    assert "Dangosydd:" in trust and "Yn cyfrif yn gadarnhaol:" in trust
    assert "Llwytho i lawr fel ffeil holiadur (YAML)" in page.main_text()


# --- Downloads --------------------------------------------------------------------------------


def test_the_page_links_to_the_yaml_and_translator_files(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    page = get_page(officer, f"/en/staff/questionnaires/{version.id}")
    links = {a["href"] for a in page.soup.select("#downloads + ul a")}
    base = f"/en/staff/questionnaires/{version.id}"
    assert links == {f"{base}/questionnaire.yaml", f"{base}/translation.po", f"{base}/translation.xlsx"}


def test_yaml_download_is_an_attachment_in_the_bundled_format(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    response = officer.get(f"/en/staff/questionnaires/{version.id}/questionnaire.yaml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="children-8-10-v1.yaml"'
    text = response.get_data(as_text=True)
    assert "Wyt ti'n teimlo'n ddiogel" in text  # Welsh as itself, not escaped
    assert "null" not in text and "optional: true" not in text
    raw = yaml.safe_load(text)
    assert list(raw)[:3] == ["id", "audience", "age_band"] and raw["age_band"] == "8-10"


def test_the_downloaded_file_imports_back_as_the_same_questionnaire(officer, library):
    frozen = library.questionnaires["young-people-11-18"]
    version = create_version(frozen)
    data = officer.get(f"/en/staff/questionnaires/{version.id}/questionnaire.yaml").get_data()
    raw = yaml.safe_load(data)
    raw["id"] = "young-people-11-18-mine"
    authority = db.session.scalar(select(Authority.id).filter_by(ons_code=HOME_AUTHORITY))
    draft, problems = import_draft(yaml.safe_dump(raw, allow_unicode=True).encode(), "x.yaml", authority)
    assert problems == [] and isinstance(draft, QuestionnaireDraft)
    again, checks = draft_store.check_draft(draft)
    assert checks == []
    assert again.questionnaire == frozen.questionnaire.model_copy(update={"id": "young-people-11-18-mine"})
    assert again.content_hash() != frozen.content_hash()  # only because of the id


def test_every_bundled_questionnaire_dumps_to_a_file_that_passes_the_check(library):
    for questionnaire_id, frozen in library.questionnaires.items():
        raw = yaml.safe_load(questionnaire_yaml(frozen.questionnaire))
        again, problems = check_questionnaire(
            raw, questionnaire_id, library.option_sets, library.indicators, set(library.help.topics)
        )
        assert problems == [], questionnaire_id
        assert again.content_hash() == frozen.content_hash(), questionnaire_id


def test_the_dump_leaves_out_what_the_bundled_files_leave_out(library):
    bundled = Path(PROJECT_ROOT / "questionnaires" / "surveys" / "children-8-10.yaml")
    dumped = yaml.safe_load(questionnaire_yaml(library.questionnaires["children-8-10"].questionnaire))
    assert dumped == yaml.safe_load(bundled.read_text(encoding="utf-8"))


def test_translator_files_of_a_version(officer, library):
    version = create_version(library.questionnaires["children-8-10"])
    po = officer.get(f"/cy/staff/questionnaires/{version.id}/translation.po")
    assert po.headers["Content-Disposition"] == 'attachment; filename="children-8-10-v1.po"'
    catalog = read_po(io.BytesIO(po.get_data()))
    texts = {message.context: message for message in catalog if message.id}
    safe = texts["children-8-10:safe_at_home.text"]
    assert safe.string == "Wyt ti'n teimlo'n ddiogel yn y cartref lle rwyt ti'n byw nawr?" and not safe.fuzzy
    assert "option_set:how_often.always.label" in texts or any(
        k.startswith("option_set:how_often.") for k in texts
    )
    assert any(key.startswith("indicator:") for key in texts)
    xlsx = officer.get(f"/en/staff/questionnaires/{version.id}/translation.xlsx")
    assert xlsx.headers["Content-Disposition"] == 'attachment; filename="children-8-10-v1.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.get_data())).worksheets[0]
    assert sheet.cell(1, 1).value == "Context" and sheet.max_row == len(texts) + 1


def test_downloads_of_another_councils_version_are_not_found(officer, library):
    from datetime import date

    from survey_app.store import questionnaires as questionnaire_store

    cardiff = db.session.scalar(select(Authority.id).filter_by(ons_code="W06000015"))
    theirs, _ = questionnaire_store.publish(
        library.questionnaires["staff"], date.today(), authority_id=cardiff
    )
    db.session.commit()
    for end in ("questionnaire.yaml", "translation.po", "translation.xlsx"):
        assert officer.get(f"/en/staff/questionnaires/{theirs.id}/{end}").status_code == 404


def test_every_bundled_questionnaire_round_trips_through_the_draft_import(app, library):
    authority = db.session.scalar(select(Authority.id).filter_by(ons_code=HOME_AUTHORITY))
    for questionnaire_id, frozen in library.questionnaires.items():
        data = questionnaire_yaml(frozen.questionnaire).encode("utf-8")
        draft, problems = import_draft(data, f"{questionnaire_id}-v1.yaml", authority)
        assert problems == [], questionnaire_id
        again, checks = draft_store.check_draft(draft)
        assert checks == [], questionnaire_id
        assert again.content_hash() == frozen.content_hash(), questionnaire_id


def test_words_need_only_an_app_context_and_follow_the_lang_argument(app, every_type):
    """No request (a PDF or a command may call these): the language is the argument's, not a page's."""
    with app.app_context():
        welsh = answer_words(every_type, every_type.item("moves"), "cy")
        english = answer_words(every_type, every_type.item("moves"), "en")
    assert welsh.summary == "Rhif cyfan o 0 i 30." and english.summary == "A whole number from 0 to 30."
    with app.test_request_context("/cy/"):
        assert (
            answer_words(every_type, every_type.item("moves"), "en").summary == "A whole number from 0 to 30."
        )

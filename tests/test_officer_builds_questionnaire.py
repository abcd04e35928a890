"""Issue 20's first "done when", through the pages as a new officer would, in Welsh and English: a
questionnaire for 11-18 started from nothing, three questions from the bank and two new ones (a grid,
and one asked only after an earlier answer), published and opened as a campaign without touching a
file; its bank questions score exactly as the bundled 11-18 ones do, so their results compare."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import QuestionnaireDraft, QuestionnaireVersion
from survey_app.store.questionnaires import frozen_content
from tests.conftest import create_user, create_version, get_page, sign_in, submit

OFFICER = "officer@rct.example"
FROM_BANK = ("safe_at_home", "settled_at_home", "happy_where_live")


def the_draft() -> QuestionnaireDraft:
    db.session.expire_all()
    return db.session.scalars(select(QuestionnaireDraft)).one()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_new_officer_builds_an_11_18_questionnaire_from_the_bank_and_opens_a_campaign(
    app, client, library, lang
):
    bundled = create_version(library.questionnaires["young-people-11-18"])
    create_user(OFFICER, "officer")
    sign_in(client, OFFICER)

    library_page = get_page(client, f"/{lang}/staff/questionnaires/")
    start = library_page.soup.select_one("a[href$='/staff/drafts/new']")
    assert start is not None
    form = get_page(client, start["href"])
    refused = submit(client, form, {"new_id": "Bad Id", "audience": "", "title_en": ""})
    assert refused.status == 400 and refused.soup.select_one(".error-summary, [role=alert]") is not None
    started = submit(
        client,
        form,
        {
            "new_id": "yp-11-18-rct",
            "audience": "child",
            "age_band": "11-18",
            "title_en": "Your say in Rhondda Cynon Taf",
            "title_cy": "Dy lais di yn Rhondda Cynon Taf",
            "purpose_en": "For young people aged 11 to 18 looked after by the council.",
            "purpose_cy": "Ar gyfer pobl ifanc 11 i 18 oed sy'n derbyn gofal gan y cyngor.",
        },
    )
    assert started.status == 200, started.main_text()
    draft_id = the_draft().id
    assert started.response.request.path == f"/{lang}/staff/drafts/{draft_id}/structure"

    for item_id in FROM_BANK:
        bank = get_page(
            client, f"/{lang}/staff/question-bank/?draft={draft_id}&page=page_1&audience=child&age_band=11-18"
        )
        bank = get_page(
            client, bank.response.request.path + "?" + bank.response.request.query_string.decode()
        )
        wanted = f"{bundled.id}:{item_id}"
        forms = [
            f
            for f in bank.soup.select("form.add-from-bank")
            if f.select_one("input[name=key]")["value"] == wanted
        ]
        if not forms:  # further down the results: search for it by its words
            text = frozen_content(bundled).item(item_id).text(lang)
            bank = get_page(
                client,
                f"/{lang}/staff/question-bank/?draft={draft_id}&page=page_1&q={text.split()[-2]}",
            )
            forms = [
                f
                for f in bank.soup.select("form.add-from-bank")
                if f.select_one("input[name=key]")["value"] == wanted
            ]
        assert forms, item_id
        fields = {each["name"]: each["value"] for each in forms[0].select("input[type=hidden]")}
        assert client.post(forms[0]["action"], data=fields, follow_redirects=True).status_code == 200

    new_question = f"/{lang}/staff/drafts/{draft_id}/pages/page_1/questions/new"
    grid = {
        "type": "grid", "text_en": "How often do you see them?", "text_cy": "Pa mor aml wyt ti'n eu gweld?",
        "options": "how_often", "rows": "Mum | Mam\nDad | Dad",
    }  # fmt: skip
    assert submit(client, get_page(client, new_question), grid).status == 200
    structure = get_page(client, f"/{lang}/staff/drafts/{draft_id}/structure")
    more = {"title_en": "More about you", "title_cy": "Mwy amdanat ti", "new_page_id": "more"}
    assert submit(client, structure, more, form_selector="#page-new form").status == 200
    step = submit(
        client,
        get_page(client, f"/{lang}/staff/drafts/{draft_id}/pages/more/questions/new"),
        {"type": "free_text", "text_en": "What would help?", "text_cy": "Beth fyddai'n helpu?",
         "show_if_item": "settled_at_home", "action": "choose_show_if"},
    )  # fmt: skip
    saved = submit(
        client,
        step,
        {"type": "free_text", "text_en": "What would help?", "text_cy": "Beth fyddai'n helpu?",
         "show_if_item": "settled_at_home", "show_if_values": "no", "action": "save"},
    )  # fmt: skip
    assert saved.status == 200, saved.main_text()
    items = [item["id"] for page in the_draft().source["pages"] for item in page["items"]]
    assert items == [*FROM_BANK, "how_often_do_you_see_them", "what_would_help"]

    preview = client.get(f"/{lang}/staff/drafts/{draft_id}/structure")
    assert preview.status_code == 200
    publish_page = get_page(client, f"/{lang}/staff/drafts/{draft_id}")
    published = submit(
        client, publish_page, {"wording_confirmed": "1"}, form_selector="form[action$='/publish']"
    )
    assert published.status == 200, published.main_text()
    version = db.session.scalars(
        select(QuestionnaireVersion).filter_by(questionnaire_id="yp-11-18-rct")
    ).one()
    ours, theirs = frozen_content(version), frozen_content(frozen_bundled := bundled)
    assert frozen_bundled.age_band == version.age_band == "11-18"
    for item_id in FROM_BANK:  # the same indicator, the same answers counting: results compare
        assert ours.scoring()[item_id] == theirs.scoring()[item_id]
        assert ours.item(item_id).text == theirs.item(item_id).text
    assert ours.item("what_would_help").show_if.item == "settled_at_home"

    campaigns = get_page(client, f"/{lang}/staff/campaigns/new")
    options = [o["value"] for o in campaigns.soup.select("[name=version] option, input[name=version]")]
    assert str(version.id) in options

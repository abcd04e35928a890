"""A participation officer previews a questionnaire exactly as a respondent sees it, at phone width."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Authority, QuestionnaireDraft, Response

from .conftest import (
    HOME_AUTHORITY,
    OTHER_AUTHORITY,
    create_campaign,
    create_user,
    create_version,
    get_page,
    sign_in,
    submit,
)

YOUNG_PEOPLE = "young-people-11-18"


def signed_in(client, role="officer", authority=HOME_AUTHORITY, lang="cy"):
    create_user(f"{role}@example.org", role, authority)
    sign_in(client, f"{role}@example.org", lang)


@pytest.fixture()
def version(app, library):
    return create_version(library.questionnaires[YOUNG_PEOPLE])


def frame_url(version, page, lang="cy"):
    return f"/{lang}/staff/preview/version/{version.id}/{page}"


def radios(page):
    return [(each["name"], each["value"]) for each in page.soup.select("main form input[type=radio]")]


def questions(page):
    return [each.get_text(" ", strip=True) for each in page.soup.select("main .question-text")]


def responses_stored():
    return db.session.scalar(select(func.count()).select_from(Response))


def test_an_officer_previews_the_11_18_questionnaire_in_welsh_page_by_page(client, version):
    signed_in(client)
    start = get_page(client, f"/cy/staff/preview/version/{version.id}")
    assert "Dy fywyd, dy ofal, dy lais" in start.soup.h1.get_text()
    intro = get_page(client, start.soup.select_one("iframe.phone-frame")["src"])
    assert intro.lang == "cy" and intro.soup.h1.get_text() == "Dy fywyd, dy ofal, dy lais"
    assert intro.soup.select_one(".preview-banner") is not None
    # No campaign: no access code, no council question.
    assert intro.soup.select_one("#access-code") is None and intro.soup.select_one("[name=authority]") is None

    page = submit(client, intro, {})
    assert "Tudalen 1 o" in page.text() and page.soup.h1.get_text() == "Amdanat ti"
    assert page.soup.select_one(".preview-banner") is not None
    page = submit(client, page, {"age_group": "age_14_15", "action": "continue"})
    assert page.soup.h1.get_text() == "Y lle rwyt ti'n byw" and "Tudalen 2 o" in page.text()
    # Sensitive questions bring their own help, as for a respondent.
    assert page.soup.select_one("a.leave-page") is not None
    assert page.soup.select_one("#help .help-topic") is not None
    page = submit(client, page, {"action": "back"})
    assert page.soup.select_one("#age_group-age_14_15").has_attr("checked")
    assert responses_stored() == 0


def test_a_preview_page_has_the_same_questions_and_answers_as_the_respondents_page(app, client, version):
    create_campaign(version, slug="yp")
    respondent = app.test_client()
    real = submit(respondent, get_page(respondent, "/cy/s/yp"), {})
    signed_in(client)
    preview = submit(client, get_page(client, frame_url(version, "intro")), {})
    assert questions(preview) == questions(real) and radios(preview) == radios(real)
    assert preview.soup.select_one("progress")["max"] == real.soup.select_one("progress")["max"]


def test_a_follow_up_question_appears_only_after_the_answer_that_leads_to_it(client, version):
    signed_in(client)
    page = get_page(client, frame_url(version, 3))
    assert "know_social_worker" in dict(radios(page))
    page = submit(client, page, {"know_social_worker": "no", "action": "continue"})
    assert page.soup.select_one("[name=trust_social_worker]") is None
    assert page.soup.h1.get_text() == "Teulu a ffrindiau"
    page = submit(client, page, {"action": "back"})
    assert page.soup.select_one("#know_social_worker-no").has_attr("checked")
    page = submit(client, page, {"know_social_worker": "yes", "action": "continue"})
    assert page.soup.select_one("[name=trust_social_worker]") is not None
    assert responses_stored() == 0


def test_the_language_switch_inside_the_preview_keeps_the_answers(client, version):
    signed_in(client)
    page = get_page(client, frame_url(version, 3))
    page = submit(client, page, {"know_social_worker": "yes", "action": "switch"})
    assert page.lang == "en" and page.soup.h1.get_text() == "Your social worker"
    assert page.response.request.path == frame_url(version, 3, "en")
    assert page.soup.select_one("#know_social_worker-yes").has_attr("checked")
    assert page.soup.select_one(".preview-banner").get_text(strip=True) == "Preview: answers are not saved."


def test_too_long_text_gets_the_respondents_message_and_keeps_the_text(client, version, library):
    signed_in(client, lang="en")
    frozen = library.questionnaires[YOUNG_PEOPLE]
    number = next(n for n, p in enumerate(frozen.pages, 1) if any(i.type == "free_text" for i in p.items))
    page = get_page(client, frame_url(version, number, "en"))
    written = "x" * 1001
    page = submit(client, page, {"make_care_better": written, "action": "continue"})
    assert page.status == 400 and page.soup.title.get_text().startswith("Error:")
    assert (
        "Your answer is 1,001 letters long: cut it to 1,000 or fewer"
        in page.soup.select_one(".error-summary").get_text()
    )
    assert page.soup.select_one("textarea#make_care_better").get_text() == written


def test_the_end_page_sends_nothing_and_goes_back_to_the_start(client, version):
    signed_in(client, lang="en")
    page = submit(client, get_page(client, frame_url(version, 3, "en")), {"know_social_worker": "yes"})
    end = get_page(client, frame_url(version, "end", "en"))
    assert "Nothing is sent from a preview" in end.soup.select_one(".preview-banner").get_text()
    # The check page lists what the officer answered, with Change links that stay inside the preview.
    answered = [row for row in end.soup.select("main .summary-row") if "Not answered" not in row.get_text()]
    assert [row.select_one(".summary-value").get_text(strip=True) for row in answered] == ["Yes"]
    change = answered[0].select_one(".summary-actions a")["href"]
    assert change.startswith(frame_url(version, 3, "en") + "?from=check#know_social_worker-")
    again = submit(client, end, {})
    assert again.response.request.path == frame_url(version, "intro", "en")
    assert responses_stored() == 0
    page = get_page(client, frame_url(version, 3, "en"))
    assert not page.soup.select("input[checked]"), "Send clears the preview's answers"


def test_no_link_or_form_inside_the_preview_leads_to_a_real_survey_page(client, version):
    signed_in(client, lang="en")
    for where in ("intro", 2, "end", "privacy", "later"):
        page = get_page(client, frame_url(version, where, "en"))
        targets = [a["href"] for a in page.soup.select("a[href^='/']")]
        targets += [form.get("action", "") for form in page.soup.select("form")]
        inside = re.compile(rf"^/(cy|en)/staff/preview/version/{version.id}/")
        assert all(inside.match(target) for target in targets), targets
    # "Leave this page" would sign the officer out: in a preview it explains itself instead.
    page = get_page(client, frame_url(version, 2, "en"))
    leave = get_page(client, page.soup.select_one("a.leave-page")["href"])
    assert "Not part of a preview" in leave.text()
    get_page(client, f"/en/staff/preview/version/{version.id}")  # still signed in


def test_the_frame_is_frameable_by_this_site_only_and_never_cached(client, version):
    signed_in(client)
    frame = client.get(frame_url(version, "intro"))
    assert "frame-ancestors 'self'" in frame.headers["Content-Security-Policy"]
    assert frame.headers["Cache-Control"] == "no-store"
    start = client.get(f"/cy/staff/preview/version/{version.id}")
    assert "frame-ancestors 'none'" in start.headers["Content-Security-Policy"]


def test_the_start_page_chooses_width_and_language_without_javascript(client, version):
    signed_in(client, lang="en")
    start = get_page(client, f"/en/staff/preview/version/{version.id}")
    frame = start.soup.select_one("iframe.phone-frame")
    assert frame["width"] == "360" and frame["title"] and frame["src"].startswith("/en/")
    narrow = get_page(client, start.soup.find("a", string="320 pixels")["href"])
    assert narrow.soup.select_one("iframe.phone-frame")["width"] == "320"
    welsh = get_page(client, narrow.soup.select_one("main a[lang=cy]")["href"])
    frame = welsh.soup.select_one("iframe.phone-frame")
    assert frame["width"] == "320" and frame["src"] == frame_url(version, "intro", "cy")
    assert welsh.lang == "en", "the staff page keeps its own language"


def test_start_again_forgets_the_preview_answers(client, version):
    signed_in(client, lang="en")
    submit(client, get_page(client, frame_url(version, 3, "en")), {"know_social_worker": "yes"})
    start = get_page(client, f"/en/staff/preview/version/{version.id}")
    submit(client, start, {}, form_selector="main form.inline-form")
    assert not get_page(client, frame_url(version, 3, "en")).soup.select("input[checked]")


def test_welsh_addresses_foster_carers_as_chi_in_a_preview(client, library):
    version = create_version(library.questionnaires["foster-carers"])
    signed_in(client)
    assert "Gallwch chi newid iaith unrhyw bryd" in get_page(client, frame_url(version, "intro")).text()


def test_an_analyst_may_preview_a_published_version(client, version):
    signed_in(client, role="analyst")
    assert get_page(client, frame_url(version, 1)).soup.select("main form input[type=radio]")


def test_another_authoritys_own_version_is_not_found(client, version):
    version.authority_id = db.session.scalar(select(Authority.id).filter_by(ons_code=HOME_AUTHORITY))
    db.session.commit()
    signed_in(client, authority=OTHER_AUTHORITY)
    assert client.get(f"/cy/staff/preview/version/{version.id}").status_code == 404
    assert client.get(frame_url(version, 1)).status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(client, version):
    for url in (f"/cy/staff/preview/version/{version.id}", frame_url(version, 1)):
        response = client.get(url)
        assert response.status_code == 302 and "/cy/staff/sign-in" in response.headers["Location"]


def test_an_unknown_kind_or_page_is_not_found(client, version):
    signed_in(client)
    assert client.get(f"/cy/staff/preview/campaign/{version.id}").status_code == 404
    assert client.get(frame_url(version, "nowhere")).status_code == 404


def make_draft(library, authority=HOME_AUTHORITY, source=None):
    source = source or library.questionnaires[YOUNG_PEOPLE].questionnaire.model_dump(
        mode="json", exclude_none=True
    )
    draft = QuestionnaireDraft(
        questionnaire_id=source["id"],
        authority_id=db.session.scalar(select(Authority.id).filter_by(ons_code=authority)),
        source=source,
        translated_from={},
        updated_on=date.today(),
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def test_an_officer_previews_a_draft_with_missing_welsh_marked_as_english(client, app, library):
    source = library.questionnaires[YOUNG_PEOPLE].questionnaire.model_dump(mode="json", exclude_none=True)
    source["id"] = "young-people-rct"
    source["pages"][0]["title"]["cy"] = ""
    draft = make_draft(library, source=source)
    signed_in(client)
    start = get_page(client, f"/cy/staff/preview/draft/{draft.id}")
    page = submit(client, get_page(client, start.soup.select_one("iframe.phone-frame")["src"]), {})
    assert page.soup.h1.get_text() == "[EN] About you"
    assert radios(page) and responses_stored() == 0


def test_a_draft_whose_structure_is_broken_says_so(client, library):
    draft = make_draft(library, source={"id": "half-written", "pages": []})
    signed_in(client, lang="en")
    start = get_page(client, f"/en/staff/preview/draft/{draft.id}")
    assert start.soup.select_one("iframe") is None
    assert "cannot be previewed yet" in start.soup.select_one(".warning").get_text()
    frame = get_page(client, f"/en/staff/preview/draft/{draft.id}/intro")
    assert "cannot be previewed yet" in frame.soup.h1.get_text()


def test_drafts_are_previewed_only_by_those_who_edit_them_in_their_own_authority(client, app, library):
    mine = make_draft(library)
    theirs = make_draft(library, authority=OTHER_AUTHORITY)
    signed_in(client, role="analyst")
    assert client.get(f"/cy/staff/preview/draft/{mine.id}").status_code == 403
    officer = app.test_client()
    create_user("officer@example.org", "officer")
    sign_in(officer, "officer@example.org", "cy")
    assert officer.get(f"/cy/staff/preview/draft/{theirs.id}/intro").status_code == 404
    assert officer.get(f"/cy/staff/preview/draft/{mine.id}/intro").status_code == 200


@pytest.mark.parametrize("questionnaire_id", [YOUNG_PEOPLE, "authority-self-audit"])
def test_every_question_answered_fits_in_the_session(client, library, questionnaire_id):
    """Answers live in the signed-in session cookie: a full preview must stay under the browser's 4 KB."""
    version = create_version(library.questionnaires[questionnaire_id])
    signed_in(client, lang="en")
    page = submit(client, get_page(client, frame_url(version, "intro", "en")), {})
    while page.soup.select_one("#survey-form") is not None:
        answers = {"action": "continue"}
        for each in page.soup.select("#survey-form input[type=radio], #survey-form input[type=checkbox]"):
            answers.setdefault(each["name"], each["value"])
        for each in page.soup.select("#survey-form textarea"):
            answers[each["name"]] = "Mwy o amser gyda fy ngweithiwr cymdeithasol. " * 8
        page = submit(client, page, answers)
        assert page.status == 200, page.soup.select_one(".error-summary")
    assert "Check your answers before you send them" in page.text()
    cookie = client.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 4000, len(cookie.value)


def test_save_and_finish_later_explains_itself_and_comes_back_to_the_page(client, version):
    signed_in(client, lang="en")
    page = get_page(client, frame_url(version, 3, "en"))
    note = submit(client, page, {"know_social_worker": "yes", "action": "later"})
    assert "Not part of a preview" in note.soup.h1.get_text() and "no code" in note.main_text()
    back = get_page(client, note.soup.select_one("main a.button")["href"])
    assert back.response.request.path == frame_url(version, 3, "en")
    assert back.soup.select_one("#know_social_worker-yes").has_attr("checked")


def test_a_page_with_a_problem_keeps_it_across_a_language_switch(client, version):
    signed_in(client, lang="en")
    page = get_page(client, frame_url(version, 3, "en"))
    page = submit(client, page, {"know_social_worker": "not-an-answer", "action": "switch"})
    assert page.lang == "cy" and page.status == 400
    assert page.soup.select_one(".error-summary") is not None

"""Paper entry: an officer types in a paper copy; it is stored, checked and counted as if sent online."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from analysis.benchmark import indicator_counts
from analysis.tidy import scored_answers
from survey_app.config import PROJECT_ROOT
from survey_app.content.loader import load_library
from survey_app.extensions import db
from survey_app.models import AuditEvent, Authority, Response
from survey_app.store import paper as paper_store
from survey_app.store.questionnaires import frozen_content
from survey_app.store.responses import response_frame
from tests.conftest import (
    OTHER_AUTHORITY,
    create_campaign,
    create_response,
    create_user,
    create_version,
    data_dir,
    get_page,
    sign_in,
    submit,
)

# The same answers as tests/test_respond_journey.py sends online, page by page.
ONLINE = {
    1: {"safe_at_home": "most_of_the_time", "happy_at_home": "happy"},
    2: {"know_social_worker": "yes"},
    3: {"trust_social_worker": "sometimes"},
    4: {"see_family": "not_enough", "good_friend": "yes", "talk_to_when_worried": ["carers", "friend"]},
    5: {"feel_about_school": "so_so", "understand_why_in_care": "not_sure", "adults_listen": "all_the_time"},
    6: {"life_score": "8", "make_care_better": "Seeing my brother Tom more. Gweld fy mrawd yn amlach."},
}
TYPED = {name: value for page in ONLINE.values() for name, value in page.items()}


@pytest.fixture()
def officer(app, client):
    create_user("officer@rct.example", "officer")
    return sign_in(client, "officer@rct.example")


REFERENCE_FORM = "main form[action$='/paper']"


def paper_copies() -> list[Response]:
    return list(db.session.scalars(select(Response).filter_by(mode="paper")))


def type_in(client, slug: str, lang: str, copy: str, data: dict):
    page = get_page(client, f"/{lang}/staff/campaigns/{slug}/paper/new?copy={copy}")
    return submit(client, page, data, form_selector="#paper-form")


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_campaign_page_leads_to_typing_in_a_copy_in_either_language(client, officer, campaign, lang):
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}")
    block = page.soup.select_one("#paper-copies")
    heading = {"cy": "Copïau papur: teipio'r atebion", "en": "Paper copies: type in answers"}[lang]
    assert heading in block.get_text()
    page = get_page(client, block.select_one("a")["href"])
    links = {a.get_text(strip=True): a["href"] for a in page.soup.select(".paper-languages a")}
    welsh = {"cy": "Copi Cymraeg", "en": "Welsh copy"}[lang]
    page = get_page(client, links[welsh])
    # The questions as printed on the Welsh copy, numbered 1..N; the page itself in the officer's language.
    assert page.lang == lang
    legends = [
        legend.get_text(" ", strip=True) for legend in page.soup.select("#paper-form legend.question-text")
    ]
    assert legends[0].startswith("1. Wyt ti'n teimlo'n ddiogel")
    labels = page.soup.select("#paper-form label.question-text")
    assert labels[-1].get_text(" ", strip=True).startswith("12. Beth fyddai'n gwneud bod mewn gofal")
    # Page for page, and the follow-up says when it is asked.
    assert len(page.soup.select("section.paper-page")) == 6
    note = page.soup.select_one("#trust_social_worker-show-if").get_text()
    assert "3" in note and "“Ydw”" in note
    # Nothing chosen in advance.
    assert not page.soup.select("#paper-form input[checked]")


@pytest.mark.parametrize("lang,copy", [("cy", "cy"), ("en", "en"), ("en", "cy")])
def test_a_typed_in_copy_is_stored_as_a_complete_paper_response(client, officer, campaign, lang, copy):
    page = type_in(client, campaign.slug, lang, copy, TYPED)
    assert page.status == 200
    saved = {"cy": "Mae'r copi wedi'i gadw", "en": "The copy has been saved"}[lang]
    assert saved in page.main_text()
    [stored] = paper_copies()
    reference = page.soup.select_one("#reference").get_text(strip=True)
    assert reference == paper_store.reference(stored) and len(reference) == 9
    assert stored.status == "complete" and stored.mode == "paper" and stored.language == copy
    assert stored.submitted_on == date.today() and stored.authority.ons_code == "W06000016"
    assert stored.token_hash is None and stored.resume_hash is None
    # Free text is redacted as on the survey pages.
    assert "Tom" not in stored.answers["make_care_better"]
    # The copy's page says only the day it was typed in, never its answers.
    assert date.today().strftime("%Y") in page.main_text()
    assert "Seeing my brother" not in page.main_text()


def send_online(client, slug: str, lang: str) -> None:
    page = get_page(client, f"/{lang}/s/{slug}")
    page = submit(client, page, {})
    for number in range(1, 7):
        page = submit(client, page, {**ONLINE[number], "action": "continue"})
    submit(client, page, {})


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_paper_copy_stores_and_counts_exactly_what_the_same_answers_sent_online_do(
    app, client, officer, short_8_10, lang
):
    online = create_campaign(create_version(short_8_10), slug="online")
    paper = create_campaign(online.questionnaire_version, slug="paper")
    send_online(app.test_client(), "online", lang)
    type_in(client, "paper", "en", lang, TYPED)
    sent, typed = response_frame(online), response_frame(paper)
    assert len(sent) == len(typed) == 1
    columns = ["authority", "language", "submitted_on", "answers"]
    assert sent[columns].to_dict("records") == typed[columns].to_dict("records")
    scoring = frozen_content(online.questionnaire_version).scoring()
    figures = [
        indicator_counts(scored_answers(frame, scoring).assign(record_key=0))[
            ["indicator", "base", "positive"]
        ]
        for frame in (sent, typed)
    ]
    assert figures[0].to_dict("records") == figures[1].to_dict("records") and len(figures[0]) > 5


@pytest.fixture()
def every_type(app):
    loaded = load_library(PROJECT_ROOT / "questionnaires", [data_dir() / "every-type.yaml"])
    return create_campaign(create_version(loaded.questionnaires["every-type"]), slug="every-type")


MISTAKES = {
    "moves": "31",
    "talk_to": ["nobody", "friend"],
    "more": "x" * 201,
    "agree": "agree",
}
MESSAGES = {
    "en": ["Write a number from 0 to 30", "Choose “Nobody” on its own", "cut it to 200 or fewer"],
    "cy": ["Ysgrifennwch rif o 0 i 30", "Dewiswch “Nobody” ar ei ben ei hun", "200 neu lai"],
}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_mistakes_are_caught_beside_the_field_in_the_officers_language_and_nothing_typed_is_lost(
    client, officer, every_type, lang
):
    page = type_in(client, "every-type", lang, "en", MISTAKES)
    assert page.status == 400 and page.lang == lang
    assert page.soup.title.get_text().startswith({"cy": "Gwall:", "en": "Error:"}[lang])
    summary = page.soup.select_one(".error-summary").get_text(" ")
    for message in MESSAGES[lang]:
        assert message in summary, (message, summary)
    assert message in page.soup.select_one("#more-error").get_text()
    assert MESSAGES[lang][0] in page.soup.select_one("#moves-error").get_text()
    # What was typed is still there.
    assert page.soup.select_one("#moves")["value"] == "31"
    assert page.soup.select_one("#more").get_text() == "x" * 201
    assert page.soup.select_one("#talk_to-nobody").has_attr("checked")
    assert page.soup.select_one("#talk_to-friend").has_attr("checked")
    assert page.soup.select_one("#agree-agree").has_attr("checked")
    assert paper_copies() == []
    # Corrected, it is saved (the copy is in English: the exclusive answer is named as printed on it).
    corrected = {"agree": "agree", "moves": "3", "talk_to": ["nobody"], "more": "x" * 200}
    page = submit(client, page, corrected, form_selector="#paper-form")
    [stored] = paper_copies()
    assert stored.answers == {"agree": "agree", "moves": 3, "talk_to": ["nobody"], "more": "x" * 200}


def test_an_answer_to_a_question_that_an_earlier_answer_hid_is_not_kept(client, officer, campaign):
    # On paper the child ticked "No" to knowing their social worker, then answered the follow-up anyway.
    typed = {"know_social_worker": "no", "trust_social_worker": "yes"}
    page = type_in(client, campaign.slug, "en", "en", typed)
    assert page.status == 200
    [stored] = paper_copies()
    assert stored.answers == {"know_social_worker": "no"}


def test_a_mistake_in_a_hidden_question_does_not_stop_the_copy_being_saved(client, officer, campaign):
    typed = {"know_social_worker": "no", "trust_social_worker": "bogus"}
    page = type_in(client, campaign.slug, "en", "en", typed)
    assert page.status == 200
    assert [copy.answers for copy in paper_copies()] == [{"know_social_worker": "no"}]


def test_the_totals_show_the_copies_answered_on_paper_rounded_like_every_total(client, officer, campaign):
    for _number in range(3):
        type_in(client, campaign.slug, "en", "cy", {"good_friend": "yes"})
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}")
    assert page.soup.select_one("#answered-on-paper").get_text(" ", strip=True).startswith("fewer than 10")
    for _number in range(10):
        create_response(campaign, {"good_friend": "yes"})
    for _number in range(9):
        paper_store.add(campaign, {"good_friend": "no"}, "en", None, date.today())
    db.session.commit()
    page = get_page(client, f"/cy/staff/campaigns/{campaign.slug}")
    assert "Atebwyd ar bapur" in page.main_text()
    assert page.soup.select_one("#answered-on-paper").get_text(" ", strip=True).startswith("tua 10")  # 12
    page = get_page(client, f"/en/staff/campaigns/{campaign.slug}/paper")
    assert page.soup.select_one("#answered-on-paper").get_text(strip=True) == "about 10"
    assert "12" not in page.main_text()


def typed_copy(client, campaign, lang="en"):
    typed = {"good_friend": "yes", "make_care_better": "More trips"}
    page = type_in(client, campaign.slug, lang, "en", typed)
    return page.soup.select_one("#reference").get_text(strip=True)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_copy_is_opened_by_its_reference_corrected_and_removed_while_open(client, officer, campaign, lang):
    reference = typed_copy(client, campaign)
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/paper")
    typed = {"reference": reference.lower().replace("-", " ")}
    page = submit(client, page, typed, form_selector=REFERENCE_FORM)
    assert page.soup.select_one("#reference").get_text(strip=True) == reference
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/paper/{reference}/correct")
    # The stored answers are on the form, to correct.
    assert page.soup.select_one("#good_friend-yes").has_attr("checked")
    assert page.soup.select_one("#make_care_better").get_text() == "More trips"
    page = submit(client, page, {"good_friend": "no", "make_care_better": ""}, form_selector="#paper-form")
    assert page.status == 200 and page.soup.select_one("#corrected")
    [stored] = paper_copies()
    assert stored.answers == {"good_friend": "no"} and stored.submitted_on == date.today()
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/paper/{reference}/remove")
    page = submit(client, page, {}, form_selector="main form[action$='/remove']")
    assert page.soup.select_one("#removed")
    assert paper_copies() == []
    get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/paper/{reference}", status=404)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    paper_events = [event for event in events if event.action.startswith("paper_copy")]
    assert [event.action for event in paper_events] == [
        "paper_copy_typed_in",
        "paper_copy_corrected",
        "paper_copy_removed",
    ]
    for event in paper_events:
        # For the campaign, by whom; never which copy nor its answers.
        assert event.target == campaign.slug and event.actor == "officer@rct.example"
        assert event.detail == {}
        assert reference not in str(event.detail) and "trips" not in str(event.detail)
    page = get_page(client, f"/{lang}/staff/audit/", status=403)


def test_a_wrong_or_missing_reference_is_told_in_the_officers_language(client, officer, campaign):
    page = get_page(client, f"/cy/staff/campaigns/{campaign.slug}/paper")
    page = submit(client, page, {"reference": "ABCD-1234"}, form_selector=REFERENCE_FORM)
    assert page.status == 400 and "Does dim copi papur" in page.soup.select_one("#reference-error").get_text()
    assert page.soup.select_one("#reference")["value"] == "ABCD-1234"
    page = submit(client, page, {"reference": ""}, form_selector=REFERENCE_FORM)
    assert "Teipiwch y cyfeirnod" in page.main_text()


def test_an_online_response_cannot_be_opened_as_a_paper_copy(client, officer, campaign):
    online = create_response(campaign, {"good_friend": "yes"})
    reference = paper_store.reference(online)
    get_page(client, f"/en/staff/campaigns/{campaign.slug}/paper/{reference}/correct", status=404)
    get_page(client, f"/en/staff/campaigns/{campaign.slug}/paper/{reference}/remove", status=404)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_after_the_campaign_closes_copies_can_no_longer_be_typed_in_corrected_or_removed(
    client, officer, campaign, lang
):
    reference = typed_copy(client, campaign)
    campaign.opens_on = date.today() - timedelta(days=10)
    campaign.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    refused = {
        "cy": "Ni ellir teipio, cywiro na thynnu copïau papur bellach",
        "en": "can no longer be typed in",
    }
    for path in ("new?copy=en", f"{reference}/correct", f"{reference}/remove"):
        page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/paper/{path}", status=409)
        assert refused[lang] in page.soup.select_one("#refused").get_text()
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}/paper/{reference}")
    assert not page.soup.select(f'a[href$="{reference}/correct"]')
    # A form left open before the close is refused too, and nothing changes.
    client.post(f"/{lang}/staff/campaigns/{campaign.slug}/paper/{reference}/remove")
    assert len(paper_copies()) == 1
    page = get_page(client, f"/{lang}/staff/campaigns/{campaign.slug}")
    assert not page.soup.select('a[href*="/paper/new"]')


def test_another_councils_officer_cannot_reach_the_copies(app, client, officer, campaign):
    reference = typed_copy(client, campaign)
    other = app.test_client()
    create_user("officer@cardiff.example", "officer", authority_code=OTHER_AUTHORITY)
    sign_in(other, "officer@cardiff.example")
    for path in ("", "/new?copy=en", f"/{reference}", f"/{reference}/correct", f"/{reference}/remove"):
        get_page(other, f"/en/staff/campaigns/{campaign.slug}/paper{path}", status=404)


def test_a_role_without_the_permission_to_manage_campaigns_is_refused(app, client, officer, campaign):
    reference = typed_copy(client, campaign)
    analyst = app.test_client()
    create_user("analyst@rct.example", "analyst")
    sign_in(analyst, "analyst@rct.example")
    for path in ("", "/new?copy=en", f"/{reference}", f"/{reference}/correct"):
        get_page(analyst, f"/en/staff/campaigns/{campaign.slug}/paper{path}", status=403)
    page = get_page(analyst, f"/en/staff/campaigns/{campaign.slug}")
    assert page.soup.select_one("#paper-copies") is None


def test_a_copy_of_a_survey_run_across_wales_records_the_council_chosen(app, client, short_8_10):
    national = create_campaign(create_version(short_8_10), slug="cymru", authority_code=None)
    create_user("national@example.org", "national")
    sign_in(client, "national@example.org")
    page = type_in(client, national.slug, "cy", "cy", {"authority": "W06000015", "good_friend": "yes"})
    assert page.status == 200
    [stored] = paper_copies()
    assert stored.authority.ons_code == "W06000015" and stored.language == "cy"
    page = type_in(client, national.slug, "en", "en", {"authority": "nowhere"})
    assert page.status == 400
    assert "Choose one of the councils shown" in page.soup.select_one("#authority-error").get_text()
    page = type_in(client, national.slug, "en", "en", {"authority": "not_sure", "good_friend": "no"})
    assert page.status == 200
    assert (
        sorted(str(copy.authority) for copy in paper_copies()).count("None") == 1 == len(paper_copies()) - 1
    )


@pytest.mark.parametrize(("paper", "shown"), [(12, "about 10"), (4, "fewer than 10"), (0, "0")])
def test_the_results_say_how_many_answered_on_paper_rounded(app, short_8_10, paper, shown):
    yesterday = date.today() - timedelta(days=1)
    closed = create_campaign(
        create_version(short_8_10), opens_on=yesterday - timedelta(days=20), closes_on=yesterday
    )
    for _number in range(20):
        create_response(closed, {"safe_at_home": "all_the_time"})
    for _number in range(paper):
        # Record keys of 0, as create_response gives: exact figures, no perturbation (see tests/conftest.py).
        paper_store.add(closed, {"safe_at_home": "hardly_ever"}, "cy", None, date.today()).record_key = 0
    db.session.commit()
    create_user("analyst@rct.example", "analyst")
    client = app.test_client()
    sign_in(client, "analyst@rct.example", lang="cy")
    listing = get_page(client, "/en/staff/results/")
    url = listing.soup.select_one("main a[href*='/staff/results/2']")["href"]
    page = get_page(client, url)
    assert page.soup.select_one(".answered-on-paper strong").get_text(strip=True) == shown
    # Paper copies count in the results like any other answer: in the base of every indicator they answered.
    safe = next(row for row in page.soup.select("tr") if "Feel safe where they live" in row.get_text())
    assert safe.select("td.numeric")[-1].get_text(strip=True) == f"about {(20 + paper + 2) // 5 * 5}"


def test_every_bundled_questionnaire_can_be_typed_in_page_for_page_and_numbered(client, officer, library):
    for number, (questionnaire_id, frozen) in enumerate(sorted(library.questionnaires.items())):
        slug = f"paper-{number}"
        create_campaign(create_version(frozen), slug=slug)
        answerable = [item for item in frozen.items() if item.answerable]
        for lang in ("cy", "en"):
            page = get_page(client, f"/{lang}/staff/campaigns/{slug}/paper/new?copy={lang}")
            assert len(page.soup.select("section.paper-page")) == len(frozen.pages), questionnaire_id
            numbers = [each.get_text(strip=True) for each in page.soup.select("#paper-form .paper-number")]
            assert numbers == [f"{n}." for n in range(1, len(answerable) + 1)], questionnaire_id
        # A copy left blank is a copy that skipped every question: saved, with no answers.
        page = submit(client, page, {}, form_selector="#paper-form")
        assert page.status == 200, (questionnaire_id, page.main_text()[:300])


def test_the_coordinator_sees_each_councils_paper_copies_rounded(app, client, short_8_10):
    national = create_campaign(create_version(short_8_10), slug="cymru", authority_code=None)
    for _number in range(11):
        paper_store.add(national, {}, "en", db.session.get(Authority, 1), date.today())
    paper_store.add(national, {}, "en", db.session.get(Authority, 2), date.today())
    db.session.commit()
    create_user("national@example.org", "national")
    sign_in(client, "national@example.org")
    page = get_page(client, "/en/staff/campaigns/cymru")
    rows = {
        row.select_one("td").get_text(strip=True): [cell.get_text(strip=True) for cell in row.select("td")][
            1:
        ]
        for row in page.soup.select("main table tbody tr")
    }
    names = [db.session.get(Authority, number).name("en") for number in (1, 2)]
    assert rows[names[0]] == ["about 10", "0", "about 10"]
    assert rows[names[1]] == ["fewer than 10", "0", "fewer than 10"]

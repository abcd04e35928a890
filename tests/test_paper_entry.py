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
from survey_app.models import AuditEvent, Response
from survey_app.store import paper as paper_store
from survey_app.store.responses import response_frame
from survey_app.store.questionnaires import frozen_content
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

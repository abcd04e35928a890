"""Every bundled questionnaire can be answered from start to finish, in Welsh and in English."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.extensions import db
from survey_app.models import Response

from .conftest import Page, create_campaign, create_version, get_page, submit
from .test_questionnaire_files import BUNDLED

CONTINUE = {"cy": "Ymlaen", "en": "Continue"}


def answers_for(page: Page, frozen: FrozenQuestionnaire) -> dict[str, object]:
    """A full set of answers for the page, as a respondent would give them: the first answer offered."""
    form = page.soup.select_one("main form")
    data: dict[str, object] = {}
    for field in form.select("input[type=radio], input[type=checkbox]"):
        name = field["name"]
        if name.endswith("__rather_not_say") or name in data:
            continue
        data[name] = [field["value"]] if field["type"] == "checkbox" else field["value"]
    for field in form.select("textarea"):
        data[field["name"]] = "Mwy o amser gyda fy ffrindiau. More time with my friends."
    for field in form.select("input.number"):
        data[field["name"]] = str(frozen.item(field["name"]).min)
    return data


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("questionnaire_id", BUNDLED)
def test_answered_end_to_end(client, library, questionnaire_id: str, lang: str):
    frozen = library.questionnaires[questionnaire_id]
    campaign = create_campaign(create_version(frozen), slug=f"e2e-{questionnaire_id}")
    page = get_page(client, f"/{lang}/s/{campaign.slug}")
    assert frozen.questionnaire.title(lang) in page.text()
    page = submit(client, page, {})
    titles = {each.title(lang) for each in frozen.pages}
    seen = 0
    while page.soup.select_one("main form input[name=action]") is not None or page.soup.select(
        "main form button[name=action]"
    ):
        assert page.lang == lang
        heading = page.soup.select_one("main h1, main h2")
        assert any(title in page.main_text() for title in titles), heading
        assert not page.soup.select("input[checked]"), "nothing is pre-selected on a new page"
        assert page.soup.select(".field-error") == []
        page = submit(client, page, {**answers_for(page, frozen), "action": "continue"})
        seen += 1
        assert seen <= len(frozen.pages), "more pages than the questionnaire has"
    assert page.soup.select_one("main form") is not None, page.main_text()[:300]
    page = submit(client, page, {})
    assert page.lang == lang
    [response] = db.session.scalars(select(Response).filter_by(campaign_id=campaign.id)).all()
    assert response.status == "complete" and response.language == lang
    answered = {key for key, value in response.answers.items() if value not in (None, [], {})}
    visible = {
        item.id for item in frozen.items() if item.answerable and frozen.is_visible(item, response.answers)
    }
    assert answered == visible, "every question shown was answered and stored"
    assert seen == sum(frozen.page_is_visible(each, response.answers) for each in frozen.pages) > 1

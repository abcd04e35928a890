"""An open campaign for the benchmarks and load tests: open from yesterday for a month."""

from __future__ import annotations

from datetime import date, timedelta

from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.extensions import db
from survey_app.models import Authority, Campaign
from survey_app.store import questionnaires as questionnaire_store


def open_campaign(slug: str, frozen: FrozenQuestionnaire, authority: Authority | None) -> Campaign:
    """Publish `frozen` (or find it published) and add an open campaign of it; the caller commits.

    `authority` None makes a survey run across Wales, which asks which council looks after the respondent.
    """
    version, _created = questionnaire_store.publish(frozen, date.today())
    campaign = Campaign(
        slug=slug,
        authority=authority,
        questionnaire_version=version,
        opens_on=date.today() - timedelta(days=1),
        closes_on=date.today() + timedelta(days=30),
    )
    db.session.add(campaign)
    return campaign

"""The closed campaigns whose answers make up one period's results for one band."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Campaign, QuestionnaireVersion


def closed_campaigns(
    audience: str, age_band: str | None, first: date, last: date, today: date
) -> list[Campaign]:
    """Campaigns of this audience and age band that closed between `first` and `last` (and before today).

    Open campaigns never count: results that changed while a survey was open would let someone
    compare two days and see one person's answers.
    """
    query = (
        select(Campaign)
        .join(QuestionnaireVersion, Campaign.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            QuestionnaireVersion.audience == audience,
            QuestionnaireVersion.age_band.is_(None)
            if age_band is None
            else QuestionnaireVersion.age_band == age_band,
            Campaign.closes_on >= first,
            Campaign.closes_on <= last,
            Campaign.closes_on < today,
        )
        .order_by(Campaign.closes_on, Campaign.id)
    )
    return list(db.session.scalars(query))


def closed_result_sets(campaigns: list[Campaign], today: date) -> list[tuple[date, str, str | None]]:
    """(closing day, audience, age band) of each closed campaign in `campaigns`, newest first."""
    found = [
        (each.closes_on, each.questionnaire_version.audience, each.questionnaire_version.age_band)
        for each in campaigns
        if each.closes_on < today
    ]
    return sorted(found, key=lambda row: row[0], reverse=True)

"""Campaigns and authorities, and archiving a closed campaign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Authority, Campaign, QuestionnaireVersion, Response
from . import access_codes


class NotClosed(Exception):
    """Only a closed campaign can be archived: answers may still be coming in."""


@dataclass(frozen=True)
class Archived:
    """What archiving a campaign deleted (counts only: never which responses or codes)."""

    partial_responses: int
    unused_codes: int


# Built once: a question page asks for its campaign on every request, and building the statement (with its
# eager loads) cost more than SQLite's answer.
_BY_SLUG = (
    select(Campaign)
    .where(Campaign.slug == bindparam("slug"))
    .options(
        joinedload(Campaign.authority),
        joinedload(Campaign.questionnaire_version).defer(QuestionnaireVersion.content),
    )
)


def campaign_by_slug(slug: str) -> Campaign | None:
    """A campaign with its council and questionnaire version, in one query.

    The version's content (a large JSON document) is left unloaded: respondent pages use the content
    parsed once per process (store.questionnaires.frozen_content), which loads it only the first time.
    """
    return db.session.scalar(_BY_SLUG, {"slug": slug})


def authorities(lang: str = "en") -> list[Authority]:
    """All authorities, sorted by their name in the given language."""
    rows = db.session.scalars(select(Authority)).all()
    return sorted(rows, key=lambda each: each.name(lang).casefold())


def authority_by_code(ons_code: str) -> Authority | None:
    return db.session.scalar(select(Authority).filter_by(ons_code=ons_code))


def campaign_slugs() -> list[str]:
    """Every campaign's slug, in order."""
    return list(db.session.scalars(select(Campaign.slug).order_by(Campaign.slug)))


def partial_count(campaign: Campaign) -> int:
    """How many unfinished responses a campaign has (all authorities): archiving deletes them."""
    return int(
        db.session.scalar(
            select(func.count()).select_from(Response).filter_by(campaign_id=campaign.id, status="partial")
        )
        or 0
    )


def archive(campaign: Campaign, today: date) -> Archived:
    """Archive a closed campaign; the caller records it in the audit log and commits.

    Deletes its unfinished responses (with their browser tokens and resume codes) and its unused access
    codes, and replaces the hashes of used ones; keeps every sent response, so results, benchmarks,
    themes and the kite mark stay as they were. Archiving twice changes nothing more.
    """
    if campaign.is_archived:
        return Archived(partial_responses=0, unused_codes=0)
    if not campaign.is_closed_on(today):
        raise NotClosed(campaign.slug)
    removed = db.session.execute(
        delete(Response).where(Response.campaign_id == campaign.id, Response.status == "partial")
    )
    # Sent responses never keep a token or resume code (submitting clears them); make sure of it.
    db.session.execute(
        update(Response).where(Response.campaign_id == campaign.id).values(token_hash=None, resume_hash=None)
    )
    unused = access_codes.forget(campaign)
    campaign.archived_on = today
    return Archived(partial_responses=int(getattr(removed, "rowcount", 0) or 0), unused_codes=unused)


def due_for_archive(today: date, keep_days: int) -> list[Campaign]:
    """Campaigns not yet archived whose closing day was more than `keep_days` days ago, by slug."""
    cutoff = today - timedelta(days=keep_days)
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.archived_on.is_(None), Campaign.closes_on < cutoff)
            .order_by(Campaign.slug)
        )
    )

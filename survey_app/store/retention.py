"""How long things are kept: unfinished answers, and campaigns once they have closed.

Run daily by `flask --app wsgi retention run` (see survey_app/cli/retention.py):
- an unfinished response not saved for LLEISIAU_PARTIAL_DAYS days is deleted (the privacy notices
  promise it);
- a campaign whose closing day was more than LLEISIAU_ARCHIVE_DAYS days ago is archived: its
  unfinished responses and unused access codes are deleted, the hashes of used codes replaced, and it
  can no longer change. Its sent responses stay, so results, benchmarks, themes and the kite mark read
  exactly as before.
- on PostgreSQL the responses table is rewritten in the order of its random ids (CLUSTER), so that
  the order rows sit in on disk says nothing about the order people answered in. SQLite needs no
  such step: its responses table has no rowid and is kept in id order (migration 0007).
Staff can archive a closed campaign sooner from its page (staff/campaigns.py), through the same
`archive_campaign`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from ..extensions import db
from ..models import Campaign
from . import audit
from . import campaigns as campaign_store
from . import responses as response_store


def today() -> date:
    return date.today()


def archive_days() -> int:
    """Days after its closing day that a campaign is archived by the daily command."""
    return int(current_app.config["LLEISIAU_ARCHIVE_DAYS"])


def partial_days() -> int:
    return int(current_app.config["LLEISIAU_PARTIAL_DAYS"])


def archive_campaign(campaign: Campaign, day: date, automatic: bool = False) -> campaign_store.Archived:
    """Archive a closed campaign, record it in the audit log (counts only) and commit.

    Raises `campaign_store.NotClosed` for a campaign still open or not open yet.
    """
    if campaign.is_archived:
        return campaign_store.Archived(partial_responses=0, unused_codes=0)
    done = campaign_store.archive(campaign, day)
    audit.record(
        "campaign_archived",
        campaign.slug,
        authority_id=campaign.authority_id,
        detail={
            "archived_on": day.isoformat(),
            "closes_on": campaign.closes_on.isoformat(),
            "unfinished_deleted": done.partial_responses,
            "unused_codes_deleted": done.unused_codes,
            "automatic": automatic,
        },
    )
    db.session.commit()
    return done


@dataclass
class Report:
    """What one daily run did."""

    partial_days: int
    archive_days: int
    expired_partials: int = 0
    archived: list[str] = field(default_factory=list)
    partials_of_archived: int = 0
    unused_codes_of_archived: int = 0
    reordered: bool = False  # PostgreSQL: responses rewritten in the order of their random ids


def run(day: date | None = None) -> Report:
    """The daily run: delete expired unfinished responses, then archive campaigns closed long enough."""
    day = day or today()
    report = Report(partial_days=partial_days(), archive_days=archive_days())
    report.expired_partials = response_store.expire_partial(day, report.partial_days)
    for campaign in campaign_store.due_for_archive(day, report.archive_days):
        done = archive_campaign(campaign, day, automatic=True)
        report.archived.append(campaign.slug)
        report.partials_of_archived += done.partial_responses
        report.unused_codes_of_archived += done.unused_codes
    report.reordered = response_store.rewrite_in_random_order()
    return report

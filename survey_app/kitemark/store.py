"""The panel's thresholds and councils' self-audits in the database. Who may see what is the views'.

A threshold row is never changed: the newest row for a criterion (on or before a day) applies, the
older ones are the evidence trail of who moved the bar, when and why. A criterion the panel has never
set keeps its default from the criteria file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from analysis.kitemark import Kitemark
from analysis.text import detect_language, redact

from ..extensions import db
from ..models import Campaign, KitemarkThreshold, QuestionnaireVersion, Response, User
from ..results.periods import period_bounds
from ..store import audit

SELF_AUDIT_AUDIENCE = "authority"


@dataclass(frozen=True)
class Threshold:
    """The threshold that applies to one criterion, and the row that set it (None: the default)."""

    criterion_id: str
    value: int
    default: int
    row: KitemarkThreshold | None


def thresholds_on(kitemark: Kitemark, day: date) -> dict[str, Threshold]:
    """Each criterion's threshold as it stood at the end of `day`."""
    rows = db.session.scalars(
        select(KitemarkThreshold)
        .where(KitemarkThreshold.set_on <= day)
        .options(selectinload(KitemarkThreshold.set_by))
        .order_by(KitemarkThreshold.set_on, KitemarkThreshold.id)
    )
    newest = {row.criterion_id: row for row in rows}  # later rows replace earlier ones
    found = {}
    for criterion in kitemark.criteria:
        row = newest.get(criterion.id)
        value = row.threshold if row is not None else criterion.default_threshold
        found[criterion.id] = Threshold(criterion.id, value, criterion.default_threshold, row)
    return found


def values(thresholds: Mapping[str, Threshold]) -> dict[str, int]:
    return {key: each.value for key, each in thresholds.items()}


def history() -> list[KitemarkThreshold]:
    """Every threshold the panel set, newest first."""
    return list(
        db.session.scalars(
            select(KitemarkThreshold)
            .options(selectinload(KitemarkThreshold.set_by))
            .order_by(KitemarkThreshold.set_on.desc(), KitemarkThreshold.id.desc())
        )
    )


def save_thresholds(
    kitemark: Kitemark,
    wanted: Mapping[str, int],
    reason: str,
    user: User,
    today: date,
    language: str = "en",
) -> list[KitemarkThreshold]:
    """Add a row for each criterion whose threshold changes, and one audit event; the caller commits.

    A change needs a reason. The rows keep the panel member's chosen name (never their e-mail), and
    the event goes in the national audit log: the panel is national, and so is the bar it sets.
    The reason is redacted before it is kept: panel members are young people, and names or phone
    numbers typed into it must never be stored or shown.
    """
    current = thresholds_on(kitemark, today)
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a threshold change needs a reason")
    reason = redact(reason, detect_language(reason, fallback=language)).text
    changed = {key: value for key, value in wanted.items() if key in current and current[key].value != value}
    rows = [
        KitemarkThreshold(
            criterion_id=key,
            threshold=value,
            reason=reason,
            set_on=today,
            set_by=user,
            set_by_name=user.display_name,
        )
        for key, value in changed.items()
    ]
    if rows:
        db.session.add_all(rows)
        db.session.flush()
        audit.record(
            "kitemark_threshold_set",
            target="kite mark",
            detail={
                "changes": {key: [current[key].value, value] for key, value in changed.items()},
                "reason": reason,
                "shown_as": user.display_name,
            },
            user=user,
            national=True,
        )
    return rows


def _self_audit_responses(period: str, today: date) -> list[Response]:
    """Submitted self-audits of campaigns that closed in `period` (before today), oldest first."""
    first, last = period_bounds(period)
    query = (
        select(Response)
        .join(Campaign, Response.campaign_id == Campaign.id)
        .join(QuestionnaireVersion, Campaign.questionnaire_version_id == QuestionnaireVersion.id)
        .where(
            QuestionnaireVersion.audience == SELF_AUDIT_AUDIENCE,
            Campaign.closes_on >= first,
            Campaign.closes_on <= last,
            Campaign.closes_on < today,
            Response.status == "complete",
            Response.authority_id.is_not(None),
        )
        .options(selectinload(Response.campaign).selectinload(Campaign.questionnaire_version))
    )
    found = list(db.session.scalars(query))
    return sorted(
        found, key=lambda each: (each.submitted_on or first, each.campaign.closes_on, each.campaign_id)
    )


def self_audits(period: str, today: date) -> dict[int, Response]:
    """Each council's latest submitted self-audit in a period, by authority id."""
    return {int(each.authority_id or 0): each for each in _self_audit_responses(period, today)}

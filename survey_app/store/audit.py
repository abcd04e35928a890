"""The audit log of staff actions: who published, opened, made codes, downloaded what, and when.

Only staff actions are recorded, with what they acted on (a campaign's slug, a questionnaire's id and
version, an account's e-mail); never a respondent, an answer or a code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent, User

ACTIONS = (
    "signed_in",
    "sign_in_refused",
    "signed_out",
    "password_changed",
    "user_created",
    "user_deactivated",
    "user_reactivated",
    "password_link_made",
    "questionnaire_imported",
    "draft_created",
    "draft_edited",
    "draft_deleted",
    "questionnaire_published",
    "campaign_opened",
    "campaign_changed",
    "campaign_archived",
    "codes_made",
    "codes_withdrawn",
    "help_contacts_changed",
    "downloaded",
    "you_said_published",
    "kitemark_threshold_set",
    "themes_reviewed",
    # A paper copy of the campaign: never which one (no reference) nor its answers.
    "paper_copy_typed_in",
    "paper_copy_corrected",
    "paper_copy_removed",
)


def record(
    action: str,
    target: str = "",
    authority_id: int | None = None,
    detail: dict[str, Any] | None = None,
    user: User | None = None,
    national: bool = False,
) -> AuditEvent:
    """Add an event for the signed-in member of staff (or `user`); the caller commits.

    It goes in the log of `authority_id`, else of the actor's authority; `national` puts it in the
    national log (authority NULL) whoever acted, for things that are national, like the kite mark's bar.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    signed_in = has_request_context() and current_user.is_authenticated
    actor = user if user is not None else (current_user.user if signed_in else None)
    if national:
        authority_id = None
    elif authority_id is None and actor is not None:
        authority_id = actor.authority_id
    event = AuditEvent(
        at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        user_id=actor.id if actor is not None else None,
        actor=actor.email if actor is not None else "command line",
        authority_id=authority_id,
        action=action,
        target=target[:200],
        detail=detail or {},
    )
    db.session.add(event)
    return event

"""The audit log of staff actions: newest first, 50 a page, optionally one kind of action only.

It holds staff actions only (see `survey_app.store.audit`), never respondents' answers or codes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ..auth.permissions import Permission, requires
from ..auth.scope import scope
from ..extensions import db
from ..models import AuditEvent
from ..store.audit import ACTIONS

bp = Blueprint("staff_audit", __name__)

PER_PAGE = 50

ACTION_NAMES: dict[str, LazyString] = {
    "signed_in": _l("Signed in"),
    "sign_in_refused": _l("Sign-in refused"),
    "signed_out": _l("Signed out"),
    "password_changed": _l("Password set or changed"),
    "user_created": _l("Account made"),
    "user_deactivated": _l("Account switched off"),
    "user_reactivated": _l("Account switched back on"),
    "password_link_made": _l("Password link made"),
    "questionnaire_imported": _l("Questionnaire imported"),
    "draft_created": _l("Draft made"),
    "draft_edited": _l("Draft changed"),
    "draft_deleted": _l("Draft deleted"),
    "questionnaire_published": _l("Questionnaire published"),
    "campaign_opened": _l("Campaign set up"),
    "campaign_changed": _l("Campaign changed"),
    "codes_made": _l("Access codes made"),
    "campaign_archived": _l("Campaign archived"),
    "codes_withdrawn": _l("Access codes withdrawn"),
    "help_contacts_changed": _l("Help contacts changed"),
    "downloaded": _l("Results downloaded"),
    "you_said_published": _l("“You said, we will” published"),
    "kitemark_threshold_set": _l("Kite-mark thresholds set"),
    "themes_reviewed": _l("Themes of a comment reviewed"),
    "paper_copy_typed_in": _l("Paper copy typed in"),
    "paper_copy_corrected": _l("Paper copy corrected"),
    "paper_copy_removed": _l("Paper copy removed"),
}


def action_name(action: str) -> str:
    """The action's name in the page's language (an action from a later version shows as stored)."""
    return str(ACTION_NAMES.get(action, action))


@bp.get("/")
@requires(Permission.VIEW_AUDIT)
def events() -> Any:
    """One page of the log. A page number that is not a number, or below 1, means page 1; a page
    past the last one is not found."""
    page = request.args.get("page", default=1, type=int) or 1
    page = max(page, 1)
    action = request.args.get("action", "")
    if action not in ACTIONS:
        action = ""
    query = scope().audit_events().options(selectinload(AuditEvent.authority))
    if action:
        query = query.where(AuditEvent.action == action)
    found = db.paginate(query, page=page, per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    if page > 1 and not found.items:
        abort(404)
    return render_template(
        "staff/audit/events.html",
        found=found,
        action=action,
        actions=[(each, action_name(each)) for each in ACTIONS],
        action_name=action_name,
    )

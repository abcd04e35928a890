"""The staff overview: what is open now, what is waiting, where to go next."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from ..auth.permissions import Permission, may, requires
from ..auth.scope import scope
from ..extensions import db
from .counters import campaign_totals

bp = Blueprint("staff_home", __name__)


@bp.get("/")
@requires(Permission.SIGNED_IN)
def home() -> Any:
    mine = scope()
    today = date.today()
    campaigns = list(db.session.scalars(mine.campaigns())) if may(Permission.VIEW_CAMPAIGNS) else []
    open_now = [(each, campaign_totals(mine, each)) for each in campaigns if each.is_open_on(today)]
    drafts = list(db.session.scalars(mine.drafts())) if may(Permission.EDIT_QUESTIONNAIRES) else []
    return render_template(
        "staff/home.html",
        authority=mine.authority(),
        open_now=open_now,
        coming=[each for each in campaigns if each.opens_on > today],
        drafts=drafts,
        user=current_user.user,
    )

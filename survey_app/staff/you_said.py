"""You said, we will: after a campaign closes, what the authority will do about its results.

Staff of an authority write their authority's statement, for its own campaigns and for campaigns run
across Wales; the national coordinator writes the national statement of a campaign run across Wales.
Young people read it, in Welsh or English, on the campaign's link once it has closed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..auth.permissions import Permission, requires
from ..auth.scope import Scope, scope
from ..extensions import db
from ..models import Campaign
from ..store import audit
from ..store import you_said as you_said_store
from ..store.questionnaires import frozen_content
from .form_errors import summary_errors
from .notices import notify

bp = Blueprint("staff_you_said", __name__)

MAX_LENGTH = 3000


def today() -> date:
    return date.today()


def _clean(value: str | None) -> str | None:
    """Browsers send textareas with CRLF line ends: keep plain newlines, and no space around the text."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else value


class YouSaidForm(FlaskForm):
    text_cy = TextAreaField(
        _l("In Welsh"),
        description=_l("Up to 3,000 characters. Each new line starts a new paragraph."),
        filters=[_clean],
        validators=[
            DataRequired(_l("Write what you will do in Welsh. Young people who answered in Welsh read it.")),
            Length(max=MAX_LENGTH, message=_l("Shorten the Welsh to 3,000 characters or fewer.")),
        ],
    )
    text_en = TextAreaField(
        _l("In English"),
        description=_l("Up to 3,000 characters. Each new line starts a new paragraph."),
        filters=[_clean],
        validators=[
            DataRequired(
                _l("Write what you will do in English. Young people who answered in English read it.")
            ),
            Length(max=MAX_LENGTH, message=_l("Shorten the English to 3,000 characters or fewer.")),
        ],
    )


def _whose(mine: Scope, campaign: Campaign) -> int | None:
    """The authority whose statement the caller writes: their own, or (None) the national one.

    Every council takes part in a campaign run across Wales (its children may answer it), so its
    staff write their council's statement there too. The coordinator writes only national statements.
    """
    if mine.national:
        return None if campaign.is_national else abort(404)
    return mine.authority_id


@bp.route("/<slug>/you-said", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def you_said(slug: str) -> Any:
    """Write or replace the statement, in both languages, once the campaign has closed."""
    mine = scope()
    campaign = mine.campaign(slug)
    authority_id = _whose(mine, campaign)
    existing = you_said_store.statement(campaign, authority_id)
    closed = campaign.closes_on < today()
    form = YouSaidForm(obj=existing)
    refused = not closed and request.method == "POST"
    if closed and form.validate_on_submit():
        _saved, created = you_said_store.save(
            campaign, authority_id, form.text_cy.data or "", form.text_en.data or "", today()
        )
        audit.record(
            "you_said_published",
            slug,
            authority_id=authority_id,
            detail={
                "statement": "national" if authority_id is None else "authority",
                "change": "added" if created else "replaced",
            },
        )
        db.session.commit()
        notify("you_said_published")
        return redirect(url_for("staff_campaigns.campaign", slug=slug))
    errors = summary_errors(form) if closed else []
    status = 409 if refused else (400 if errors else 200)
    return render_template(
        "staff/you_said/edit.html",
        campaign=campaign,
        title=frozen_content(campaign.questionnaire_version).questionnaire.title,
        council=mine.authority(),  # the caller's council; None for the coordinator's national statement
        existing=existing,
        closed=closed,
        refused=refused,
        form=form,
        errors=errors,
        has_errors=bool(errors) or refused,
    ), status

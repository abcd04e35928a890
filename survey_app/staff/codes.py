"""Access codes: make a batch and download its printable sheet at once; withdraw a lost batch.

Codes can be read only when they are made (only their hashes are kept), so making a batch answers
with its sheet straight away: keep the PDF until the slips are printed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from ..auth.permissions import Permission, requires
from ..auth.scope import scope
from ..extensions import db
from ..models import AccessCodeBatch
from ..store import access_codes, audit
from .campaign_forms import SHEET_LANGUAGES, CodesForm
from .counters import counted
from .form_errors import summary_errors
from .notices import notify

bp = Blueprint("staff_codes", __name__)


@bp.post("/<slug>/codes")
@requires(Permission.MANAGE_CAMPAIGNS)
def make_codes(slug: str) -> Any:
    from .code_sheets import code_sheet_pdf

    mine = scope()
    campaign = mine.managed_campaign(slug)
    if campaign.is_closed_on(date.today()) and not campaign.is_archived:  # archived: its own refusal
        # Closing is final: codes would change how people get in to a campaign already in results.
        return render_template("staff/campaigns/closed_refused.html", campaign=campaign), 409
    form = CodesForm()
    if not form.validate_on_submit():
        errors = summary_errors(form)
        return render_template(
            "staff/campaigns/codes_error.html",
            campaign=campaign,
            form=form,
            errors=errors,
            has_errors=True,
            sheet_languages=SHEET_LANGUAGES,
        ), 400
    count = int(form.count.data or 0)
    batch = AccessCodeBatch(campaign=campaign, made_on=date.today(), size=count)
    db.session.add(batch)
    made = access_codes.create(campaign, count, batch)
    campaign.access = "codes"
    audit.record(
        "codes_made",
        slug,
        authority_id=campaign.authority_id,
        detail={"batch": batch.id, "count": count, "sheet": form.sheet_lang.data},
    )
    db.session.commit()
    pdf = code_sheet_pdf(campaign, made, form.sheet_lang.data or "both")
    number = len(mine.batches(campaign))  # batches are numbered within their campaign: 1, 2, 3...
    filename = f"lleisiau-codes-{slug}-batch-{number}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@bp.route("/<slug>/codes/<int:batch_id>/withdraw", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def withdraw(slug: str, batch_id: int) -> Any:
    """Ask first (it cannot be undone: printed slips stop working), then withdraw a batch's unused codes."""
    mine = scope()
    campaign = mine.managed_campaign(slug)
    batch = mine.batch(campaign, batch_id)
    if request.method == "GET" or batch.withdrawn:
        batches = [each.id for each, _used in mine.batches(campaign)]
        (used,) = counted({each.id: count for each, count in mine.batches(campaign)}[batch.id])
        return render_template(
            "staff/campaigns/withdraw.html",
            campaign=campaign,
            batch=batch,
            batch_number=batches.index(batch.id) + 1,
            used=used,
        )
    removed = access_codes.withdraw(batch)
    audit.record(
        "codes_withdrawn",
        slug,
        authority_id=campaign.authority_id,
        detail={"batch": batch.id, "unused": removed},
    )
    db.session.commit()
    notify("codes_withdrawn")
    return redirect(url_for("staff_campaigns.campaign", slug=slug))

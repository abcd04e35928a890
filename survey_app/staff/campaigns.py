"""Campaigns: set one up, its page with link, QR code and response totals, change its dates, archive it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext

from analysis.disclosure import ShownCount

from ..auth.permissions import Permission, may, requires
from ..auth.scope import Scope, scope
from ..extensions import db
from ..models import Authority, Campaign, QuestionnaireVersion
from ..store import access_codes, audit, retention
from ..store import campaigns as campaign_store
from ..store.access_codes import CampaignArchived
from ..store.questionnaires import frozen_content
from ..web.i18n import current_language
from .campaign_forms import ACCESS_CHOICES, SHEET_LANGUAGES, CampaignDatesForm, CodesForm, NewCampaignForm
from .counters import campaign_totals, counted, paper_total, shown_totals
from .form_errors import summary_errors
from .notices import notify

bp = Blueprint("staff_campaigns", __name__)


def today() -> date:
    return date.today()


@bp.get("/")
@requires(Permission.VIEW_CAMPAIGNS)
def list_campaigns() -> Any:
    """Current campaigns first; archived ones in their own section, most recently archived first."""
    mine = scope()
    rows = [(each, campaign_totals(mine, each)) for each in db.session.scalars(mine.campaigns())]
    current = [row for row in rows if not row[0].is_archived]
    archived = sorted(
        (row for row in rows if row[0].is_archived),
        key=lambda row: (row[0].archived_on, row[0].closes_on),
        reverse=True,
    )
    return render_template("staff/campaigns/list.html", rows=current, archived_rows=archived, today=today())


def _version_choices(mine: Scope, lang: str) -> list[tuple[str, str]]:
    choices = []
    for version in db.session.scalars(mine.versions()):
        title = frozen_content(version).questionnaire.title(lang)
        choices.append((str(version.id), f"{title} ({version.questionnaire_id}, v{version.version})"))
    return choices


def _suggested_slug(version: QuestionnaireVersion, mine: Scope, opens_on: date) -> str:
    authority = mine.authority()
    place = re.sub(r"[^a-z0-9]+", "-", authority.name_en.casefold()).strip("-") if authority else "cymru"
    base = f"{place}-{version.questionnaire_id}-{opens_on:%Y-%m}"[:70]
    slug, number = base, 2
    while campaign_store.campaign_by_slug(slug) is not None:
        slug, number = f"{base}-{number}", number + 1
    return slug


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def new_campaign() -> Any:
    """Choose a questionnaire version, the window and how people get in; the authority is the caller's."""
    mine = scope()
    form = NewCampaignForm()
    choices = _version_choices(mine, current_language())
    taken = False
    if form.validate_on_submit() and _chosen(form, choices):
        version = mine.version(int(form.version.data or 0))
        slug = form.slug.data or _suggested_slug(version, mine, form.opens_on.data)
        taken = campaign_store.campaign_by_slug(slug) is not None
        if not taken:
            campaign = Campaign(
                slug=slug,
                authority_id=None if mine.national else mine.authority_id,
                questionnaire_version=version,
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                access=form.access.data,
            )
            db.session.add(campaign)
            db.session.flush()
            audit.record(
                "campaign_opened",
                slug,
                authority_id=campaign.authority_id,
                detail={
                    "questionnaire": version.questionnaire_id,
                    "version": version.version,
                    "opens_on": campaign.opens_on.isoformat(),
                    "closes_on": campaign.closes_on.isoformat(),
                    "access": campaign.access,
                },
            )
            db.session.commit()
            notify("campaign_opened")
            return redirect(url_for(".campaign", slug=slug))
    errors = _errors(form)
    if taken:
        errors.append(("slug", gettext("That web address name is already used. Choose another one.")))
    return render_template(
        "staff/campaigns/new.html",
        form=form,
        errors=errors,
        has_errors=bool(errors),
        authority=mine.authority(),
        version_choices=choices,
        access_choices=ACCESS_CHOICES,
    ), (400 if errors else 200)


def _chosen(form: NewCampaignForm, choices: list[tuple[str, str]]) -> bool:
    """Whether the version chosen is one offered (a tampered form gets the same message as none)."""
    if form.version.data in {value for value, _label in choices}:
        return True
    form.version.errors = [gettext("Choose a questionnaire.")]
    return False


def _errors(form: Any) -> list[tuple[str, str]]:
    return summary_errors(form)


@bp.get("/<slug>")
@requires(Permission.VIEW_CAMPAIGNS)
def campaign(slug: str) -> Any:
    """A campaign's link and QR code, window, how people get in, totals, and (to its managers) codes."""
    from .code_sheets import survey_link
    from .qr import qr_svg

    mine = scope()
    found = mine.campaign(slug)
    manages = may(Permission.MANAGE_CAMPAIGNS) and mine.may_manage_campaign(found)
    by_authority = None
    if mine.national and found.is_national:
        by_authority = sorted(
            (
                (authority_name, *shown_totals(t), counted(t.paper)[0])
                for authority_name, t in _named(mine.totals_by_authority(found)).items()
            ),
            key=lambda row: row[0],
        )
    links = {lang: survey_link(slug, lang) for lang in ("cy", "en")}
    return render_template(
        "staff/campaigns/campaign.html",
        campaign=found,
        frozen=frozen_content(found.questionnaire_version),
        totals=campaign_totals(mine, found),
        paper=paper_total(mine, found),
        by_authority=by_authority,
        links=links,
        qr={lang: qr_svg(link, link) for lang, link in links.items()},
        manages=manages,
        batches=[(batch, *counted(used)) for batch, used in mine.batches(found)] if manages else [],
        codes=_codes(found) if manages else None,
        archive_days=retention.archive_days(),
        codes_form=CodesForm(),
        sheet_languages=SHEET_LANGUAGES,
        today=today(),
    )


def _codes(campaign: Campaign) -> tuple[int, ShownCount]:
    """How many codes were made (staff chose that) and how many are used (a count of respondents)."""
    made, used = access_codes.counts(campaign)
    return made, counted(used)[0]


def _named(totals: dict[int | None, Any]) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for authority_id, value in totals.items():
        authority = db.session.get(Authority, authority_id) if authority_id is not None else None
        named[authority.name(current_language()) if authority else gettext("Council not given")] = value
    return named


@bp.route("/<slug>/change", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def change(slug: str) -> Any:
    """Change the window or how people get in. The questionnaire never changes once chosen."""
    mine = scope()
    found = mine.managed_campaign(slug)
    if found.is_archived:
        return _archived_refusal(found, "change")
    if found.is_closed_on(today()):
        return _closed_refusal(found)
    form = CampaignDatesForm(obj=found)
    if form.validate_on_submit():
        before = {
            "opens_on": found.opens_on.isoformat(),
            "closes_on": found.closes_on.isoformat(),
            "access": found.access,
        }
        found.opens_on = form.opens_on.data
        found.closes_on = form.closes_on.data
        found.access = form.access.data
        audit.record(
            "campaign_changed",
            slug,
            authority_id=found.authority_id,
            detail={
                "before": before,
                "opens_on": found.opens_on.isoformat(),
                "closes_on": found.closes_on.isoformat(),
                "access": found.access,
            },
        )
        db.session.commit()
        notify("campaign_changed")
        return redirect(url_for(".campaign", slug=slug))
    errors = _errors(form)
    return render_template(
        "staff/campaigns/change.html",
        form=form,
        campaign=found,
        errors=errors,
        has_errors=bool(errors),
        access_choices=ACCESS_CHOICES,
    ), (400 if errors else 200)


@bp.route("/<slug>/archive", methods=["GET", "POST"])
@requires(Permission.MANAGE_CAMPAIGNS)
def archive(slug: str) -> Any:
    """Ask first (it cannot be undone), then archive a closed campaign: see survey_app/store/retention.py."""
    mine = scope()
    found = mine.managed_campaign(slug)
    day = today()
    closed = found.is_closed_on(day)
    refused = request.method == "POST" and (not closed or found.is_archived)
    if request.method == "POST" and not refused:
        retention.archive_campaign(found, day)
        return redirect(url_for(".campaign", slug=slug))
    return render_template(
        "staff/campaigns/archive.html",
        campaign=found,
        closed=closed,
        refused=refused,
        partials=counted(campaign_store.partial_count(found))[0],
        codes_made=access_codes.counts(found)[0],
        archive_days=retention.archive_days(),
    ), (409 if refused else 200)


def _closed_refusal(campaign: Campaign) -> Any:
    """Closing is final: a closed campaign may already be in results, and reopening it (or moving its
    closing day) would take its answers out again, so that comparing the two would show them."""
    return render_template("staff/campaigns/closed_refused.html", campaign=campaign), 409


def _archived_refusal(campaign: Campaign, action: str) -> Any:
    """The page for something an archived campaign can no longer do (change, make or withdraw codes)."""
    return render_template("staff/campaigns/archived_refused.html", campaign=campaign, action=action), 409


@bp.app_errorhandler(CampaignArchived)
def codes_of_an_archived_campaign(error: CampaignArchived) -> Any:
    """Codes made or withdrawn for an archived campaign (say, from a page left open) are refused."""
    db.session.rollback()
    return _archived_refusal(error.campaign, "codes")

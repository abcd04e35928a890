"""What people wrote: theme summaries, and analysts' review of the themes suggested for comments.

Like results, comments come only from closed campaigns, grouped by period and band. A council's staff
see and review their own council's comments, always redacted, and only when its group has at least
K respondents; the national coordinator sees all of Wales or picks a council. Every figure, quote
and word cloud comes through `analysis.themes`, under `analysis.disclosure`'s rules for free text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from analysis.disclosure import DisclosureControl
from analysis.themes import POLARITIES

from ..auth.permissions import Permission, may, requires
from ..auth.scope import scope
from ..extensions import db
from ..models import Authority
from ..results.names import band_name
from ..store import audit
from ..store import campaigns as campaign_store
from ..themes import store
from ..themes.gather import CommentSet, closed_in, gather_comments, has_comments
from ..themes.notes import themes_notes
from ..themes.review import Filters, review_page
from ..themes.view import LANGUAGE_LABELS, POLARITY_LABELS, themes_view
from ..web.i18n import current_language

bp = Blueprint("staff_themes", __name__)
FORMATS = ("csv", "xlsx")


def today() -> date:
    return date.today()


def _control() -> DisclosureControl:
    return DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"])


@bp.record_once
def _report_helpers(state: Any) -> None:
    """The results page and PDF ask for their "What people wrote" section through this global."""
    from ..themes.report import report_themes

    state.app.jinja_env.globals["report_themes"] = report_themes


@bp.context_processor
def _names_of_things() -> dict[str, Any]:
    return {
        "language_labels": LANGUAGE_LABELS,
        "polarity_names": [str(POLARITY_LABELS[polarity]) for polarity in POLARITIES],
    }


@bp.get("/")
@requires(Permission.REVIEW_THEMES)
def list_themes() -> Any:
    mine = scope()
    day = today()
    sets = [
        (period, band, band_name(band))
        for period, band in mine.result_sets(day)
        if has_comments(band, closed_in(period, band, day))
    ]
    return render_template("staff/themes/list.html", sets=sets)


def _comment_set(period: str, band_key: str) -> CommentSet:
    found_period, band = scope().result_set(period, band_key, today())
    found = gather_comments(found_period, band, today(), _control())
    return found if found is not None else abort(404)


@bp.get("/<period>/<band>")
@bp.get("/<period>/<band>/<code>")
@requires(Permission.REVIEW_THEMES)
def summary(period: str, band: str, code: str | None = None) -> Any:
    """A council's themes beside all of Wales; for the coordinator without `code`, all of Wales."""
    mine = scope()
    authority = mine.results_authority(code)
    comment_set = _comment_set(period, band)
    lang = current_language()
    view = themes_view(comment_set, authority.ons_code if authority else None, lang)
    return render_template(
        "staff/themes/summary.html",
        view=view,
        authority=authority,
        code=code,
        formats=FORMATS,
        band_title=band_name(comment_set.band),
        names=_names(lang) if mine.national else {},
        notes=themes_notes(comment_set.min_group, lang),
    )


def _names(lang: str) -> dict[str, Authority]:
    return {each.ons_code: each for each in campaign_store.authorities(lang)}


def _review_url(period: str, band: str, code: str | None, filters: Filters, **extra: Any) -> str:
    return url_for("staff_themes.review", period=period, band=band, code=code, **filters.as_args(), **extra)


@bp.route("/<period>/<band>/review", methods=["GET", "POST"])
@bp.route("/<period>/<band>/<code>/review", methods=["GET", "POST"])
@requires(Permission.REVIEW_THEMES)
def review(period: str, band: str, code: str | None = None) -> Any:
    """Redacted comments of a council, 25 a page, each with a form to correct its themes.

    Only the council's own staff read and code its comments: the national coordinator sees aggregates
    (counts, quotes, clouds), never a council's comments one by one.
    """
    mine = scope()
    if mine.national:
        abort(403)
    authority = mine.results_authority(code)
    if authority is None:
        abort(404)
    comment_set = _comment_set(period, band)
    filters = Filters.from_args(request.args, comment_set)
    if request.method == "POST":
        return _save(comment_set, authority, period, band, code, filters)
    return _review_page(comment_set, authority, code, filters, saved=request.args.get("saved", ""))


def _review_page(
    comment_set: CommentSet,
    authority: Authority,
    code: str | None,
    filters: Filters,
    errors: list[tuple[str, str]] | None = None,
    saved: str = "",
    status: int = 200,
) -> Any:
    page = review_page(comment_set, authority.ons_code, filters, current_language(), saved=saved)
    return render_template(
        "staff/themes/review.html",
        page=page,
        authority=authority,
        code=code,
        filters=filters,
        errors=errors or [],
        band_title=band_name(comment_set.band),
    ), status


def _save(
    comment_set: CommentSet, authority: Authority, period: str, band: str, code: str | None, filters: Filters
) -> Any:
    """Keep an analyst's themes for one comment; anything wrong is said on the page, and nothing is lost."""
    comments = comment_set.reviewable(authority.ons_code)
    key = request.form.get("comment", "")
    found = comments[comments["key"] == key]
    chosen = request.form.getlist("themes")
    unknown = [theme for theme in chosen if theme not in comment_set.theme_ids]
    if found.empty or unknown:
        message = (
            _(
                "That comment is not one you can review here: it may belong to another council, or its "
                "group may be too small to show. Nothing was saved."
            )
            if found.empty
            else _(
                "Choose themes from the list: “%(theme)s” is not one of them. Nothing was saved.",
                theme=unknown[0][:60],
            )
        )
        anchor = f"comment-{key}" if not found.empty else "comments"
        return _review_page(
            comment_set, authority, code, filters, [(anchor, message)], status=404 if found.empty else 400
        )
    comment = found.iloc[0]
    themes = [theme for theme in comment_set.theme_ids if theme in chosen]
    store.save_review(
        str(comment["response_id"]),
        str(comment["item_id"]),
        str(comment["campaign"]),
        list(comment["current_suggestion"]),
        themes,
        current_user.user.id,
        today(),
    )
    return redirect(_review_url(period, band, code, filters, saved=key) + f"#comment-{key}")


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> Any:
    """A review form sent without a valid code: say so on the same page of comments, with nothing lost.

    Anything else (another page, someone not signed in or not allowed, another council's comments) gets
    the error page it would have had, since this runs before the view's own checks.
    """
    if request.endpoint != "staff_themes.review" or not current_user.is_authenticated:
        return render_template("error.html", code=400, expired_form=True), 400
    try:
        return _expired_review(request.view_args or {})
    except HTTPException as refused:
        code = refused.code or 400
        return render_template("error.html", code=code, expired_form=False), code


def _expired_review(args: dict[str, Any]) -> Any:
    if not may(Permission.REVIEW_THEMES):
        abort(403)
    authority = scope().results_authority(args.get("code"))
    comment_set = _comment_set(str(args.get("period")), str(args.get("band")))
    if authority is None:
        abort(404)
    message = _(
        "Your themes were not saved because the page had been open too long or came from elsewhere. "
        "Nothing else has changed: tick the themes again and save."
    )
    filters = Filters.from_args(request.args, comment_set)
    errors = [("comments", message)]
    return _review_page(comment_set, authority, args.get("code"), filters, errors, status=400)


@bp.get("/<period>/<band>/download.<fmt>")
@bp.get("/<period>/<band>/<code>/download.<fmt>")
@requires(Permission.REVIEW_THEMES)
def download(period: str, band: str, fmt: str, code: str | None = None) -> Any:
    """The theme counts (CSV), or counts and quotes with notes (XLSX), in the page's language; logged."""
    from ..themes.sheets import themes_download

    if fmt not in FORMATS:
        abort(404)
    authority = scope().results_authority(code)
    comment_set = _comment_set(period, band)
    lang = current_language()
    content, mimetype, filename = themes_download(comment_set, authority, _names(lang), lang, fmt)
    audit.record(
        "downloaded",
        target=f"{period} {comment_set.band.key} themes",
        detail={"format": fmt, "language": lang, "authority": authority.ons_code if authority else "wales"},
    )
    db.session.commit()
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""Results pages and downloads: one authority's figures beside the other councils', or all of Wales.

Only closed campaigns count, results are grouped by period and band (the only breakdown there is),
and everything shown comes through `analysis.disclosure`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template

from analysis.disclosure import DisclosureControl

from ..auth.permissions import Permission, requires
from ..auth.scope import scope
from ..extensions import db
from ..results.gather import ResultSet, gather
from ..results.names import band_name
from ..results.notes import method_notes
from ..results.view import authority_view, national_view
from ..store import audit
from ..store import campaigns as campaign_store
from ..web.i18n import current_language

bp = Blueprint("staff_results", __name__)
FORMATS = ("csv", "xlsx", "pdf")


def today() -> date:
    return date.today()


def _control() -> DisclosureControl:
    return DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"])


@bp.get("/")
@requires(Permission.VIEW_RESULTS)
def list_results() -> Any:
    mine = scope()
    sets = [(period, band, band_name(band)) for period, band in mine.result_sets(today())]
    return render_template(
        "staff/results/list.html",
        sets=sets,
        authorities=campaign_store.authorities(current_language()) if mine.national else [],
    )


def _result_set(period: str, band_key: str) -> ResultSet:
    found_period, band = scope().result_set(period, band_key, today())
    found = gather(found_period, band, today(), _control())
    return found if found is not None else abort(404)


@bp.get("/<period>/<band>")
@bp.get("/<period>/<band>/<code>")
@requires(Permission.VIEW_RESULTS)
def results(period: str, band: str, code: str | None = None) -> Any:
    """An authority's results; for the national coordinator without `code`, every authority side by side."""
    authority = scope().results_authority(code)
    result_set = _result_set(period, band)
    lang = current_language()
    notes = method_notes(result_set, _control().min_group, lang)
    if authority is None:
        view = national_view(result_set, campaign_store.authorities(lang), lang)
        return render_template(
            "staff/results/national.html",
            view=view,
            notes=notes,
            formats=FORMATS,
            band_title=band_name(result_set.band),
        )
    return render_template(
        "staff/results/authority.html",
        view=authority_view(result_set, authority, lang),
        notes=notes,
        formats=FORMATS,
        code=code,
    )


@bp.get("/<period>/<band>/download.<fmt>")
@bp.get("/<period>/<band>/<code>/download.<fmt>")
@requires(Permission.VIEW_RESULTS)
def download(period: str, band: str, fmt: str, code: str | None = None) -> Any:
    """A CSV, XLSX or PDF of the same results, in the page's language; each download is logged."""
    from ..results.downloads import render_download

    if fmt not in FORMATS:
        abort(404)
    authority = scope().results_authority(code)
    result_set = _result_set(period, band)
    lang = current_language()
    content, mimetype, filename = render_download(
        result_set, authority, campaign_store.authorities(lang), lang, fmt, _control().min_group
    )
    audit.record(
        "downloaded",
        target=f"{period} {result_set.band.key}",
        detail={"format": fmt, "language": lang, "authority": authority.ons_code if authority else "wales"},
    )
    db.session.commit()
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

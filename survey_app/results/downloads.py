"""Results as files: the indicators as CSV, every table as XLSX, and an A4 PDF report with charts.

The tables come from `tables.report_sheets` and the report from `view`, so everything here has been
through `analysis.disclosure`; this module only lays it out. Each file is made inside `force_locale`,
so it is wholly in the language asked for, whatever the language of the page or command asking.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import weasyprint
from flask import render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from markupsafe import Markup
from weasyprint.urls import URLFetcher

from ..models import Authority
from ..web.i18n import BABEL_LOCALES
from .gather import ResultSet
from .names import band_name
from .notes import method_notes
from .spreadsheets import MIMETYPES, ascii_slug, csv_bytes, xlsx_bytes
from .tables import report_sheets
from .view import authority_view, national_view

TEMPLATE = "staff/results/report_pdf.html"
WALES = {"cy": "cymru", "en": "wales"}  # the national file's place in its name
NATIONAL_COLUMNS = 10  # councils per side-by-side table on a landscape page (the Wales column repeats)


def render_download(
    result_set: ResultSet,
    authority: Authority | None,
    authorities: Sequence[Authority],
    lang: str,
    fmt: str,
    min_group: int,
    made_on: date | None = None,
) -> tuple[bytes, str, str]:
    """(content, mimetype, file name) of one download: an authority's results, or all of Wales (None)."""
    if fmt not in MIMETYPES:
        raise ValueError(f"downloads are csv, xlsx or pdf, not {fmt!r}")
    made_on = made_on or date.today()
    with force_locale(BABEL_LOCALES[lang]):
        if fmt == "pdf":
            html = report_html(result_set, authority, authorities, lang, min_group, made_on)
            # PDF/UA: tagged, with its language and title, so that screen readers can read it.
            document = weasyprint.HTML(string=html, url_fetcher=_no_fetching())
            content = document.write_pdf(pdf_variant="pdf/ua-1")
        else:
            sheets = report_sheets(result_set, authority, authorities, lang)
            if fmt == "csv":
                content = csv_bytes(sheets[0])
            else:
                notes = method_notes(result_set, min_group, lang)
                content = xlsx_bytes(sheets, notes, report_title(result_set, authority, lang), lang, made_on)
    return content, MIMETYPES[fmt], file_name(result_set, authority, lang, fmt)


def file_name(result_set: ResultSet, authority: Authority | None, lang: str, fmt: str) -> str:
    """e.g. lleisiau-2026-27-child-8-10-rhondda-cynon-taf-cy.xlsx: plain ASCII, safe in any header."""
    place = ascii_slug(authority.name(lang)) if authority is not None else WALES[lang]
    return f"lleisiau-{result_set.period}-{ascii_slug(result_set.band.key)}-{place}-{lang}.{fmt}"


def report_title(result_set: ResultSet, authority: Authority | None, lang: str) -> str:
    """The report's title in the current locale: "Rhondda Cynon Taf: Children aged 8-10, 2026-27"."""
    place = authority.name(lang) if authority is not None else _("All of Wales")
    return f"{place}: {band_name(result_set.band)}, {result_set.period}"


def _no_fetching() -> URLFetcher:
    """Nothing is fetched: fonts are local and the charts are inline SVG."""
    return URLFetcher(allowed_protocols=())


def _footer(title: str) -> Markup:
    """CSS `content` for the footer: the report, then "Page X of Y" with the numbers WeasyPrint fills in."""
    text = _("Page %(index)s of %(total)s", index="\x00page\x00", total="\x00pages\x00")
    pieces = re.split("\x00(pages?)\x00", f"Lleisiau · {title} · {text}")
    return Markup(
        " ".join(
            f"counter({piece})" if index % 2 else _css_string(piece) for index, piece in enumerate(pieces)
        )
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def _chunks(items: list[Authority], size: int) -> list[list[Authority]]:
    """Split councils into tables of about equal width, none wider than `size`."""
    if not items:
        return []
    count = math.ceil(len(items) / size)
    per = math.ceil(len(items) / count)
    return [items[start : start + per] for start in range(0, len(items), per)]


def report_html(
    result_set: ResultSet,
    authority: Authority | None,
    authorities: Sequence[Authority],
    lang: str,
    min_group: int,
    made_on: date,
) -> str:
    """The PDF report as the HTML that WeasyPrint lays out (and that tests read)."""
    with force_locale(BABEL_LOCALES[lang]):
        title = report_title(result_set, authority, lang)
        context: dict[str, Any] = {
            "lang": lang,
            "rs": result_set,
            "title": title,
            "band_title": band_name(result_set.band),
            "made_on": format_date(made_on, "long"),
            "made_on_iso": made_on.isoformat(),
            "notes": method_notes(result_set, min_group, lang),
            "min_group": min_group,
            "footer": _footer(title),
            "view": None,
            "national": None,
            "column_groups": [],
        }
        if authority is not None:
            context["view"] = authority_view(result_set, authority, lang)
        else:
            national = national_view(result_set, authorities, lang)
            answered = [each for each in authorities if each.ons_code in national.responses]
            context["national"] = national
            context["column_groups"] = _chunks(answered, NATIONAL_COLUMNS)
        return render_template(TEMPLATE, **context)

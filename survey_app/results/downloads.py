"""Results as files: the indicators as CSV, every table as XLSX, and an A4 PDF report with charts.

The tables come from `tables.report_sheets` and the report from `view`, so everything here has been
through `analysis.disclosure`; this module only lays it out. Each file is made inside `force_locale`,
so it is wholly in the language asked for, whatever the language of the page or command asking.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from io import BytesIO
from typing import Any

import weasyprint
from flask import render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint.urls import URLFetcher

from ..i18n import BABEL_LOCALES
from ..models import Authority
from .gather import ResultSet
from .names import band_name
from .notes import method_notes
from .tables import Sheet, report_sheets
from .view import authority_view, national_view

TEMPLATE = "staff/results/report_pdf.html"
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
WALES = {"cy": "cymru", "en": "wales"}  # the national file's place in its name
NATIONAL_COLUMNS = 10  # councils per side-by-side table on a landscape page (the Wales column repeats)
# A spreadsheet would run text starting with these as a formula (CSV injection): they get a leading '.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def report_title(result_set: ResultSet, authority: Authority | None, lang: str) -> str:
    """The report's title in the current locale: "Rhondda Cynon Taf: Children aged 8-10, 2026-27"."""
    place = authority.name(lang) if authority is not None else _("All of Wales")
    return f"{place}: {band_name(result_set.band)}, {result_set.period}"


def _text_safe(value: Any) -> Any:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def csv_bytes(sheet: Sheet) -> bytes:
    """One clean table a spreadsheet can sort, with a byte-order mark so Excel reads ŵ and ŷ as UTF-8."""
    frame = sheet.frame.astype(object).map(_text_safe)
    return str(frame.to_csv(index=False, lineterminator="\r\n")).encode("utf-8-sig")


def _cell_value(value: Any) -> Any:
    """Numbers as numbers, "c" and words as text, blanks (hidden or not asked) as empty cells."""
    if value is None or value == "" or (not isinstance(value, str) and _missing(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def _missing(value: Any) -> bool:
    try:
        return bool(value != value) or str(value) == "<NA>"
    except TypeError:  # pd.NA refuses to say whether it equals itself
        return True


def _label_columns(sheet: Sheet) -> int:
    """How many leading columns hold only words (names of councils, indicators...): these stay frozen."""
    count = 0
    for column in sheet.frame.columns[:2]:
        values = [value for value in sheet.frame[column] if _cell_value(value) is not None]
        if not values or not all(isinstance(value, str) and value != "c" for value in values):
            break
        count += 1
    return count


def _write_table(sheet_out: Worksheet, sheet: Sheet) -> None:
    header_fill = PatternFill("solid", fgColor="DEE0E2")
    sheet_out.cell(1, 1, sheet.title).font = Font(bold=True, size=13)
    widths: list[int] = []
    for column, header in enumerate(sheet.frame.columns, start=1):
        cell = sheet_out.cell(2, column, str(header))
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        values = [_cell_value(value) for value in sheet.frame[header]]
        for row, value in enumerate(values, start=3):
            written = sheet_out.cell(row, column, value)
            if isinstance(value, str):
                written.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, float):
                written.number_format = "0.0"
        longest = max((len(str(value)) for value in values if value is not None), default=0)
        widths.append(min(max(longest, min(len(str(header)), 16), 6) + 2, 60))
    for column, width in enumerate(widths, start=1):
        sheet_out.column_dimensions[get_column_letter(column)].width = width
    last = f"{get_column_letter(max(len(widths), 1))}{len(sheet.frame) + 2}"
    sheet_out.freeze_panes = sheet_out.cell(3, _label_columns(sheet) + 1)
    sheet_out.auto_filter.ref = f"A2:{last}"
    sheet_out.print_title_rows = "2:2"
    sheet_out.page_setup.orientation = "landscape"


def _tab_name(name: str, used: set[str]) -> str:
    """A spreadsheet tab: at most 31 characters, none of []:*?/\\, and each one different."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"
    tab, number = base, 2
    while tab.lower() in used:
        tab, number = f"{base[: 31 - len(str(number)) - 1]} {number}", number + 1
    used.add(tab.lower())
    return tab


def xlsx_bytes(sheets: list[Sheet], notes: list[str], title: str, lang: str, made_on: date) -> bytes:
    """A workbook: one tab per table, then the notes on how the figures were made and the day made."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        _write_table(book.create_sheet(_tab_name(sheet.name, used)), sheet)
    notes_out = book.create_sheet(_tab_name(_("Notes"), used))
    notes_out.column_dimensions["A"].width = 110
    lines = [
        title,
        _("How these figures were made"),
        *notes,
        _("Made on %(date)s.", date=format_date(made_on, "long")),
    ]
    for row, line in enumerate(lines, start=1):
        cell = notes_out.cell(row, 1, line)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes_out["A1"].font = Font(bold=True, size=13)
    notes_out["A2"].font = Font(bold=True)
    # The title, and no person's name; the dates are the day only, like every date Lleisiau keeps.
    book.properties.title = title
    book.properties.creator = "Lleisiau"
    book.properties.lastModifiedBy = None
    book.properties.language = BABEL_LOCALES[lang].replace("_", "-")
    book.properties.created = book.properties.modified = datetime.combine(made_on, time())
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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

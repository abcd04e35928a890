"""Tables ready to write (`Sheet`) and the CSV and XLSX bytes made from them.

Shared by the results downloads and the themes downloads; it knows nothing of what the tables hold.
Every value written came from a `ReleasedTable` (see `analysis.disclosure`), and no cell of either
format can start a spreadsheet formula.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO
from typing import Any

import pandas as pd
from flask_babel import format_date
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..web.i18n import BABEL_LOCALES

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# A spreadsheet would run text starting with these as a formula (CSV injection): they get a leading '.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Sheet:
    """One table of a download: `name` is short enough for a spreadsheet tab (31 characters)."""

    name: str
    title: str
    frame: pd.DataFrame


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


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

"""Theme tables for downloads: counts (CSV and XLSX) and quotes (XLSX), in the reader's language.

Made from the released tables of `analysis.themes` only; "c" marks a hidden small count and a blank
a group too small to show, as in every other download.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.disclosure import SMALL_CELL, TOO_FEW, DisclosureControl
from analysis.themes import WALES

from ..models import Authority
from ..results.gather import ResultSet
from ..results.names import band_name
from ..results.spreadsheets import MIMETYPES, Sheet, ascii_slug, csv_bytes, xlsx_bytes
from ..web.i18n import BABEL_LOCALES
from .gather import CommentSet, gather_comments
from .notes import themes_notes
from .view import theme_label


def _shown(values: pd.Series, status: pd.Series) -> pd.Series:
    as_text = values.astype(object).where(values.notna(), "")
    return as_text.mask(status == SMALL_CELL, "c").mask(status == TOO_FEW, "")


def _note(status: str) -> str:
    if status == TOO_FEW:
        return _("Not shown: too few answered")
    if status == SMALL_CELL:
        return _("c: fewer than 5 people, so the figure is hidden")
    return ""


def count_sheet(
    comment_set: CommentSet, code: str | None, names: Mapping[str, Authority], lang: str
) -> Sheet:
    """Theme counts: a council's beside all of Wales, or (code None) every council and all of Wales."""
    labels = {theme.id: theme_label(theme, lang) for theme in comment_set.themes}
    order = {theme_id: position for position, theme_id in enumerate(labels)}
    frame = comment_set.tables.counts.frame
    frame = frame.assign(_order=frame["theme"].map(order))
    if code is not None:
        own = frame[frame["authority"] == code].sort_values("_order")
        wales = frame[frame["authority"] == WALES].set_index("theme")
        columns: dict[str, pd.Series | list[str]] = {
            _("Theme"): own["theme"].map(labels),
            _("People who wrote about it (rounded to the nearest 5)"): _shown(own["people"], own["status"]),
            _("Share of the people who wrote (%)"): _shown(own["percent"], own["status"]),
            _("All of Wales (%)"): _shown(
                own["theme"].map(wales["percent"]) if not wales.empty else pd.Series(pd.NA, index=own.index),
                own["theme"].map(wales["status"]) if not wales.empty else pd.Series(TOO_FEW, index=own.index),
            ),
            _("Note"): own["status"].map(_note),
        }
    else:
        rows = frame.assign(_wales=frame["authority"] != WALES).sort_values(["_wales", "authority", "_order"])
        columns = {
            _("Authority code"): rows["authority"].where(rows["authority"] != WALES, ""),
            _("Authority"): rows["authority"].map(
                lambda key: (
                    _("All of Wales") if key == WALES else (names[key].name(lang) if key in names else key)
                )
            ),
            _("Theme"): rows["theme"].map(labels),
            _("People who wrote about it (rounded to the nearest 5)"): _shown(rows["people"], rows["status"]),
            _("Share of the people who wrote (%)"): _shown(rows["percent"], rows["status"]),
            _("Note"): rows["status"].map(_note),
        }
    return Sheet(_("Themes"), _("What people wrote: themes"), pd.DataFrame(columns))


def quote_sheet(comment_set: CommentSet, code: str | None, lang: str) -> Sheet:
    labels = {theme.id: theme_label(theme, lang) for theme in comment_set.themes}
    order = {theme_id: position for position, theme_id in enumerate(labels)}
    frame = comment_set.tables.quotes.frame
    mine = frame[frame["authority"] == (code if code is not None else WALES)]
    mine = mine.assign(_order=mine["theme"].map(order)).sort_values(["_order", "rank"])
    languages = {"cy": _("Welsh"), "en": _("English")}
    columns = {
        _("Theme"): mine["theme"].map(labels),
        _("Language"): mine["language"].map(languages),
        _("Quote (redacted)"): mine["text"],
    }
    return Sheet(_("Quotes"), _("What people wrote: quotes"), pd.DataFrame(columns))


def theme_sheets(
    result_set: ResultSet, authority: Authority | None, authorities: Sequence[Authority], lang: str
) -> list[Sheet]:
    """The theme sheets of a results download (none where nobody was asked for comments, or wrote any)."""
    control = DisclosureControl(current_app.config["LLEISIAU_MIN_GROUP"])
    comment_set = gather_comments(result_set.period, result_set.band, date.today(), control)
    if comment_set is None or comment_set.comments.empty:
        return []
    code = authority.ons_code if authority is not None else None
    names = {each.ons_code: each for each in authorities}
    with force_locale(BABEL_LOCALES[lang]):
        return [count_sheet(comment_set, code, names, lang), quote_sheet(comment_set, code, lang)]


def themes_download(
    comment_set: CommentSet, authority: Authority | None, names: Mapping[str, Authority], lang: str, fmt: str
) -> tuple[bytes, str, str]:
    """(content, mimetype, file name): the theme counts as CSV, or counts and quotes with notes as XLSX."""
    code = authority.ons_code if authority is not None else None
    place = (
        ascii_slug(authority.name(lang)) if authority is not None else {"cy": "cymru", "en": "wales"}[lang]
    )
    name = f"lleisiau-themes-{comment_set.period}-{ascii_slug(comment_set.band.key)}-{place}-{lang}.{fmt}"
    with force_locale(BABEL_LOCALES[lang]):
        sheets = [count_sheet(comment_set, code, names, lang)]
        if fmt == "csv":
            return csv_bytes(sheets[0]), MIMETYPES[fmt], name
        sheets.append(quote_sheet(comment_set, code, lang))
        where = authority.name(lang) if authority is not None else _("All of Wales")
        title = f"{where}: {band_name(comment_set.band)}, {comment_set.period}"
        notes = themes_notes(comment_set.min_group, lang)
        return xlsx_bytes(sheets, notes, title, lang, date.today()), MIMETYPES[fmt], name

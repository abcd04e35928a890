"""Results as tables headed and worded in the reader's language: what CSV, XLSX and PDF are made from.

Every table here comes from a `ReleasedTable` (see `analysis.disclosure`); this module only names
columns, authorities, questions and answers, and writes "c" where a small count is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.disclosure import SMALL_CELL, TOO_FEW, ReleasedTable
from analysis.distributions import LOW_IS_GOOD, band_names

from ..models import Authority
from ..web.i18n import BABEL_LOCALES
from .gather import ResultSet
from .names import ANXIETY_BAND_NAMES, CHANGE_NAMES, DOMAIN_NAMES, SCALE_BAND_NAMES, VERDICT_NAMES
from .spreadsheets import Sheet


def shown(values: pd.Series, status: pd.Series) -> pd.Series:
    """Figures as they appear in a download: "c" for a hidden small count, blank for a group under K."""
    as_text = values.astype(object).where(values.notna(), "")
    return as_text.mask(status == SMALL_CELL, "c").mask(status == TOO_FEW, "")


def _authority_columns(frame: pd.DataFrame, names: dict[str, str]) -> dict[str, pd.Series]:
    return {_("Authority code"): frame["authority"], _("Authority"): frame["authority"].map(names)}


def indicator_sheet(
    result_set: ResultSet, table: ReleasedTable, names: dict[str, str] | None, lang: str
) -> Sheet:
    frame = table.frame
    catalogue = result_set.indicators
    comparators = result_set.comparators

    def label(key: str) -> str:
        return catalogue[key].label(lang) if key in catalogue else key

    columns: dict[str, pd.Series] = _authority_columns(frame, names) if names is not None else {}
    columns |= {
        _("Domain"): frame["indicator"].map(
            lambda key: str(DOMAIN_NAMES[catalogue[key].domain]) if key in catalogue else ""
        ),
        _("Indicator"): frame["indicator"].map(label),
        _("Answered (rounded to the nearest 5)"): shown(
            frame["base"], frame["status"].where(frame["status"] != SMALL_CELL)
        ),
        _("Positive (%)"): shown(frame["percent"], frame["status"]),
        _("Interval from (%)"): shown(frame["ci_low"], frame["status"]),
        _("Interval to (%)"): shown(frame["ci_high"], frame["status"]),
        _("Other councils (%)"): shown(frame["benchmark_percent"], frame["benchmark_status"]),
        _("Other councils: interval from (%)"): shown(frame["benchmark_ci_low"], frame["benchmark_status"]),
        _("Other councils: interval to (%)"): shown(frame["benchmark_ci_high"], frame["benchmark_status"]),
        _("Number of other councils"): frame["benchmark_authorities"],
        _("Other councils: wording"): _wording_marks(frame, result_set.wording.beside_benchmark),
        _("Compared with other councils"): frame["verdict"].map(lambda key: str(VERDICT_NAMES[key])),
        _("Previous year (%)"): shown(frame["previous_percent"], frame["previous_status"]),
        _("Change (percentage points)"): frame["change"].astype(object).where(frame["change"].notna(), ""),
        _("Change since the previous year"): frame["change_verdict"].map(lambda key: str(CHANGE_NAMES[key])),
        _("Previous year: wording"): _wording_marks(frame, result_set.wording.beside_previous),
        _("Published figure (%)"): frame["comparator_percent"]
        .astype(object)
        .where(frame["comparator_percent"].notna(), ""),
        _("Published figure: what and where"): frame["indicator"].map(
            lambda key: (
                f"{comparators[key].published(lang)}. {comparators[key].source(lang)}"
                if key in comparators
                else ""
            )
        ),
        _("Note"): frame["status"].map(status_note),
    }
    return Sheet(
        _("Indicators"), _("Indicators, with the other councils and the previous year"), pd.DataFrame(columns)
    )


def _wording_marks(frame: pd.DataFrame, marked: Callable[[str, str], bool]) -> pd.Series:
    """ "wording changed" beside a figure asked in other words than the one it is compared with."""
    mark = _("wording changed")
    return pd.Series(
        [
            mark if marked(str(authority), str(indicator)) else ""
            for authority, indicator in zip(frame["authority"], frame["indicator"], strict=True)
        ],
        index=frame.index,
        dtype=object,
    )


def status_note(status: str) -> str:
    if status == TOO_FEW:
        return _("Not shown: too few answered")
    if status == SMALL_CELL:
        return _("c: fewer than 5 gave one of the answers, so the figure is hidden")
    return ""


def _question(result_set: ResultSet, lang: str) -> Callable[[str], str]:
    texts = {item.id: item.text(lang) for item in result_set.frozen.items()}
    return lambda key: texts.get(key, key)


def means_sheet(
    result_set: ResultSet, table: ReleasedTable, names: dict[str, str] | None, lang: str
) -> Sheet:
    frame = table.frame
    columns: dict[str, pd.Series] = _authority_columns(frame, names) if names is not None else {}
    columns |= {
        _("Question"): frame["item_id"].map(_question(result_set, lang)),
        _("Answered (rounded to the nearest 5)"): shown(frame["base"], frame["status"]),
        _("Average (0-10)"): shown(frame["mean"], frame["status"]),
        _("Other councils' average (0-10)"): shown(frame["benchmark_mean"], frame["benchmark_status"]),
        _("Note"): frame["status"].map(status_note),
    }
    return Sheet(_("0-10 averages"), _("Questions answered from 0 to 10: averages"), pd.DataFrame(columns))


def _band_labels(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.Series:
    def label(item_id: str, band: str) -> str:
        names = ANXIETY_BAND_NAMES if kinds.get(item_id) == LOW_IS_GOOD else SCALE_BAND_NAMES
        return str(names.get(band, band))

    return pd.Series(
        [label(*pair) for pair in zip(frame["item_id"], frame["band"], strict=True)], index=frame.index
    )


def _in_answer_order(
    result_set: ResultSet, frame: pd.DataFrame, grid: bool, kinds: dict[str, str]
) -> pd.DataFrame:
    """Rows in questionnaire order: questions and grid rows as asked, answers and bands in their order."""
    if frame.empty:
        return frame
    items = list(result_set.frozen.items())
    item_order = {item.id: position for position, item in enumerate(items)}
    row_order = {
        (item.id, row.id): position for item in items for position, row in enumerate(item.rows or [])
    }
    if grid:
        options = {item.id: result_set.frozen.values(item) for item in items if item.type == "grid"}
        cell_position = [
            options.get(item, []).index(value) if value in options.get(item, []) else 99
            for item, value in zip(frame["item_id"], frame["value"], strict=True)
        ]
        row_position = [row_order.get(key, 99) for key in zip(frame["item_id"], frame["row"], strict=True)]
    else:
        bands = {kind: band_names(kind) for kind in ("rating", LOW_IS_GOOD)}
        cell_position = [
            bands[kinds.get(item, "rating")].index(band) if band in bands[kinds.get(item, "rating")] else 99
            for item, band in zip(frame["item_id"], frame["band"], strict=True)
        ]
        row_position = [0] * len(frame)
    ordered = frame.assign(
        _item=frame["item_id"].map(item_order), _row=row_position, _cell=cell_position
    ).sort_values(["authority", "_item", "_row", "_cell"], kind="stable")
    return ordered.drop(columns=["_item", "_row", "_cell"])


def distribution_sheet(
    result_set: ResultSet,
    table: ReleasedTable,
    names: dict[str, str] | None,
    lang: str,
    kinds: dict[str, str],
) -> Sheet:
    grid = table.kind == "grids"
    frame = _in_answer_order(result_set, table.frame, grid, kinds)
    columns: dict[str, pd.Series] = _authority_columns(frame, names) if names is not None else {}
    columns[_("Question")] = frame["item_id"].map(_question(result_set, lang))
    if grid:
        rows = {
            (item.id, row.id): row.text(lang) for item in result_set.frozen.items() for row in item.rows or []
        }
        options = {
            value: option.label(lang)
            for key, each in result_set.frozen.option_sets.items()
            for option in each.options
            for value in [option.value]
        }
        columns[_("Row")] = pd.Series(
            [rows.get(key, key[1]) for key in zip(frame["item_id"], frame["row"], strict=True)],
            index=frame.index,
        )
        columns[_("Answer")] = frame["value"].map(lambda value: options.get(value, value))
    else:
        columns[_("Answer")] = _band_labels(frame, kinds)
    columns |= {
        _("Percent"): shown(frame["percent"], frame["status"]),
        _("Answered (rounded to the nearest 5)"): shown(
            frame["total"], frame["status"].where(frame["status"] != SMALL_CELL)
        ),
        _("Other councils: percent"): shown(frame["benchmark_percent"], frame["benchmark_status"]),
        _("Note"): frame["status"].map(status_note),
    }
    if grid:
        return Sheet(_("Grid questions"), _("Grid questions: how the answers divide"), pd.DataFrame(columns))
    return Sheet(
        _("0-10 answers"), _("Questions answered from 0 to 10: how the answers divide"), pd.DataFrame(columns)
    )


def responses_sheet(table: ReleasedTable, names: dict[str, str]) -> Sheet:
    frame = table.frame
    columns = _authority_columns(frame, names) | {
        _("Responses (rounded to the nearest 5)"): shown(frame["responses"], frame["status"]),
        _("Note"): frame["status"].map(status_note),
    }
    return Sheet(_("Responses"), _("Responses by council"), pd.DataFrame(columns))


def report_sheets(
    result_set: ResultSet, authority: Authority | None, authorities: Sequence[Authority], lang: str
) -> list[Sheet]:
    """Every table of a report in `lang`: one authority's (others only as benchmark), or all of Wales."""
    with force_locale(BABEL_LOCALES[lang]):
        results = (
            result_set.results if authority is None else result_set.results.for_authority(authority.ons_code)
        )
        names = {each.ons_code: each.name(lang) for each in authorities} if authority is None else None
        kinds = {
            item.id: (
                "low_is_good"
                if item.indicator and "0" in result_set.indicators[item.indicator].positive
                else "rating"
            )
            for item in result_set.frozen.items()
            if item.type == "scale_0_10"
        }
        sheets = [indicator_sheet(result_set, results.indicators, names, lang)]
        if not results.means.frame.empty:
            sheets += [
                means_sheet(result_set, results.means, names, lang),
                distribution_sheet(result_set, results.scale_bands, names, lang, kinds),
            ]
        if not results.grids.frame.empty:
            sheets.append(distribution_sheet(result_set, results.grids, names, lang, kinds))
        if names is not None:
            sheets.append(responses_sheet(results.responses, names))
        from ..themes.sheets import theme_sheets  # here: survey_app.themes builds on this module

        return sheets + theme_sheets(result_set, authority, authorities, lang)

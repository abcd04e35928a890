"""What a results page (and the PDF report) shows for one authority, or side by side for all of Wales."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.disclosure import SHOWN, TOO_FEW
from analysis.results import BRIGHT_SPOT, TO_IMPROVE

from ..models import Authority
from .comparators import Comparator
from .gather import ResultSet
from .names import ANXIETY_BAND_NAMES, DOMAIN_NAMES, SCALE_BAND_NAMES, band_name


def _value(value: Any) -> Any:
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator for one authority, as shown: None wherever a figure is not shown."""

    id: str
    label: str
    domain: str
    status: str
    base: int | None
    percent: int | None
    ci_low: int | None
    ci_high: int | None
    benchmark_status: str
    benchmark_percent: int | None
    benchmark_ci_low: int | None
    benchmark_ci_high: int | None
    benchmark_authorities: int
    verdict: str
    previous_percent: int | None
    change: int | None
    change_verdict: str
    comparator: Comparator | None
    # Asked in other words than the other councils' / than last year's (see results.wording)
    benchmark_wording_changed: bool = False
    previous_wording_changed: bool = False


@dataclass(frozen=True)
class DistributionRow:
    name: str  # the grid row's text ("" for a 0-10 question)
    ours: list[dict[str, Any]]  # one cell per answer, in the order of `Distribution.answers`
    others: list[dict[str, Any]]


@dataclass(frozen=True)
class Distribution:
    """How one question's answers divide, for this authority and for the other councils."""

    question: str
    answers: list[str]
    rows: list[DistributionRow]


def _distributions(
    result_set: ResultSet, frame: pd.DataFrame, cell: str, lang: str, names: Callable[[str, str], str]
) -> list[Distribution]:
    """Group released distribution cells by question (and grid row), in questionnaire order."""
    found = []
    records = _records(frame)
    for item in result_set.frozen.items():
        mine = [record for record in records if record["item_id"] == item.id]
        if not mine:
            continue
        order = _answer_order(result_set, item.id, cell)
        values = sorted({record[cell] for record in mine}, key=lambda value: order.get(value, len(order)))
        rows = []
        grid_rows: list[tuple[str | None, str]] = [(row.id, row.text(lang)) for row in item.rows or []]
        for row_id, row_name in grid_rows or [(None, "")]:
            cells = {record[cell]: record for record in mine if row_id is None or record["row"] == row_id}
            if not cells:
                continue
            blank: dict[str, Any] = {"percent": None, "status": "too_few", "benchmark_percent": None}
            ours = [cells.get(value, blank) for value in values]
            others = [
                {
                    "percent": each.get("benchmark_percent"),
                    "status": each.get("benchmark_status") or "too_few",
                }
                for each in ours
            ]
            rows.append(DistributionRow(row_name, ours, others))
        found.append(Distribution(item.text(lang), [names(item.id, value) for value in values], rows))
    return found


def _answer_order(result_set: ResultSet, item_id: str, cell: str) -> dict[str, int]:
    if cell == "band":
        kind = _band_namer(result_set)(item_id, "very_low") != "very_low"  # the anxiety bands name it
        return {
            name: position for position, name in enumerate(ANXIETY_BAND_NAMES if kind else SCALE_BAND_NAMES)
        }
    item = result_set.frozen.item(item_id)
    return {option.value: position for position, option in enumerate(result_set.frozen.options(item))}


@dataclass
class AuthorityView:
    """One authority's results: headline, bright spots, areas for improvement, every indicator by domain."""

    result_set: ResultSet
    authority: Authority
    lang: str
    responses: int | None
    rows: list[IndicatorRow]
    means: list[dict[str, Any]] = field(default_factory=list)
    # Of the responses, how many were paper copies typed in (rounded); None: fewer than K, or not known.
    paper: int | None = None
    bands: list[Distribution] = field(default_factory=list)
    grids: list[Distribution] = field(default_factory=list)

    @property
    def title(self) -> str:
        return band_name(self.result_set.band)

    @property
    def bright_spots(self) -> list[IndicatorRow]:
        return [row for row in self.rows if row.verdict == BRIGHT_SPOT]

    @property
    def to_improve(self) -> list[IndicatorRow]:
        return [row for row in self.rows if row.verdict == TO_IMPROVE]

    @property
    def headline(self) -> list[IndicatorRow]:
        return [row for row in self.rows if row.domain == "well_being"]

    @property
    def by_domain(self) -> list[tuple[str, list[IndicatorRow]]]:
        domains: dict[str, list[IndicatorRow]] = {}
        for row in self.rows:
            domains.setdefault(row.domain, []).append(row)
        return [(str(DOMAIN_NAMES.get(key, key)), rows) for key, rows in domains.items()]

    @property
    def wording_changed(self) -> bool:
        return any(row.benchmark_wording_changed or row.previous_wording_changed for row in self.rows)

    @property
    def shown_any(self) -> bool:
        """Whether any of this authority's own figures can be shown at all."""
        return any(row.status != TOO_FEW for row in self.rows) or any(
            mean["status"] == SHOWN for mean in self.means
        )


def _rows(result_set: ResultSet, frame: pd.DataFrame, lang: str) -> list[IndicatorRow]:
    catalogue = result_set.indicators
    order = {key: position for position, key in enumerate(catalogue)}
    rows = []
    for record in frame.to_dict("records"):
        key = record["indicator"]
        indicator = catalogue.get(key)
        rows.append(
            IndicatorRow(
                id=key,
                label=indicator.label(lang) if indicator else key,
                domain=indicator.domain if indicator else "",
                status=record["status"],
                base=_value(record["base"]),
                percent=_value(record["percent"]),
                ci_low=_value(record["ci_low"]),
                ci_high=_value(record["ci_high"]),
                benchmark_status=record["benchmark_status"],
                benchmark_percent=_value(record["benchmark_percent"]),
                benchmark_ci_low=_value(record["benchmark_ci_low"]),
                benchmark_ci_high=_value(record["benchmark_ci_high"]),
                benchmark_authorities=int(record["benchmark_authorities"]),
                verdict=record["verdict"],
                previous_percent=_value(record["previous_percent"]),
                change=_value(record["change"]),
                change_verdict=record["change_verdict"],
                comparator=result_set.comparators.get(key),
                benchmark_wording_changed=result_set.wording.beside_benchmark(record["authority"], key),
                previous_wording_changed=result_set.wording.beside_previous(record["authority"], key),
            )
        )
    return sorted(rows, key=lambda row: order.get(row.id, len(order)))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(key): _value(value) for key, value in record.items()} for record in frame.to_dict("records")]


def authority_view(result_set: ResultSet, authority: Authority, lang: str) -> AuthorityView:
    mine = result_set.results.for_authority(authority.ons_code)
    responses = mine.responses.frame
    return AuthorityView(
        result_set=result_set,
        authority=authority,
        lang=lang,
        responses=_value(responses["responses"].iloc[0]) if not responses.empty else None,
        paper=_value(responses["paper"].iloc[0]) if "paper" in responses and not responses.empty else None,
        rows=_rows(result_set, mine.indicators.frame, lang),
        means=_records(mine.means.frame),
        bands=_distributions(result_set, mine.scale_bands.frame, "band", lang, _band_namer(result_set)),
        grids=_distributions(result_set, mine.grids.frame, "value", lang, _option_namer(result_set, lang)),
    )


def _band_namer(result_set: ResultSet) -> Callable[[str, str], str]:
    def name(item_id: str, band: str) -> str:
        item = result_set.frozen.item(item_id)
        low_is_good = bool(item.indicator) and "0" in result_set.indicators[str(item.indicator)].positive
        return str((ANXIETY_BAND_NAMES if low_is_good else SCALE_BAND_NAMES).get(band, band))

    return name


def _option_namer(result_set: ResultSet, lang: str) -> Callable[[str, str], str]:
    def name(item_id: str, value: str) -> str:
        options = result_set.frozen.options(result_set.frozen.item(item_id))
        return next((option.label(lang) for option in options if option.value == value), value)

    return name


@dataclass
class NationalView:
    """Every authority's shown figures side by side, with the all-Wales figure of each indicator."""

    result_set: ResultSet
    authorities: Sequence[Authority]
    lang: str
    indicators: list[tuple[str, str]]  # (id, label), in catalogue order
    cells: dict[tuple[str, str], dict[str, Any]]  # (authority code, indicator) -> record
    wales: dict[str, dict[str, Any]]
    responses: dict[str, dict[str, Any]]


def national_view(result_set: ResultSet, authorities: Sequence[Authority], lang: str) -> NationalView:
    results = result_set.results
    frame = results.indicators.frame
    asked = list(dict.fromkeys(frame["indicator"]))
    order = list(result_set.indicators)
    asked.sort(key=lambda key: order.index(key) if key in order else len(order))
    return NationalView(
        result_set=result_set,
        authorities=authorities,
        lang=lang,
        indicators=[
            (key, result_set.indicators[key].label(lang) if key in result_set.indicators else key)
            for key in asked
        ],
        cells={(row["authority"], row["indicator"]): row for row in _records(frame)},
        wales={row["indicator"]: row for row in _records(results.wales.frame)},
        responses={row["authority"]: row for row in _records(results.responses.frame)},
    )

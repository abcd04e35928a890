"""What a results page (and the PDF report) shows for one authority, or side by side for all of Wales."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.disclosure import SHOWN
from analysis.results import BRIGHT_SPOT, TO_IMPROVE

from ..models import Authority
from .comparators import Comparator
from .gather import ResultSet
from .names import DOMAIN_NAMES, band_name


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


@dataclass
class AuthorityView:
    """One authority's results: headline, bright spots, areas for improvement, every indicator by domain."""

    result_set: ResultSet
    authority: Authority
    lang: str
    responses: int | None
    rows: list[IndicatorRow]
    means: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    grids: list[dict[str, Any]] = field(default_factory=list)

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
    def shown_any(self) -> bool:
        return any(row.status == SHOWN for row in self.rows)


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
        rows=_rows(result_set, mine.indicators.frame, lang),
        means=_records(mine.means.frame),
        bands=_records(mine.scale_bands.frame),
        grids=_records(mine.grids.frame),
    )


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

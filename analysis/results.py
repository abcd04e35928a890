"""A full set of results for one period and band: every authority, with disclosure control applied.

Callers (the web pages, the downloads, the command line, bench/) hand in scored answers; what comes
back holds only `ReleasedTable`s, so everything that leaves has been through `analysis.disclosure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .benchmark import compare_indicators, indicator_counts, linked_mask
from .disclosure import (
    MIN_POOLED_AUTHORITIES,
    SHOWN,
    DisclosureControl,
    DisclosureError,
    ReleasedTable,
    released,
)
from .distributions import benchmark_mean, grid_tables, hidden_scale_groups, scale_tables
from .stats import SIGNIFICANCE

BRIGHT_SPOT = "bright_spot"
TO_IMPROVE = "improve"
SIMILAR = "similar"
UP, DOWN, NO_CLEAR_CHANGE = "up", "down", "no_clear_change"


@dataclass(frozen=True)
class ResultsInput:
    """Everything one set of results is made from (one period, one band).

    scored / previous_scored: one row per respondent and indicator (response_id, authority,
    indicator, positive), for this period and the one before; responses: respondent ids with their
    authority (columns response_id, authority, and optionally counted: False for a response whose
    group is too small to count, which then only keeps its authority listed as too few; missing
    means every response counts); scale_answers: authority, item_id, value for 0-10
    questions, with `scale_kinds` (item id -> "rating" or "low_is_good"); grid_answers: authority,
    item_id, row, value, with `grid_options` (item id -> its answers in order); comparators:
    indicator id -> a published percentage to show beside it.

    record_keys: each response's random record key (response_id -> 0-255, this period's and the
    previous one's), which the perturbation of every released count is chosen by: results cannot be
    made without them. scale_indicators: 0-10 item id -> the indicator scored from the same question;
    previous_scale_answers: the previous period's 0-10 answers. With both, a cell hidden in a 0-10
    distribution is hidden in the indicator on the same question too ("suppressed together").
    """

    scored: pd.DataFrame
    responses: pd.DataFrame
    previous_scored: pd.DataFrame | None = None
    scale_answers: pd.DataFrame | None = None
    scale_kinds: Mapping[str, str] = field(default_factory=dict)
    grid_answers: pd.DataFrame | None = None
    grid_options: Mapping[str, Sequence[str]] = field(default_factory=dict)
    comparators: Mapping[str, float] = field(default_factory=dict)
    record_keys: pd.Series | None = None
    scale_indicators: Mapping[str, str] = field(default_factory=dict)
    previous_scale_answers: pd.DataFrame | None = None


@dataclass(frozen=True)
class Results:
    responses: ReleasedTable  # authority, responses (rounded), status
    indicators: ReleasedTable  # authority x indicator: share, interval, benchmark, verdict, change
    wales: ReleasedTable  # indicator: every shown authority pooled
    means: ReleasedTable  # authority x 0-10 question: mean beside the other authorities'
    scale_bands: ReleasedTable  # authority x 0-10 question x band
    grids: ReleasedTable  # authority x grid question x row x answer

    def for_authority(self, code: str) -> Results:
        """The same results cut down to one authority (the wales table is everyone's and stays)."""

        def mine(table: ReleasedTable) -> ReleasedTable:
            frame = table.frame
            return released(table.kind, frame[frame["authority"] == code] if "authority" in frame else frame)

        return Results(*(mine(getattr(self, name)) for name in self.__dataclass_fields__))


def build_results(given: ResultsInput, control: DisclosureControl) -> Results:
    """Every authority's figures for one period and band, ready to leave the system."""
    keyed = _KeyedAnswers(given.record_keys)
    current = _with_too_few(indicator_counts(keyed(given.scored)), given.responses)
    previous = indicator_counts(keyed(given.previous_scored)) if given.previous_scored is not None else None
    means, bands, hidden = scale_tables(keyed(_or_empty(given.scale_answers)), given.scale_kinds, control)
    before = hidden_scale_groups(keyed(_or_empty(given.previous_scale_answers)), given.scale_kinds, control)
    linked_now = _linked(hidden, given.scale_indicators)
    linked_before = _linked(before, given.scale_indicators)
    return Results(
        responses=_responses(given.responses, control),
        indicators=_indicators(
            compare_indicators(current, previous, control, linked_now, linked_before),
            given.comparators,
            control,
        ),
        wales=_wales(current, linked_now, control),
        means=_means(means, hidden, control),
        scale_bands=_distribution("scale_bands", bands, ["authority", "item_id"], "band", control),
        grids=_distribution(
            "grids",
            grid_tables(keyed(_or_empty(given.grid_answers)), given.grid_options, control),
            ["authority", "item_id", "row"],
            "value",
            control,
        ),
    )


class _KeyedAnswers:
    """Adds each row's `record_key` (looked up by response_id) to a frame of answers."""

    def __init__(self, record_keys: pd.Series | None) -> None:
        if record_keys is None:
            raise DisclosureError("results need every response's record key (ResultsInput.record_keys)")
        self.index = pd.Index(record_keys.index)
        self.keys = record_keys.to_numpy(dtype=np.int64)

    def __call__(self, frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty:
            return frame.assign(record_key=pd.Series(dtype="int64"))
        at = self.index.get_indexer(pd.Index(frame["response_id"], copy=False))
        if (at < 0).any():
            raise DisclosureError("an answer's response has no record key")
        return frame.assign(record_key=self.keys[at])


def _linked(hidden: pd.DataFrame, scale_indicators: Mapping[str, str]) -> pd.DataFrame:
    """The authority x indicator pairs on a 0-10 question whose distribution hides a cell."""
    pairs = hidden.assign(indicator=hidden["item_id"].map(scale_indicators))
    return pairs.dropna(subset=["indicator"])[["authority", "indicator"]].reset_index(drop=True)


def _or_empty(frame: pd.DataFrame | None) -> pd.DataFrame:
    return (
        frame
        if frame is not None
        else pd.DataFrame(columns=["response_id", "authority", "item_id", "row", "value"])
    )


def _responses(responses: pd.DataFrame, control: DisclosureControl) -> ReleasedTable:
    """Responses per authority: only counted ones, but every authority that had any is listed."""
    known = responses.dropna(subset=["authority"])
    listed = known.groupby("authority")["response_id"].nunique()
    if "counted" in known:
        known = known[known["counted"].astype(bool)]
    counts = known.groupby("authority")["response_id"].nunique().reindex(listed.index, fill_value=0)
    frame = counts.rename("responses").reset_index()
    shown = control.big_enough(frame["responses"])
    if "mode" in known:
        # Of them, paper copies typed in: rounded like the total where K or more (or none), else missing
        # (shown as "fewer than K"), and nothing at all about an authority whose total is too few.
        paper = known[known["mode"] == "paper"].groupby("authority")["response_id"].nunique()
        paper = paper.reindex(listed.index, fill_value=0).reset_index(drop=True)
        frame["paper"] = control.rounded(paper, shown & (control.big_enough(paper) | (paper == 0)))
    frame["responses"] = control.rounded(frame["responses"], shown)
    frame["status"] = np.where(shown, SHOWN, "too_few")
    return released("responses", frame)


def _with_too_few(current: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """Counts with an empty row (base 0) for each indicator of each authority none of whose responses
    counted, so that it is listed as too few, beside the other councils, like any small group."""
    if "counted" not in responses or current.empty:
        return current
    known = responses.dropna(subset=["authority"])
    counted = known["counted"].astype(bool)
    missing = set(known["authority"]) - set(known.loc[counted, "authority"]) - set(current["authority"])
    if not missing:
        return current
    empty = pd.MultiIndex.from_product(
        [sorted(missing), current["indicator"].drop_duplicates()], names=["authority", "indicator"]
    ).to_frame(index=False)
    empty = empty.assign(base=0, positive=0, base_key=0, positive_key=0).astype(current.dtypes.to_dict())
    joined = pd.concat([current, empty], ignore_index=True)
    return joined.sort_values(["authority", "indicator"], ignore_index=True)


def _indicators(
    table: pd.DataFrame, comparators: Mapping[str, float], control: DisclosureControl
) -> ReleasedTable:
    safe = control.shares(table)
    safe = control.shares(safe, prefix="benchmark_")
    safe = control.shares(safe, prefix="previous_")  # last year's own figures, as released then
    compared = (safe["status"] == SHOWN) & (safe["benchmark_status"] == SHOWN)
    # Missing where either figure is hidden (such rows are not compared): np.select needs plain booleans.
    better = (safe["percent"].astype("Float64") > safe["benchmark_percent"].astype("Float64")).fillna(False)
    significant = (safe["p_benchmark"] < SIGNIFICANCE).fillna(False)
    safe["verdict"] = np.select(
        [~compared, significant & better, significant], ["", BRIGHT_SPOT, TO_IMPROVE], SIMILAR
    )
    followed = (safe["status"] == SHOWN) & (safe["previous_status"] == SHOWN)
    safe["change"] = (safe["percent"] - safe["previous_percent"]).where(followed, pd.NA)
    moved = (safe["p_previous"] < SIGNIFICANCE).fillna(False)
    went_up = safe["change"].astype("Float64").fillna(0) > 0
    safe["change_verdict"] = np.select([~followed, moved & went_up, moved], ["", UP, DOWN], NO_CLEAR_CHANGE)
    safe["comparator_percent"] = safe["indicator"].map(comparators).astype("Float64").round(0).astype("Int64")
    # p-values would let a reader work back towards exact counts: only the verdicts leave.
    return released("indicators", safe.drop(columns=["p_benchmark", "p_previous"]))


def _wales(current: pd.DataFrame, linked: pd.DataFrame, control: DisclosureControl) -> ReleasedTable:
    """Each indicator over every authority whose own figure is shown in full (at least three of them)."""
    in_full = control.share_shown(current["base"], current["positive"]) & ~linked_mask(current, linked)
    pool = current[in_full]
    pooled = pool.groupby("indicator", sort=True).agg(
        base=("base", "sum"),
        positive=("positive", "sum"),
        base_key=("base_key", "sum"),
        positive_key=("positive_key", "sum"),
        authorities=("authority", "size"),
    )
    pooled = pooled[pooled["authorities"] >= MIN_POOLED_AUTHORITIES].reset_index()
    return released("wales", control.shares(control.protect_shares(pooled)))


def _means(means: pd.DataFrame, hidden: pd.DataFrame, control: DisclosureControl) -> ReleasedTable:
    if means.empty:
        return released("means", pd.DataFrame(columns=["authority", "item_id", "mean", "base", "status"]))
    means = means.assign(mean=means["total"] / means["base"], benchmark_mean=benchmark_mean(means))
    linked = (
        pd.MultiIndex.from_frame(means[["authority", "item_id"]]).isin(
            pd.MultiIndex.from_frame(hidden[["authority", "item_id"]])
        )
        if not hidden.empty
        else np.zeros(len(means), dtype=bool)
    )
    safe = control.means(means, hidden=pd.Series(linked, index=means.index))
    safe = control.means(safe, prefix="benchmark_")
    return released("means", safe.drop(columns=["total", "benchmark_total"]))


def _distribution(
    kind: str, counts: pd.DataFrame, group: list[str], cell: str, control: DisclosureControl
) -> ReleasedTable:
    if counts.empty:
        return released(kind, pd.DataFrame(columns=[*group, cell, "percent", "total", "status"]))
    own = control.distribution(counts[[*group, cell, "count", "key"]], group, cell)
    others = counts.dropna(subset=["benchmark_count"])[[*group, cell, "benchmark_count", "benchmark_key"]]
    bench = control.distribution(
        others.rename(columns={"benchmark_count": "count", "benchmark_key": "key"}), group, cell
    )
    bench = bench.rename(
        columns={name: f"benchmark_{name}" for name in ("count", "percent", "total", "status")}
    )
    return released(kind, own.merge(bench, on=[*group, cell], how="left"))

"""0-10 questions (means and banded distributions) and grid questions (a distribution per row).

Exact counts per authority and the same pooled over other authorities; `analysis.results` passes
them through disclosure control before anything leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .benchmark import pooled_others
from .disclosure import SMALL_CELL, DisclosureControl, DisclosureError

# The Office for National Statistics reports its well-being questions in these bands; other 0-10
# questions use the same bands. Where a low score is good (anxiety), the bands differ.
RATING_BANDS = ((0, 4, "low"), (5, 6, "medium"), (7, 8, "high"), (9, 10, "very_high"))
ANXIETY_BANDS = ((0, 1, "very_low"), (2, 3, "low"), (4, 5, "medium"), (6, 10, "high"))
LOW_IS_GOOD = "low_is_good"


def band_names(kind: str) -> list[str]:
    return [name for _, _, name in (ANXIETY_BANDS if kind == LOW_IS_GOOD else RATING_BANDS)]


def _band_of(scores: pd.Series, kinds: pd.Series) -> pd.Series:
    rating = pd.cut(scores, [-1, 4, 6, 8, 10], labels=band_names("rating")).astype(str)
    anxiety = pd.cut(scores, [-1, 1, 3, 5, 10], labels=band_names(LOW_IS_GOOD)).astype(str)
    return rating.where(kinds != LOW_IS_GOOD, anxiety)


def scale_tables(
    answers: pd.DataFrame, kinds: Mapping[str, str], control: DisclosureControl
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Means and banded counts per authority and 0-10 question, each beside the other authorities'.

    `answers` has columns authority, item_id, value ("0" to "10"; anything else is left out) and
    record_key. Returns (means: authority, item_id, base, total, base_key, benchmark_base, ...;
    bands: authority, item_id, band, count, key, base, benchmark_count, benchmark_key; hidden: the
    authority x item_id groups whose distribution hides a cell, whose mean and linked indicator are
    hidden with it). Only groups shown in full enter the other authorities' pools.
    """
    frame = _scores(answers, kinds)
    if frame.empty:
        return pd.DataFrame(), pd.DataFrame(), pd.DataFrame(columns=["authority", "item_id"])
    group = ["authority", "item_id"]
    sums = frame.groupby(group, sort=True).agg(
        base=("score", "size"), total=("score", "sum"), base_key=("record_key", "sum")
    )
    bands = _bands(frame, kinds)
    in_full = control.shown_in_full(bands, group, "band")
    whole = bands[group].assign(in_full=in_full.to_numpy()).drop_duplicates(group)
    sums = sums.reset_index().merge(whole, on=group, how="left")
    means = pooled_others(
        sums.drop(columns="in_full"),
        sums["in_full"].fillna(False),
        ["item_id"],
        ["base", "total", "base_key"],
    )
    hidden = sums.loc[~sums["in_full"].fillna(False).astype(bool) & control.big_enough(sums["base"]), group]
    bands = pooled_others(bands, in_full, ["item_id", "band"], ["count", "key"])
    return means, bands, hidden.reset_index(drop=True)


def hidden_scale_groups(
    answers: pd.DataFrame, kinds: Mapping[str, str], control: DisclosureControl
) -> pd.DataFrame:
    """The authority x item_id groups (of K or more) whose 0-10 distribution hides a cell."""
    frame = _scores(answers, kinds)
    if frame.empty:
        return pd.DataFrame(columns=["authority", "item_id"])
    bands = _bands(frame, kinds)
    group = ["authority", "item_id"]
    status = control.distribution_status(bands, group, "band")
    hidden = status[status["status"] == SMALL_CELL][group].drop_duplicates()
    return hidden.reset_index(drop=True)


def _scores(answers: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    known = answers.dropna(subset=["authority"])
    known = known[known["item_id"].isin(list(kinds)) & known["value"].isin([str(n) for n in range(11)])]
    if known.empty:
        return pd.DataFrame()
    if "record_key" not in known:
        raise DisclosureError("0-10 answers need each response's record key")
    return pd.DataFrame(
        {
            "authority": known["authority"],
            "item_id": known["item_id"],
            "score": known["value"].astype(int),
            "record_key": known["record_key"].astype("int64"),
        }
    )


def _bands(frame: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    frame = frame.assign(band=_band_of(frame["score"], frame["item_id"].map(kinds)))
    bands = (
        frame.groupby(["authority", "item_id", "band"], sort=True)
        .agg(count=("score", "size"), key=("record_key", "sum"))
        .reset_index()
    )
    every_band = pd.DataFrame(
        [(item_id, band) for item_id, kind in kinds.items() for band in band_names(kind)],
        columns=["item_id", "band"],
    )
    return _with_group_base(bands, ["authority", "item_id"], every_band)


def grid_tables(
    answers: pd.DataFrame, options: Mapping[str, Sequence[str]], control: DisclosureControl
) -> pd.DataFrame:
    """Counts per authority, grid question, row and answer, beside the other authorities' counts.

    `answers` has columns authority, item_id, row, value ("I'd rather not say" already left out) and
    record_key; `options` gives each grid question's answers in order (answers not among them are
    left out). Only rows shown in full enter the other authorities' pools.
    """
    every_answer = pd.DataFrame(
        [(item_id, value) for item_id, values in options.items() for value in values],
        columns=["item_id", "value"],
    )
    known = answers.dropna(subset=["authority"]).merge(every_answer, on=["item_id", "value"])
    if known.empty:
        return pd.DataFrame()
    if "record_key" not in known:
        raise DisclosureError("grid answers need each response's record key")
    counts = (
        known.groupby(["authority", "item_id", "row", "value"], sort=True)
        .agg(count=("value", "size"), key=("record_key", "sum"))
        .reset_index()
    )
    group = ["authority", "item_id", "row"]
    counts = _with_group_base(counts, group, every_answer)
    in_full = control.shown_in_full(counts, group, "value")
    return pooled_others(counts, in_full, ["item_id", "row", "value"], ["count", "key"])


def _with_group_base(counts: pd.DataFrame, group: list[str], cells: pd.DataFrame) -> pd.DataFrame:
    """Every cell of every group (0 where nobody chose it), with `base`: the size of its group.

    The cells of a question are fixed (its answers, or its bands), never the answers someone happened
    to give: otherwise whether a cell appears at all would tell something about a hidden group. A
    group's base decides whether it is shown, and whether it enters the other authorities' pool.
    """
    cell = [column for column in cells.columns if column != "item_id"]
    every = counts[group].drop_duplicates().merge(cells, on="item_id")
    counts = every.merge(counts, on=[*group, *cell], how="left").fillna({"count": 0, "key": 0})
    counts["count"] = counts["count"].astype("int64")
    counts["key"] = counts["key"].astype("int64")
    counts["base"] = counts.groupby(group, sort=False)["count"].transform("sum").astype("int64")
    return counts


def benchmark_mean(means: pd.DataFrame) -> pd.Series:
    with np.errstate(invalid="ignore", divide="ignore"):
        return means["benchmark_total"] / means["benchmark_base"]

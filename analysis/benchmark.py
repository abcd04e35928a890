"""Exact figures per authority, and the same figures pooled over every other authority.

Nothing here leaves the system as it is: `analysis.results` passes it through disclosure control.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .disclosure import MIN_POOLED_AUTHORITIES, DisclosureControl, DisclosureError
from .stats import two_proportion_p

COUNT_COLUMNS = ["authority", "indicator", "base", "positive", "base_key", "positive_key"]
INTEGERS = {column: "int64" for column in COUNT_COLUMNS[2:]}


def indicator_counts(scored: pd.DataFrame) -> pd.DataFrame:
    """Per authority and indicator: how many answered (base) and how many positively, with the sums of
    their record keys (`base_key`, `positive_key`) that the perturbation of each count is chosen by.

    `scored` carries each row's `record_key`. Respondents with no known authority (they were not sure
    of their council) are left out: they belong to no authority's figure, and so to no benchmark.
    """
    if "record_key" not in scored:
        raise DisclosureError("scored answers need each response's record key")
    if _plain(scored):
        return _counted(scored)
    known = scored.dropna(subset=["authority"])
    if known.empty:
        return _no_counts()
    known = known.assign(positive_key=known["record_key"].where(known["positive"].astype(bool), 0))
    counted = known.groupby(["authority", "indicator"], sort=True, observed=True).agg(
        base=("positive", "size"),
        positive=("positive", "sum"),
        base_key=("record_key", "sum"),
        positive_key=("positive_key", "sum"),
    )
    return counted.reset_index().astype(INTEGERS)


def _plain(scored: pd.DataFrame) -> bool:
    """Text keys and a plain boolean `positive`: what analysis.tidy.score gives."""
    return scored["positive"].dtype == bool and all(
        isinstance(scored[key].dtype, pd.StringDtype) for key in ("authority", "indicator")
    )


def _no_counts() -> pd.DataFrame:
    return pd.DataFrame(columns=COUNT_COLUMNS).astype(INTEGERS)


def _counted(scored: pd.DataFrame) -> pd.DataFrame:
    """The same table as the group-by in indicator_counts, from one hash of each key and two bincounts
    (about twice as fast over millions of rows: see bench/results_speed.py)."""
    keys = {}
    for key in ("authority", "indicator"):  # codes -1: missing, left out as dropna and groupby do
        codes, uniques = pd.factorize(scored[key].to_numpy(), sort=True)
        keys[key] = codes, pd.Index(uniques, dtype=scored[key].dtype)
    (authority, authorities), (indicator, indicators) = keys["authority"], keys["indicator"]
    if not (authority >= 0).any():
        return _no_counts()
    named = (authority >= 0) & (indicator >= 0)
    cell = authority[named].astype(np.int64) * len(indicators) + indicator[named]
    cells = len(authorities) * len(indicators)
    base = np.bincount(cell, minlength=cells)
    is_positive = scored["positive"].to_numpy()[named]
    positive = np.bincount(cell, weights=is_positive, minlength=cells)
    record_key = scored["record_key"].to_numpy(dtype=np.int64)[named]
    base_key = np.bincount(cell, weights=record_key, minlength=cells)
    positive_key = np.bincount(cell, weights=record_key * is_positive, minlength=cells)
    seen = np.flatnonzero(base)
    return pd.DataFrame(
        {
            "authority": authorities.take(seen // max(len(indicators), 1)),
            "indicator": indicators.take(seen % max(len(indicators), 1)),
            "base": base[seen].astype("int64"),
            "positive": positive[seen].astype("int64"),
            "base_key": base_key[seen].astype("int64"),
            "positive_key": positive_key[seen].astype("int64"),
        }
    )


def pooled_others(table: pd.DataFrame, poolable: pd.Series, keys: list[str], sums: list[str]) -> pd.DataFrame:
    """For each row (an authority's group), the `sums` columns added up over every *other* authority.

    Only rows marked `poolable` enter the pool (groups shown in full: see `analysis.disclosure`), and
    a pool of fewer than MIN_POOLED_AUTHORITIES authorities is left empty (NaN). Adds
    `benchmark_<column>` for each of `sums` and `benchmark_authorities`. Key sums add up like counts,
    so a pool's counts get perturbations of their own.
    """
    poolable = poolable.astype(bool)
    pool = table[poolable].groupby(keys, sort=False)[sums].sum()
    pool["authorities"] = table[poolable].groupby(keys, sort=False).size()
    joined = table.join(pool.add_prefix("all_"), on=keys)
    result = table.copy()
    own = poolable.astype(int)
    authorities = joined["all_authorities"].fillna(0) - own
    enough = authorities >= MIN_POOLED_AUTHORITIES
    for column in sums:
        others = joined[f"all_{column}"].fillna(0) - table[column].where(poolable, 0)
        result[f"benchmark_{column}"] = others.where(enough, np.nan)
    result["benchmark_authorities"] = authorities.astype("int64")
    return result


def linked_mask(table: pd.DataFrame, linked_hidden: pd.DataFrame | None) -> pd.Series:
    """Which (authority, indicator) rows of `table` are on a question whose distribution hides a cell."""
    if linked_hidden is None or linked_hidden.empty or table.empty:
        return pd.Series(False, index=table.index)
    pairs = pd.MultiIndex.from_frame(linked_hidden[["authority", "indicator"]].astype(str))
    rows = pd.MultiIndex.from_frame(table[["authority", "indicator"]].astype(str))
    return pd.Series(rows.isin(pairs), index=table.index)


SHARE_SUMS = ["base", "positive", "base_key", "positive_key"]


def compare_indicators(
    current: pd.DataFrame,
    previous: pd.DataFrame | None,
    control: DisclosureControl,
    linked_hidden: pd.DataFrame | None = None,
    previous_linked_hidden: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every authority's indicator shares beside the benchmark and its own previous figures, protected.

    Status is decided on the true counts (with `linked_hidden`: the authority x indicator pairs whose
    0-10 question hides a cell in its distribution, this period and last), then every count is
    perturbed (`DisclosureControl.protect_shares`). Adds `p_benchmark` (two-proportion test against
    the other authorities) and `p_previous` (against the same authority's previous period), both from
    the perturbed counts and NaN where there is nothing to compare.
    """
    hidden_now = linked_mask(current, linked_hidden)
    in_full = control.share_shown(current["base"], current["positive"]) & ~hidden_now
    table = pooled_others(current, in_full, ["indicator"], SHARE_SUMS)
    table = control.hide_linked(control.protect_shares(table), hidden_now)
    table = control.protect_shares(table, prefix="benchmark_")
    table["p_benchmark"] = two_proportion_p(
        table["positive"],
        table["base"],
        table["benchmark_positive"].fillna(0),
        table["benchmark_base"].fillna(0),
    )
    if previous is None or previous.empty:
        previous = _no_counts()
    hidden_before = linked_mask(previous, previous_linked_hidden)
    before = previous.rename(columns={name: f"previous_{name}" for name in SHARE_SUMS})
    table = table.merge(before, on=["authority", "indicator"], how="left")
    hidden_before = (
        table[["authority", "indicator"]]
        .merge(
            previous[["authority", "indicator"]].assign(hidden=hidden_before.to_numpy()),
            on=["authority", "indicator"],
            how="left",
        )["hidden"]
        .fillna(False)
        .astype(bool)
    )
    table = control.protect_shares(table, prefix="previous_")
    table = control.hide_linked(table, hidden_before.set_axis(table.index), prefix="previous_")
    table["p_previous"] = two_proportion_p(
        table["positive"],
        table["base"],
        table["previous_positive"].fillna(0),
        table["previous_base"].fillna(0),
    )
    return table

"""Exact figures per authority, and the same figures pooled over every other authority.

Nothing here leaves the system as it is: `analysis.results` passes it through disclosure control.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .disclosure import MIN_POOLED_AUTHORITIES, DisclosureControl
from .stats import two_proportion_p

COUNT_COLUMNS = ["authority", "indicator", "base", "positive"]


def indicator_counts(scored: pd.DataFrame) -> pd.DataFrame:
    """Per authority and indicator: how many answered (base) and how many positively.

    Respondents with no known authority (they were not sure of their council) are left out: they
    belong to no authority's figure, and so to no benchmark either.
    """
    if _plain(scored):
        return _counted(scored)
    known = scored.dropna(subset=["authority"])
    if known.empty:
        return _no_counts()
    counted = known.groupby(["authority", "indicator"], sort=True, observed=True)["positive"].agg(
        base="size", positive="sum"
    )
    return counted.reset_index().astype({"base": "int64", "positive": "int64"})


def _plain(scored: pd.DataFrame) -> bool:
    """Text keys and a plain boolean `positive`: what analysis.tidy.score gives."""
    return scored["positive"].dtype == bool and all(
        isinstance(scored[key].dtype, pd.StringDtype) for key in ("authority", "indicator")
    )


def _no_counts() -> pd.DataFrame:
    return pd.DataFrame(columns=COUNT_COLUMNS).astype({"base": "int64", "positive": "int64"})


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
    positive = np.bincount(cell, weights=scored["positive"].to_numpy()[named], minlength=cells)
    seen = np.flatnonzero(base)
    return pd.DataFrame(
        {
            "authority": authorities.take(seen // max(len(indicators), 1)),
            "indicator": indicators.take(seen % max(len(indicators), 1)),
            "base": base[seen].astype("int64"),
            "positive": positive[seen].astype("int64"),
        }
    )


def pooled_others(
    table: pd.DataFrame, control: DisclosureControl, keys: list[str], sums: list[str]
) -> pd.DataFrame:
    """For each row (an authority's group), the `sums` columns added up over every *other* authority.

    Only groups that are shown enter the pool (see `analysis.disclosure`), and a pool of fewer than
    MIN_POOLED_AUTHORITIES authorities is left empty (NaN). Adds `benchmark_<column>` for each of
    `sums` and `benchmark_authorities`.
    """
    poolable = control.poolable(table["base"])
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


def compare_indicators(
    current: pd.DataFrame, previous: pd.DataFrame | None, control: DisclosureControl
) -> pd.DataFrame:
    """Every authority's indicator counts beside the benchmark and its own previous figures (exact).

    Adds `p_benchmark` (two-proportion test against the other authorities) and `p_previous`
    (against the same authority's previous period), both NaN where there is nothing to compare.
    """
    table = pooled_others(current, control, ["indicator"], ["base", "positive"])
    table["p_benchmark"] = two_proportion_p(
        table["positive"],
        table["base"],
        table["benchmark_positive"].fillna(0),
        table["benchmark_base"].fillna(0),
    )
    if previous is None or previous.empty:
        table["previous_base"] = np.nan
        table["previous_positive"] = np.nan
    else:
        before = previous.rename(columns={"base": "previous_base", "positive": "previous_positive"})
        table = table.merge(before, on=["authority", "indicator"], how="left")
    table["p_previous"] = two_proportion_p(
        table["positive"],
        table["base"],
        table["previous_positive"].fillna(0),
        table["previous_base"].fillna(0),
    )
    return table

"""Indicator shares: the percentage of respondents answering positively, per authority."""

from __future__ import annotations

import pandas as pd

from .disclosure import DisclosureControl
from .tidy import Scoring, scored_answers

SHARE_COLUMNS = ["authority", "indicator", "respondents", "positive", "percent"]


def indicator_shares(scored: pd.DataFrame) -> pd.DataFrame:
    """Per authority and indicator: how many answered (the base), how many positively, the percentage.

    Answers from respondents with no known authority are left out. If one indicator is asked by
    several items, a respondent counts once, as positive if any of their answers is.
    """
    known = scored.dropna(subset=["authority"])
    if known.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    per_respondent = known.groupby(["authority", "indicator", "response_id"])["positive"].any().reset_index()
    grouped = per_respondent.groupby(["authority", "indicator"], as_index=False).agg(
        respondents=("response_id", "size"), positive=("positive", "sum")
    )
    # Whole percentages: a decimal place would let a reader work back to exact counts.
    grouped["percent"] = (100 * grouped["positive"] / grouped["respondents"]).round(0)
    return grouped.loc[:, SHARE_COLUMNS]


def authority_indicator_table(
    responses: pd.DataFrame, scoring: Scoring, control: DisclosureControl
) -> pd.DataFrame:
    """Shares for every authority that has responses, with disclosure control applied.

    An authority with fewer than K complete responses shows nothing at all, whatever its bases.
    """
    shares = indicator_shares(scored_answers(responses, scoring))
    totals = responses.dropna(subset=["authority"]).groupby("authority")["response_id"].nunique()
    small = totals[totals < control.min_group].index
    safe = control.shares(shares)
    safe = control.withhold(safe, safe["authority"].isin(small))
    return safe.sort_values(["authority", "indicator"], ignore_index=True)

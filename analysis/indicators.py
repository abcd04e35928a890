"""Indicator shares: the percentage of respondents answering positively, per authority."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .disclosure import DisclosureControl
from .tidy import Scoring, scored_answers

SHARE_COLUMNS = ["authority", "indicator", "respondents", "positive", "percent"]


def indicator_shares(scored: pd.DataFrame, by: str = "authority") -> pd.DataFrame:
    """Per group (authority by default) and indicator: the base, how many answered positively, the percentage.

    Answers with no known group are left out. If one indicator is asked by several items, a
    respondent counts once, as positive if any of their answers is.
    """
    columns = [by, *SHARE_COLUMNS[1:]]
    known = scored.dropna(subset=[by])
    if known.empty:
        return pd.DataFrame(columns=columns)
    per_respondent = known.groupby([by, "indicator", "response_id"])["positive"].any().reset_index()
    grouped = per_respondent.groupby([by, "indicator"], as_index=False).agg(
        respondents=("response_id", "size"), positive=("positive", "sum")
    )
    # Whole percentages: a decimal place would let a reader work back to exact counts.
    grouped["percent"] = (100 * grouped["positive"] / grouped["respondents"]).round(0)
    return grouped.loc[:, columns]


def band_indicator_table(
    by_band: Mapping[str, tuple[pd.DataFrame, Scoring]], control: DisclosureControl
) -> pd.DataFrame:
    """One row per age band and indicator, with disclosure control applied.

    Each band answers its own questionnaire, in words right for its age; items that name the same
    catalogue indicator roll up into one comparable figure per band. `by_band` maps a band to its
    responses (columns response_id, authority, answers) and its questionnaire's scoring.
    """
    scored = []
    for band, (responses, scoring) in by_band.items():
        answers = scored_answers(responses, scoring)
        scored.append(answers.assign(band=band))
    shares = indicator_shares(pd.concat(scored, ignore_index=True), by="band")
    return control.shares(shares).sort_values(["indicator", "band"], ignore_index=True)


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

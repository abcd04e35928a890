"""From one row per response to one row per scored answer."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# item id -> (indicator id, answer values that count as positive)
Scoring = Mapping[str, tuple[str, frozenset[str]]]

TIDY_COLUMNS = ["response_id", "authority", "item_id", "indicator", "positive"]

# The answer every question offers; it counts as not answering, so it is left out of every base.
RATHER_NOT_SAY = "rather_not_say"


def _is_positive(answer: object, positive: frozenset[str]) -> bool | None:
    """Whether an answer counts as positive; None when the question was not answered."""
    chosen = answer if isinstance(answer, list) else [answer]
    given = [str(value) for value in chosen if value not in (None, "", RATHER_NOT_SAY)]
    if not given:
        return None
    return any(value in positive for value in given)


def scored_answers(responses: pd.DataFrame, scoring: Scoring) -> pd.DataFrame:
    """One row per response and scored item that was answered.

    `responses` has columns response_id, authority and answers (a dict of item id to answer).
    """
    rows = []
    for response_id, authority, answers in responses[["response_id", "authority", "answers"]].itertuples(
        index=False
    ):
        for item_id, (indicator, positive) in scoring.items():
            verdict = _is_positive((answers or {}).get(item_id), positive)
            if verdict is not None:
                rows.append((response_id, authority, item_id, indicator, verdict))
    return pd.DataFrame(rows, columns=TIDY_COLUMNS).astype({"positive": "bool"})

"""From one row per response to one row per answer, and from answers to scored indicators.

Responses arrive with their answers as a dict per row (item id -> answer). `long_answers` flattens
them once into a long frame; everything after that is vectorised pandas, so a full set of reports
over a million responses stays a matter of seconds.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

# item id -> (indicator id, answer values that count as positive)
Scoring = Mapping[str, tuple[str, frozenset[str]]]

LONG_COLUMNS = ["response_id", "authority", "item_id", "row", "value"]
SCORED_COLUMNS = ["response_id", "authority", "indicator", "positive"]
NO_ROW = ""  # the `row` of an answer that is not part of a grid

# The answer every question offers; it counts as not answering, so it is left out of every base.
RATHER_NOT_SAY = "rather_not_say"


def long_answers(responses: pd.DataFrame, keep: Collection[str] | None = None) -> pd.DataFrame:
    """One row per value given: a multiple choice gives a row per chosen value, a grid a row per row.

    `responses` has columns response_id, authority and answers. Only items in `keep` are kept (free
    text never needs to enter the analysis of shares). Skipped questions give no row; "I'd rather
    not say" does, so that callers decide where it belongs.
    """
    wanted = set(keep) if keep is not None else None
    rows: list[tuple[object, object, str, str, str]] = []
    add = rows.append
    for response_id, authority, answers in responses[["response_id", "authority", "answers"]].itertuples(
        index=False
    ):
        for item_id, answer in (answers or {}).items():
            if wanted is not None and item_id not in wanted:
                continue
            if isinstance(answer, dict):
                for row, value in answer.items():
                    if value not in (None, ""):
                        add((response_id, authority, item_id, str(row), str(value)))
            elif isinstance(answer, list):
                for value in answer:
                    if value not in (None, ""):
                        add((response_id, authority, item_id, NO_ROW, str(value)))
            elif answer not in (None, ""):
                add((response_id, authority, item_id, NO_ROW, str(answer)))
    return pd.DataFrame(rows, columns=LONG_COLUMNS)


def score(long: pd.DataFrame, scoring: Scoring) -> pd.DataFrame:
    """One row per respondent and indicator answered: whether they answered positively.

    "I'd rather not say" leaves the respondent out of that indicator's base. If several items (or
    several chosen values) carry one indicator, the respondent counts once, as positive if any is.
    """
    if long.empty or not scoring:
        return pd.DataFrame(columns=SCORED_COLUMNS).astype({"positive": "bool"})
    answered = long[long["item_id"].isin(list(scoring)) & (long["value"] != RATHER_NOT_SAY)]
    answered = answered[answered["row"] == NO_ROW]
    pairs = pd.MultiIndex.from_tuples(
        [(item, value) for item, (_, positives) in scoring.items() for value in positives]
    )
    keys = pd.MultiIndex.from_arrays([answered["item_id"], answered["value"]])
    frame = pd.DataFrame(
        {
            "response_id": answered["response_id"].to_numpy(),
            "authority": answered["authority"].to_numpy(),
            "indicator": answered["item_id"]
            .map({item: rule[0] for item, rule in scoring.items()})
            .to_numpy(),
            "positive": keys.isin(pairs),
        }
    )
    per_respondent = frame.groupby(["response_id", "indicator"], sort=False, dropna=False).agg(
        authority=("authority", "first"), positive=("positive", "max")
    )
    return per_respondent.reset_index()[SCORED_COLUMNS].astype({"positive": "bool"})


def scored_answers(responses: pd.DataFrame, scoring: Scoring) -> pd.DataFrame:
    """Responses (with an answers dict per row) straight to one row per respondent and indicator."""
    return score(long_answers(responses, keep=scoring), scoring).sort_values(
        ["response_id", "indicator"], ignore_index=True
    )

"""From one row per response to one row per answer, and from answers to scored indicators.

Responses arrive with their answers as a dict per row (item id -> answer). `long_answers` flattens
them once into a long frame; everything after that is vectorised pandas, so a full set of reports
over a million responses stays a matter of seconds.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

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
    Rows come in the order each (respondent, indicator) first appears in `long`.
    """
    if long.empty or not scoring:
        return pd.DataFrame(columns=SCORED_COLUMNS).astype({"positive": "bool"})
    # Each text column is hashed once, against the few ids and answers that matter; the rest is
    # integer arithmetic (this runs over tens of millions of rows: see bench/results_speed.py).
    items = list(scoring)
    item = pd.Index(items).get_indexer(pd.Index(long["item_id"], copy=False))  # -1: not scored
    kept = np.flatnonzero((item >= 0) & (long["row"].to_numpy() == NO_ROW))
    vocabulary = [
        RATHER_NOT_SAY,
        *sorted({value for _, positives in scoring.values() for value in positives}),
    ]
    answers = pd.Index(long["value"].take(kept), copy=False)
    value = pd.Index(vocabulary).get_indexer(answers)  # -1: any other answer
    given = value != 0  # vocabulary[0]: "I'd rather not say", left out of every base
    kept, item, value = kept[given], item[kept][given], value[given]
    is_positive = np.zeros((len(items), len(vocabulary) + 1), dtype=bool)  # last column: value -1
    for number, (_, positives) in enumerate(scoring.values()):
        is_positive[number, [vocabulary.index(answer) for answer in positives]] = True
    indicators = list(dict.fromkeys(indicator for indicator, _ in scoring.values()))
    indicator = np.array([indicators.index(scoring[name][0]) for name in items], dtype=np.int64)[item]
    respondent, respondents = pd.factorize(long["response_id"].to_numpy()[kept], use_na_sentinel=False)
    starts, group = _first_appearance(respondent.astype(np.int64) * len(indicators) + indicator)
    positive = np.zeros(len(starts), dtype=bool)
    positive[group[is_positive[item, value]]] = True
    names = np.array(indicators, dtype=object)
    return pd.DataFrame(
        {
            "response_id": pd.Index(respondents).infer_objects().take(respondent[starts]),  # as groupby
            "authority": _first_authority(long["authority"], kept, starts, group),
            "indicator": pd.Series(names).array.take(indicator[starts]) if len(starts) else names[:0],
            "positive": positive,
        }
    )


def _first_appearance(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Groups of equal keys numbered in order of first appearance: (each group's first row, each
    row's group), as groupby(sort=False) numbers them, without hashing (keys are small integers)."""
    row = np.arange(len(key))
    first = np.full(int(key.max(initial=-1)) + 1, len(key), dtype=np.int64)
    np.minimum.at(first, key, row)
    starts = np.flatnonzero(first[key] == row)
    number = np.empty_like(first)
    number[key[starts]] = np.arange(len(starts))
    return starts, number[key]


def _first_authority(
    column: pd.Series, kept: np.ndarray, starts: np.ndarray, group: np.ndarray
) -> np.ndarray | ExtensionArray:
    """Each group's first known authority, as groupby's "first" gives it (skipping missing ones)."""
    authority = column.to_numpy()[kept]
    rows = starts
    missing = pd.isna(authority[starts])
    if missing.any():
        known = np.flatnonzero(~pd.isna(authority))
        first_known = np.full(len(starts), len(kept), dtype=np.int64)
        np.minimum.at(first_known, group[known], known)
        rows = np.where(first_known < len(kept), first_known, starts)
    text = pd.Series(np.array([""], dtype=object)).dtype  # what a column of text becomes
    if column.dtype == text and not missing.all():  # already text, and some known: no conversion
        return column.array.take(kept[rows])
    return authority[rows]


def scored_answers(responses: pd.DataFrame, scoring: Scoring) -> pd.DataFrame:
    """Responses (with an answers dict per row) straight to one row per respondent and indicator."""
    return score(long_answers(responses, keep=scoring), scoring).sort_values(
        ["response_id", "indicator"], ignore_index=True
    )

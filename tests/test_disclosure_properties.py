"""Property-based tests: no combination of what leaves the system reveals a group smaller than K.

The strongest form we can test: take any data, change everything about the groups that are under K
(their answers, and for a council under K how many responded) and every released table must stay
exactly the same. If no released figure can tell the two data sets apart, no combination of figures
(page, CSV, XLSX, PDF, benchmarks, the all-Wales view, last year's comparison) can reveal them.
"""

from __future__ import annotations

import random
import zlib

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure import SMALL_CELL, SMALLEST_SHOWN_COUNT, TOO_FEW, DisclosureControl
from analysis.results import Results, ResultsInput, build_results
from analysis.tidy import long_answers, score

K = 10
CONTROL = DisclosureControl(K)
SCORING = {"q1": ("i1", frozenset({"yes"})), "q2": ("i2", frozenset({"often", "always"}))}
ANSWERS = {"q1": ["yes", "no", "rather_not_say"], "q2": ["never", "sometimes", "often", "always"]}
GRID_OPTIONS = ["national", "regional", "local"]
SIZES = st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=8)


def make_answers(rng: random.Random, skip: float) -> dict:
    answers: dict = {}
    for item, values in ANSWERS.items():
        if rng.random() > skip:
            answers[item] = rng.choice(values)
    if rng.random() > skip:
        answers["life"] = str(rng.randint(0, 10))
    grid = {row: rng.choice(GRID_OPTIONS) for row in ("r1", "r2") if rng.random() > skip}
    if grid:
        answers["grid"] = grid
    return answers


def make_responses(sizes: list[int], seed: int, prefix: str) -> pd.DataFrame:
    rng = random.Random(seed)
    skip = rng.choice([0.0, 0.2, 0.5])
    rows = [
        (f"{prefix}{code}-{n}", f"A{code}", make_answers(rng, skip))
        for code, size in enumerate(sizes)
        for n in range(size)
    ]
    return pd.DataFrame(rows, columns=["response_id", "authority", "answers"])


def record_keys(*frames: pd.DataFrame) -> pd.Series:
    """A fixed random record key per response id (the same id keeps its key in both data sets)."""
    ids = pd.concat([frame["response_id"] for frame in frames], ignore_index=True).drop_duplicates()
    return pd.Series([zlib.crc32(each.encode()) % 256 for each in ids], index=ids)


def release(current: pd.DataFrame, previous: pd.DataFrame) -> Results:
    long = long_answers(current)
    given = long[long["value"] != "rather_not_say"]
    return build_results(
        ResultsInput(
            scored=score(long, SCORING),
            responses=current,
            previous_scored=score(long_answers(previous), SCORING),
            scale_answers=given[given["item_id"] == "life"],
            scale_kinds={"life": "rating"},
            grid_answers=given[given["item_id"] == "grid"],
            grid_options={"grid": GRID_OPTIONS},
            record_keys=record_keys(current, previous),
        ),
        CONTROL,
    )


def hidden_groups(responses: pd.DataFrame) -> set[tuple[str, str, str]]:
    """(authority, item, grid row) of every group with 1 to K-1 respondents."""
    counts: dict[tuple[str, str, str], int] = {}
    for authority, answers in zip(responses["authority"], responses["answers"], strict=True):
        for item, answer in answers.items():
            keys = [(item, row) for row in answer] if isinstance(answer, dict) else [(item, "")]
            if item in SCORING and answer == "rather_not_say":
                continue
            for key in keys:
                counts[(authority, *key)] = counts.get((authority, *key), 0) + 1
    return {key for key, count in counts.items() if count < K}


def disturb(responses: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Change everything about the hidden groups that a released table is not allowed to show.

    A hidden group keeps at least one answer (whether a council answered a question at all is shown);
    a council under K may lose respondents, down to one.
    """
    rng = random.Random(seed)
    hidden = hidden_groups(responses)
    totals = responses.groupby("authority")["response_id"].nunique()
    small = set(totals[totals < K].index)
    kept_rows = []
    for authority in responses["authority"].unique():
        rows = responses[responses["authority"] == authority]
        if authority in small:
            rows = _drop_some(rows, rng)
        kept_rows.append(rows)
    if not kept_rows:
        return responses
    kept = pd.concat(kept_rows, ignore_index=True)
    seen: dict[tuple[str, str, str], int] = {}
    changed = []
    for response_id, authority, answers in kept.itertuples(index=False):
        new = dict(answers)
        for item, answer in answers.items():
            if isinstance(answer, dict):
                new[item] = {
                    row: (rng.choice(GRID_OPTIONS) if (authority, item, row) in hidden else value)
                    for row, value in answer.items()
                }
            elif (authority, item, "") in hidden and answer != "rather_not_say":
                seen[(authority, item, "")] = seen.get((authority, item, ""), 0) + 1
                if item == "life":
                    new[item] = str(rng.randint(0, 10))
                elif item in SCORING:
                    new[item] = rng.choice([value for value in ANSWERS[item] if value != "rather_not_say"])
        changed.append((response_id, authority, new))
    return pd.DataFrame(changed, columns=["response_id", "authority", "answers"])


def _groups_of(answers: dict) -> list[tuple[str, str]]:
    found = []
    for item, answer in answers.items():
        if isinstance(answer, dict):
            found += [(item, row) for row in answer]
        elif not (item in SCORING and answer == "rather_not_say"):
            found.append((item, ""))
    return found


def _drop_some(rows: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    """Drop respondents of a council under K, keeping one at least and one answer in every group."""
    left = {group: 0 for answers in rows["answers"] for group in _groups_of(answers)}
    for answers in rows["answers"]:
        for group in _groups_of(answers):
            left[group] += 1
    keep = []
    for position, answers in enumerate(rows["answers"]):
        groups = _groups_of(answers)
        if rng.random() < 0.5 and len(rows) - position + len(keep) > 1 and all(left[g] > 1 for g in groups):
            for group in groups:
                left[group] -= 1
        else:
            keep.append(position)
    return rows.iloc[keep]


def frames(results: Results) -> dict[str, pd.DataFrame]:
    return {name: getattr(results, name).frame for name in results.__dataclass_fields__}


def assert_same(first: Results, second: Results) -> None:
    for name, frame in frames(first).items():
        other = frames(second)[name]
        keys = [
            column
            for column in ("authority", "indicator", "item_id", "row", "band", "value")
            if column in frame
        ]
        pd.testing.assert_frame_equal(
            frame.sort_values(keys, ignore_index=True) if keys else frame,
            other.sort_values(keys, ignore_index=True) if keys else other,
            obj=name,
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sizes=SIZES, previous_sizes=SIZES, seed=st.integers(0, 10_000), disturbance=st.integers(0, 10_000))
def test_changing_any_group_under_k_changes_nothing_that_leaves(sizes, previous_sizes, seed, disturbance):
    current = make_responses(sizes, seed, "c")
    previous = make_responses(previous_sizes, seed + 1, "p")
    before = release(current, previous)
    after = release(disturb(current, disturbance), disturb(previous, disturbance + 1))
    assert_same(before, after)


@settings(max_examples=60, deadline=None)
@given(sizes=SIZES, seed=st.integers(0, 10_000))
def test_no_count_leaves_no_small_share_is_shown_and_no_row_hides_exactly_one_cell(sizes, seed):
    current = make_responses(sizes, seed, "c")
    results = release(current, current.iloc[:0])
    for table in (results.scale_bands.frame, results.grids.frame):
        if table.empty:
            continue
        assert "count" not in table.columns  # only percentages and rounded totals leave
        assert table.loc[table["status"] != "shown", "percent"].isna().all()
        group = [column for column in ("authority", "item_id", "row") if column in table]
        hidden_per_row = (table["status"] == SMALL_CELL).groupby([table[column] for column in group]).sum()
        assert not (hidden_per_row == 1).any()
        assert (table.loc[table["status"] == TOO_FEW, "total"].isna()).all()
    indicators = results.indicators.frame
    shown_bases = indicators.loc[indicators["status"] != TOO_FEW, "base"]
    assert (shown_bases >= K).all() and (shown_bases % 5 == 0).all()
    # A shown share never implies a count of 1-4 on either side (its exact counts are checked here).
    long = long_answers(current)
    exact = score(long, SCORING).groupby(["authority", "indicator"])["positive"].agg(["size", "sum"])
    for record in indicators[indicators["status"] == "shown"].itertuples():
        size, positive = exact.loc[(record.authority, record.indicator)]
        assert positive == 0 or positive >= SMALLEST_SHOWN_COUNT
        assert size - positive == 0 or size - positive >= SMALLEST_SHOWN_COUNT
        # Computed from perturbed cells: each moves by at most 2 and a zero stays zero.
        moves = [0] if positive == 0 else range(-2, 3)
        others = [0] if size == positive else range(-2, 3)
        possible = [100 * (positive + a) / (size + a + b) for a in moves for b in others]
        assert min(possible) - 0.5 - 1e-9 <= record.percent <= max(possible) + 0.5 + 1e-9
    assert np.isfinite(indicators["benchmark_authorities"]).all()

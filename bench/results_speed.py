"""How long a full set of reports takes, beside a bare pandas group-by in the same run (issue 6, item 7).

Usage:  .venv/bin/python bench/results_speed.py [--sizes 100000 1000000] [--quick] [--repeat 3]
        (or: make bench-results; --quick is 10,000 and 100,000 responses, a smoke run)

For each size it makes that many synthetic responses (numpy, seeded: the same data every run) to a
questionnaire shaped like the bundled young-people-11-18 one (35 scored items over 30 indicators, yes/no,
4-point and multiple choice, a 0-10 item, a 6 x 3 grid; 6% skipped, 2% "I'd rather not say"), spread over
the 22 authorities in uneven (lognormal) sizes with three under K = 10, and a previous period of the same
size, already scored. Each time is the best of --repeat runs:

  full set    what survey_app/results/gather.py does once it has the long answers: analysis.tidy.score(),
              picking out the 0-10 and grid answers, analysis.results.build_results() (every indicator,
              benchmark, change, 0-10 and grid table, with disclosure control); then
              Results.for_authority() for each of the 22 and the national view (authority x indicator %)
  score()     score() alone (part of the full set)
  bare        one groupby(["authority", "indicator"])["positive"].agg(["size", "sum"]) over the same
              scored rows: the least any report could cost on this machine, in this run
  ratio       full set / bare
  peak        tracemalloc's peak over one more, untimed, full set: what it allocates beyond its inputs
  process     resource.getrusage ru_maxrss: the process's high-water mark so far (data included)

and, on its own line, "flattening stored answers": analysis.tidy.long_answers() over up to 100,000
stored answer dicts (the Python loop from database rows to long rows), per 100,000 responses; it also
checks that it gives exactly the long rows the full set was timed on.

Exits 1, saying why, if 100,000 responses take more than 5 s, or if from the smallest to the largest size
the full set's time grows more than 1.5 times as fast as the number of responses.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.disclosure import DisclosureControl  # noqa: E402
from analysis.results import Results, ResultsInput, build_results  # noqa: E402
from analysis.tidy import NO_ROW, RATHER_NOT_SAY, Scoring, long_answers, score  # noqa: E402

SEED = 2026
BUDGET_SECONDS = 5.0
BUDGET_SIZE = 100_000
GROWTH_SLACK = 1.5  # time may grow at most 1.5x as fast as the rows
FLATTEN_SAMPLE = 100_000
K = 10
AUTHORITIES = [f"W06{n:06d}" for n in range(1, 23)]
SMALL = {"W06000008": 4, "W06000019": 7, "W06000001": 9}  # three authorities under K
SKIPPED, REFUSED = 0.06, 0.02

# Option sets: answer values, and those that count as positive.
SETS: dict[str, tuple[list[str], list[str]]] = {
    "yes_no": (["yes", "no"], ["yes"]),
    "yes_no_unsure": (["yes", "no", "not_sure"], ["yes"]),
    "yes_partly_no": (["yes", "partly", "no"], ["yes"]),
    "how_often": (["all_the_time", "sometimes", "hardly_ever", "never"], ["all_the_time", "sometimes"]),
    "how_often_lonely": (["all_the_time", "sometimes", "hardly_ever", "never"], ["hardly_ever", "never"]),
    "faces": (["very_happy", "happy", "unhappy", "very_unhappy"], ["very_happy", "happy"]),
    "talk_to": (["carers", "social_worker", "teacher", "family", "friend", "no_one"], ["carers", "teacher"]),
    "life_score": ([str(n) for n in range(11)], ["7", "8", "9", "10"]),
}
# 31 single-answer items, 3 multiple choice and life_score: 35 scored items over 30 indicators
# (five indicators are asked twice, as the same indicator is in the bundled questionnaires).
SINGLE = ["yes_no", "yes_no_unsure", "yes_partly_no", "how_often", "faces", "how_often_lonely"]
ITEMS: list[tuple[str, str, str]] = [(f"q{n:02d}", SINGLE[n % 6], f"ind{n % 26:02d}") for n in range(31)]
ITEMS += [(f"m{n}", "talk_to", f"ind{26 + n}") for n in range(3)]
ITEMS += [("life_score", "life_score", "life_going_well")]
MULTIPLE = {item for item, kind, _ in ITEMS if kind == "talk_to"}
GRID, GRID_ROWS, GRID_VALUES = (
    "delivery",
    [f"function_{n}" for n in range(1, 7)],
    ["national", "regional", "local"],
)
SCORING: Scoring = {item: (indicator, frozenset(SETS[kind][1])) for item, kind, indicator in ITEMS}


@dataclass
class Synthetic:
    """One period's responses: the long answers (as analysis.tidy.long_answers makes them) and the
    integer codes they were made from (-1 skipped; the last code is "I'd rather not say")."""

    responses: pd.DataFrame
    long: pd.DataFrame
    codes: dict[str, np.ndarray]


def authority_of(n: int, rng: np.random.Generator) -> np.ndarray:
    """n respondents' authorities: three under K, the other nineteen lognormal, in random order."""
    big = [code for code in AUTHORITIES if code not in SMALL]
    rest = n - sum(SMALL.values())
    weights = rng.lognormal(0.0, 0.7, len(big))
    sizes = np.floor(rest * weights / weights.sum()).astype(int)
    sizes[np.argmax(sizes)] += rest - sizes.sum()
    names = np.array([*SMALL, *big], dtype=object)
    return rng.permutation(np.repeat(names, [*SMALL.values(), *sizes]))


def answer_codes(n: int, authority: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Per item, one code per respondent (per row for the grid, per option for multiple choice)."""
    effect = rng.normal(0.0, 0.06, (len(AUTHORITIES), len(ITEMS) + 1))  # authorities differ a little
    where = np.searchsorted(np.array(AUTHORITIES, dtype=object), authority)
    codes: dict[str, np.ndarray] = {}
    for column, (item, kind, _) in enumerate(ITEMS):
        options = SETS[kind][0]
        draw = rng.random(n) + effect[where, column]
        if item in MULTIPLE:  # a boolean per option; "no_one" alone, else each of the others maybe
            alone = draw < 0.1
            chosen = (rng.random((n, len(options))) < 0.4) & ~alone[:, None]
            chosen[:, -1] = alone
            chosen[~chosen.any(axis=1), 4] = True
            code = np.zeros(n, dtype=np.int8)
            codes[item + ":chosen"] = chosen
        else:
            code = np.minimum(
                (np.clip(draw, 0, 0.999) ** 1.3 * len(options)).astype(np.int8), len(options) - 1
            )
        gone = rng.random(n)
        code[gone < REFUSED] = len(options)
        code[gone > 1 - SKIPPED] = -1
        codes[item] = code
    for row in GRID_ROWS:
        code = rng.integers(0, len(GRID_VALUES), n).astype(np.int8)
        gone = rng.random(n)
        code[gone < REFUSED] = len(GRID_VALUES)
        code[gone > 1 - SKIPPED] = -1
        codes[f"{GRID}:{row}"] = code
    return codes


def synthetic(n: int, seed: int, first_id: int = 1) -> Synthetic:
    rng = np.random.default_rng(seed)
    authority = authority_of(n, rng)
    codes = answer_codes(n, authority, rng)
    ids, items, rows, values = [], [], [], []

    def add(who: np.ndarray, item: str, row: str, value: np.ndarray) -> None:
        ids.append(who)
        items.append(np.full(len(who), item, dtype=object))
        rows.append(np.full(len(who), row, dtype=object))
        values.append(value)

    for item, kind, _ in ITEMS:
        options = np.array([*SETS[kind][0], RATHER_NOT_SAY], dtype=object)
        code = codes[item]
        if item in MULTIPLE:
            for option in range(len(options) - 1):
                who = np.nonzero((code == 0) & codes[item + ":chosen"][:, option])[0]
                add(who, item, NO_ROW, np.full(len(who), options[option], dtype=object))
            who = np.nonzero(code == len(options) - 1)[0]
            add(who, item, NO_ROW, np.full(len(who), RATHER_NOT_SAY, dtype=object))
        else:
            who = np.nonzero(code >= 0)[0]
            add(who, item, NO_ROW, options[code[who]])
    grid_options = np.array([*GRID_VALUES, RATHER_NOT_SAY], dtype=object)
    for row in GRID_ROWS:
        code = codes[f"{GRID}:{row}"]
        who = np.nonzero(code >= 0)[0]
        add(who, GRID, row, grid_options[code[who]])
    who = np.concatenate(ids)
    order = np.argsort(who, kind="stable")  # one respondent's answers together, in questionnaire order
    who = who[order]
    long = pd.DataFrame(
        {
            "response_id": who + first_id,
            "authority": pd.array(authority[who], dtype="str"),
            "item_id": pd.array(np.concatenate(items)[order], dtype="str"),
            "row": pd.array(np.concatenate(rows)[order], dtype="str"),
            "value": pd.array(np.concatenate(values)[order], dtype="str"),
        }
    )
    responses = pd.DataFrame(
        {"response_id": np.arange(first_id, first_id + n), "authority": pd.array(authority, dtype="str")}
    )
    return Synthetic(responses, long, codes)


def answer_dicts(data: Synthetic) -> pd.DataFrame:
    """The same responses as stored: an answers dict per row (what long_answers reads)."""
    columns: list[tuple[str, list[Any]]] = []
    for item, kind, _ in ITEMS:
        options = np.array([*SETS[kind][0], RATHER_NOT_SAY, None], dtype=object)  # code -1 -> None
        code = data.codes[item]
        if item in MULTIPLE:
            chosen = data.codes[item + ":chosen"]
            lists = [[o for o, c in zip(options, row, strict=False) if c] for row in chosen.tolist()]
            refused = [RATHER_NOT_SAY]
            column = [None if c < 0 else refused if c else lists[i] for i, c in enumerate(code.tolist())]
        else:
            column = options[code].tolist()
        columns.append((item, column))
    grid_options = np.array([*GRID_VALUES, RATHER_NOT_SAY, None], dtype=object)
    grid = [grid_options[data.codes[f"{GRID}:{row}"]].tolist() for row in GRID_ROWS]
    grids = [
        {r: v for r, v in zip(GRID_ROWS, given, strict=True) if v is not None}
        for given in zip(*grid, strict=True)
    ]
    columns.append((GRID, [g or None for g in grids]))
    names = [name for name, _ in columns]
    answers = [
        {name: value for name, value in zip(names, given, strict=True) if value is not None}
        for given in zip(*(column for _, column in columns), strict=True)
    ]
    return data.responses.assign(answers=answers)


def previous_scored(n: int, seed: int) -> pd.DataFrame:
    """The period before, already scored (as it was when that campaign closed): drawn directly."""
    rng = np.random.default_rng(seed)
    authority = authority_of(n, rng)
    indicators = sorted({indicator for indicator, _ in SCORING.values()})
    answered = rng.random((n, len(indicators))) > SKIPPED + REFUSED
    positive = rng.random((n, len(indicators))) < rng.uniform(0.4, 0.85, len(indicators))
    who, which = np.nonzero(answered)
    return pd.DataFrame(
        {
            "response_id": who + n + 1,
            "authority": pd.array(authority[who], dtype="str"),
            "indicator": pd.array(np.array(indicators, dtype=object)[which], dtype="str"),
            "positive": positive[who, which],
        }
    )


def record_keys(*ids: pd.Series) -> pd.Series:
    """A random record key (0-255) per response, as the app draws one when a response is started."""
    every = pd.concat(ids, ignore_index=True).drop_duplicates()
    keys = np.random.default_rng(7).integers(0, 256, len(every))
    return pd.Series(keys, index=pd.Index(every))


def full_set(data: Synthetic, previous: pd.DataFrame) -> tuple[pd.DataFrame, list[Results], pd.DataFrame]:
    """Every report for every authority, picked out and built as survey_app/results/gather.py does."""
    long = data.long
    scored = score(long, SCORING)
    given = long[long["value"] != RATHER_NOT_SAY]
    scales = given[given["item_id"].isin(["life_score"]) & (given["row"] == NO_ROW)]
    grids = given[given["item_id"].isin([GRID]) & (given["row"] != NO_ROW)]
    results = build_results(
        ResultsInput(
            scored=scored,
            responses=data.responses,
            previous_scored=previous,
            scale_answers=scales,
            scale_kinds={"life_score": "rating"},
            grid_answers=grids,
            grid_options={GRID: GRID_VALUES},
            comparators={"ind03": 62.0, "ind07": 44.0},
            record_keys=record_keys(data.responses["response_id"], previous["response_id"]),
        ),
        DisclosureControl(K),
    )
    cuts = [results.for_authority(code) for code in AUTHORITIES]
    national = results.indicators.frame.pivot(index="authority", columns="indicator", values="percent")
    return scored, cuts, national


def bare(scored: pd.DataFrame) -> pd.DataFrame:
    return scored.groupby(["authority", "indicator"])["positive"].agg(["size", "sum"])


def best_of(repeat: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def traced_peak(run: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def max_rss() -> int:
    """The process's high-water mark in bytes (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass
class Timing:
    size: int
    long_rows: int
    scored_rows: int
    ours: float
    scoring: float  # score() alone, part of `ours`
    bare: float
    peak: int
    rss: int


def measure(size: int, repeat: int) -> Timing:
    data = synthetic(size, SEED)
    previous = previous_scored(size, SEED + 1)
    scored, _cuts, national = full_set(data, previous)  # a first run, untimed: warms imports and caches
    assert national.shape == (len(AUTHORITIES), len(set(i for i, _ in SCORING.values()))), national.shape
    ours = best_of(repeat, lambda: full_set(data, previous))
    scoring = best_of(repeat, lambda: score(data.long, SCORING))
    reference = best_of(repeat, lambda: bare(scored))
    peak = traced_peak(lambda: full_set(data, previous))
    return Timing(size, len(data.long), len(scored), ours, scoring, reference, peak, max_rss())


def flattening(sample: int, repeat: int) -> float:
    """Seconds for long_answers over `sample` stored answer dicts; checks it gives the synthetic long rows."""
    data = synthetic(sample, SEED)
    stored = answer_dicts(data)
    flat = long_answers(stored, keep=[*SCORING, GRID])
    pd.testing.assert_frame_equal(flat, data.long)
    return best_of(repeat, lambda: long_answers(stored, keep=[*SCORING, GRID]))


def mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def report(timings: list[Timing], flatten: tuple[int, float]) -> int:
    header = (
        f"{'responses':>10} {'long rows':>11} {'scored rows':>11} {'full set':>9} {'score()':>8} {'bare':>7} "
        f"{'ratio':>6} {'peak (tracemalloc)':>18} {'process (ru_maxrss)':>19}"
    )
    print(header)
    print("-" * len(header))
    for t in timings:
        print(
            f"{t.size:>10,} {t.long_rows:>11,} {t.scored_rows:>11,} {t.ours:>8.2f}s {t.scoring:>7.2f}s "
            f"{t.bare:>6.2f}s {t.ours / t.bare:>5.1f}x {mb(t.peak):>18} {mb(t.rss):>19}"
        )
    sample, seconds = flatten
    print(
        f"\nflattening stored answers (long_answers, once per closed campaign): {sample:,} responses in "
        f"{seconds:.2f}s, {seconds * 100_000 / sample:.2f}s per 100,000"
    )
    problems = []
    for t in timings:
        if t.size == BUDGET_SIZE and t.ours > BUDGET_SECONDS:
            problems.append(
                f"{t.size:,} responses took {t.ours:.2f}s, over the {BUDGET_SECONDS:.0f} s budget"
            )
    if len(timings) > 1:
        small, large = timings[0], timings[-1]
        rows = large.size / small.size
        ours, reference = large.ours / small.ours, large.bare / small.bare
        print(
            f"growth from {small.size:,} to {large.size:,} responses ({rows:.0f}x the rows): "
            f"full set {ours:.1f}x, bare group-by {reference:.1f}x"
        )
        if ours > GROWTH_SLACK * rows:
            problems.append(
                f"the full set grew {ours:.1f}x for {rows:.0f}x the responses: faster than linear"
            )
    if problems:
        print("\nTOO SLOW:\n  " + "\n  ".join(problems))
        return 1
    budget = (
        "; 100,000 responses within the 5 s budget" if any(t.size == BUDGET_SIZE for t in timings) else ""
    )
    print(f"Time grows no faster than the number of responses{budget}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--quick", action="store_true", help="10,000 and 100,000 responses: a smoke run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best is kept")
    args = parser.parse_args(argv)
    sizes = sorted(set([10_000, 100_000] if args.quick else args.sizes))
    print(
        f"Full set of reports: 22 authorities, {len(SCORING)} scored items over "
        f"{len(set(i for i, _ in SCORING.values()))} indicators, a 0-10 item, a 6-row grid, K = {K}; "
        f"best of {args.repeat}.\nPython {platform.python_version()}, pandas {pd.__version__}, "
        f"numpy {np.__version__}, {os.cpu_count()} CPUs.\n"
    )
    timings = []
    for size in sizes:
        timings.append(measure(size, args.repeat))
        gc.collect()
    sample = min(FLATTEN_SAMPLE, sizes[-1])
    return report(timings, (sample, flattening(sample, args.repeat)))


if __name__ == "__main__":
    sys.exit(main())

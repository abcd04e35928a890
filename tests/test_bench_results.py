"""bench/results_speed.py runs end to end on a tiny synthetic set; no time is asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("results_speed", ROOT / "bench" / "results_speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_tiny_run_prints_each_ratio_and_the_growth_and_passes(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--sizes", "1000", "2000", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()[:1].isdigit()}
    for size in ("1,000", "2,000"):
        assert rows[size][6].endswith("x"), rows[size]  # full set / bare group-by
        assert rows[size][8] == rows[size][10] == "MB", rows[size]  # tracemalloc peak, process peak
    assert "flattening stored answers" in out and "per 100,000" in out
    assert "growth from 1,000 to 2,000 responses (2x the rows): full set" in out
    assert "bare group-by" in out and "peak (tracemalloc)" in out and "ru_maxrss" in out


def test_the_synthetic_answers_are_what_long_answers_makes_from_stored_answers(bench: ModuleType) -> None:
    data = bench.synthetic(500, seed=3)
    stored = bench.answer_dicts(data)
    pd.testing.assert_frame_equal(bench.long_answers(stored, keep=[*bench.SCORING, bench.GRID]), data.long)
    assert data.responses["authority"].nunique() == 22
    sizes = pd.Series(bench.authority_of(10_000, np.random.default_rng(bench.SEED))).value_counts()
    assert len(sizes) == 22 and set(sizes[sizes < bench.K].index) == set(bench.SMALL)  # three under K
    assert data.long["value"].eq("rather_not_say").any()


def test_over_budget_or_faster_than_linear_growth_fails_and_says_why(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    timing = bench.Timing
    slow = [timing(100_000, 1, 1, 6.0, 1.0, 0.5, 1, 1)]
    assert bench.report(slow, (100_000, 3.0)) == 1
    assert "TOO SLOW" in capsys.readouterr().out
    steep = [timing(10_000, 1, 1, 0.1, 0.1, 0.01, 1, 1), timing(100_000, 1, 1, 2.0, 1.0, 0.1, 1, 1)]
    assert bench.report(steep, (100_000, 3.0)) == 1
    assert "faster than linear" in capsys.readouterr().out
    fine = [timing(10_000, 1, 1, 0.5, 0.1, 0.01, 1, 1), timing(100_000, 1, 1, 3.0, 1.0, 0.1, 1, 1)]
    assert bench.report(fine, (100_000, 3.0)) == 0

"""The audit's arithmetic attacks (B1, B4, B5) replayed through the national coordinator's download.

A closed national campaign with random record keys (as the app draws them) across twelve councils.
The attacker is the audit's: they read the national CSV and work back from whole percentages, Wilson
bounds and bases rounded to 5 (B1), from the other councils' pools (B4) and from the 0-10 tables
beside the "7 or more" indicator (B5). B2, B3 (tests/test_releases.py) and B6 (tests/test_counters.py)
have their own files. Runs on every backend.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.disclosure import DisclosureControl
from analysis.results import ResultsInput, build_results
from analysis.stats import wilson_interval
from analysis.tidy import long_answers, score
from survey_app.results.periods import period_of

from .conftest import create_campaign, create_response, create_user, create_version, sign_in

K = 10
CLOSED = date.today() - timedelta(days=1)
PERIOD = period_of(CLOSED)
COUNCILS = [f"W060000{n:02d}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13)]
INDICATORS = {
    "safe_at_home": ("feels_safe_at_home", ["all_the_time", "sometimes", "never"]),
    "know_social_worker": ("knows_social_worker", ["yes", "no"]),
    "good_friend": ("has_good_friend", ["yes", "no"]),
}
POSITIVE = {"safe_at_home": {"all_the_time"}, "know_social_worker": {"yes"}, "good_friend": {"yes"}}
HEAD = {
    "code": "Authority code",
    "indicator": "Indicator",
    "base": "Answered (rounded to the nearest 5)",
    "percent": "Positive (%)",
    "low": "Interval from (%)",
    "high": "Interval to (%)",
}


def moves(count: int) -> range:
    """What the published perturbation table may add to a true count."""
    return range(-2, 3) if count >= 7 else range(-1, 2) if count == 6 else range(0, 1)


def released_figures(positive: int, base: int) -> tuple[int, int, int, int]:
    low, high = wilson_interval([positive], [base])
    rounded = (base + 2) // 5 * 5
    return round(100 * positive / base), round(100 * low[0]), round(100 * high[0]), rounded


def fits(percent: int, low: int, high: int, base: int) -> set[tuple[int, int]]:
    """B1: every (answered, positive) that gives exactly these released figures."""
    return {
        (n, x)
        for n in range(max(base - 2, 1), base + 3)
        for x in range(n + 1)
        if released_figures(x, n) == (percent, low, high, base)
    }


def true_candidates(percent: int, low: int, high: int, base: int) -> set[tuple[int, int]]:
    """What an attacker who knows the method, the table and B1 can say the true counts were."""
    candidates = set()
    for n_seen, x_seen in fits(percent, low, high, base):
        for n in range(max(n_seen - 4, 1), n_seen + 5):
            for x in range(max(x_seen - 2, 0), min(x_seen + 2, n) + 1):
                if any(
                    x + a == x_seen and (n - x) + b == n_seen - x_seen for a in moves(x) for b in moves(n - x)
                ):
                    candidates.add((n, x))
    return candidates


def answers(rng: random.Random, lean: float) -> dict[str, str]:
    given = {
        item: (values[0] if rng.random() < lean else rng.choice(values[1:]))
        for item, (_indicator, values) in INDICATORS.items()
    }
    return given | {
        "life_score": str(rng.choice([3, 6, 8, 9, 10] if rng.random() < lean else [0, 2, 4, 5, 7]))
    }


@pytest.fixture()
def national(app, short_8_10):
    """Twelve councils of 3 to 45 respondents, leaning differently, with the truth kept aside."""
    version = create_version(short_8_10)
    campaign = create_campaign(version, "cymru-8-10", None, CLOSED - timedelta(days=30), CLOSED)
    rng = random.Random(2026)
    truth: dict[tuple[str, str], list[bool]] = {}
    for number, code in enumerate(COUNCILS):
        size = [3, 7, 12, 14, 18, 22, 25, 28, 31, 36, 40, 45][number]
        lean = rng.uniform(0.3, 0.9)
        for _ in range(size):
            given = answers(rng, lean)
            create_response(campaign, given, code, record_key=None)
            for item, (indicator, _values) in INDICATORS.items():
                truth.setdefault((code, indicator), []).append(given[item] in POSITIVE[item])
    return truth


def national_csv(app) -> list[dict[str, str]]:
    create_user("coordinator@example.wales", "national")
    client = app.test_client()
    sign_in(client, "coordinator@example.wales")
    response = client.get(f"/en/staff/results/{PERIOD}/child-8-10/download.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def indicator_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The councils' shown or "c" rows of the three indicators whose truth the fixture kept."""
    kept = {indicator for indicator, _values in INDICATORS.values()}
    ids = _labels()
    return [
        row
        for row in rows
        if row.get(HEAD["code"]) in COUNCILS
        and row.get(HEAD["percent"], "") != ""
        and ids.get(row.get(HEAD["indicator"], "")) in kept
    ]


def test_b1_working_back_from_the_interval_gives_perturbed_counts_never_certain_true_ones(app, national):
    rows = national_csv(app)
    ids = _labels()
    shown = [row for row in indicator_rows(rows) if row[HEAD["percent"]] != "c"]
    assert len(shown) >= 20
    unique_fits, right = 0, 0
    for row in shown:
        figures = (int(row[HEAD[name]]) for name in ("percent", "low", "high", "base"))
        percent, low, high, base = figures
        answered = national[(row[HEAD["code"]], ids[row[HEAD["indicator"]]])]
        truth = (len(answered), sum(answered))
        found = fits(percent, low, high, base)
        if len(found) == 1:
            unique_fits += 1
            right += found == {truth}
        # Knowing the method and its table, the attacker is left with several possible true counts,
        # the real one among them.
        candidates = true_candidates(percent, low, high, base)
        assert truth in candidates and len(candidates) >= 2, (row, truth, candidates)
    # The audit's B1 was right 331 times out of 331; here most unique fits are perturbed counts.
    print(f"B1: {unique_fits} unique fits of {len(shown)} shown cells, {right} of them the true counts")
    assert unique_fits >= 10 and right / unique_fits < 0.7


def test_b4_no_hidden_cell_enters_a_pool(app, national):
    rows = indicator_rows(national_csv(app))
    ids = _labels()
    for row in rows:
        if row[HEAD["percent"]] != "c":
            continue
        # Changing the hidden council's split cannot move any pool: it is in none of them. What the
        # attacker could difference is only councils shown in full, each perturbed on its own.
        answered = national[(row[HEAD["code"]], ids[row[HEAD["indicator"]]])]
        positive = sum(answered)
        assert 1 <= positive < 5 or 1 <= len(answered) - positive < 5
    hidden = [row for row in rows if row[HEAD["percent"]] == "c"]
    assert hidden, "the fixture has hidden cells to protect"


def test_b4_changing_hidden_cells_changes_no_released_figure_of_any_other_council():
    """Pools are made only of figures shown in full: move a "c" council's hidden split and nothing
    else that leaves moves (its own row stays "c" with the same base)."""
    rng = random.Random(7)
    first, second = _frames(rng, hidden_yes=3), _frames(rng, hidden_yes=2)
    one, two = _release(first), _release(second)
    assert one.indicators.frame.equals(two.indicators.frame)
    assert one.wales.frame.equals(two.wales.frame)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), sizes=st.lists(st.integers(10, 60), min_size=4, max_size=9))
def test_b1_over_random_campaigns_no_shown_share_pins_its_true_counts(seed, sizes):
    rng = random.Random(seed)
    frame = _random_frame(rng, sizes)
    results = _release(frame)
    table = results.indicators.frame
    for record in table[table["status"] == "shown"].itertuples():
        mine = frame[frame["authority"] == record.authority]
        answered = [answer["safe"] == "yes" for answer in mine["answers"] if "safe" in answer]
        truth = (len(answered), sum(answered))
        candidates = true_candidates(record.percent, record.ci_low, record.ci_high, int(record.base))
        assert truth in candidates and len(candidates) >= 2


def test_b5_through_the_national_xlsx_a_hidden_0_10_cell_leaves_nothing_to_subtract(app, national):
    """The audit's B5: the "7 or more" indicator's counts beside the 0-10 table gave its hidden cells.
    Wherever a council's 0-10 table shows "c", its indicator and its average show "c" too."""
    import openpyxl

    create_user("coordinator@example.wales", "national")
    client = app.test_client()
    sign_in(client, "coordinator@example.wales")
    response = client.get(f"/en/staff/results/{PERIOD}/child-8-10/download.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))

    def rows(name: str) -> list[dict]:
        sheet = book[name]
        headers = [cell.value for cell in sheet[2]]
        return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)]

    hidden = {row["Authority code"] for row in rows("0-10 answers") if row["Percent"] == "c"}
    assert hidden, "the fixture has councils whose 0-10 table hides a cell"
    life = {
        row["Authority code"]: row["Positive (%)"]
        for row in rows("Indicators")
        if row["Indicator"] == "Rate their life 7 or more out of 10"
    }
    means = {row["Authority code"]: row["Average (0-10)"] for row in rows("0-10 averages")}
    for code in hidden:
        assert life[code] == "c" and means[code] == "c", code
    shown = {code for code, value in life.items() if value not in ("c", None, "")}
    assert shown and shown.isdisjoint(hidden)


def test_b5_a_hidden_cell_in_the_0_10_table_hides_the_7_or_more_indicator_and_the_mean():
    rows = []
    for n in range(13):  # Carmarthenshire in the audit: low 1, medium 6, high 6, very high 0
        rows.append(("A", {"life": "2" if n == 0 else "5" if n < 7 else "8"}))
    for code in ("B", "C", "D"):
        rows += [(code, {"life": str(score)}) for score in [1, 2, 5, 6, 7, 8, 9, 10] * 3]
    frame = _frame(rows)
    long = long_answers(frame)
    scoring = {"life": ("life_going_well", frozenset({"7", "8", "9", "10"}))}
    results = build_results(
        ResultsInput(
            scored=score(long, scoring),
            responses=frame,
            scale_answers=long,
            scale_kinds={"life": "rating"},
            scale_indicators={"life": "life_going_well"},
            record_keys=_keys(frame, random.Random(3)),
        ),
        DisclosureControl(K),
    )
    bands = results.scale_bands.frame
    assert (bands[(bands["authority"] == "A")]["status"] == "c").any()
    indicator = results.indicators.frame.set_index("authority").loc["A"]
    assert indicator["status"] == "c" and indicator["percent"] is pd.NA
    mean = results.means.frame.set_index("authority").loc["A"]
    assert mean["status"] == "c" and mean["mean"] != mean["mean"]  # NaN: not shown
    # The others are shown in full and pooled; A is in nobody's benchmark.
    assert results.indicators.frame.set_index("authority").loc["B", "benchmark_authorities"] == 2


# --- helpers -----------------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    from survey_app.config import PROJECT_ROOT
    from survey_app.content.loader import load_checked_library

    library = load_checked_library(PROJECT_ROOT / "questionnaires")
    return {indicator.label("en"): key for key, indicator in library.indicators.items()}


def _frame(rows):
    return pd.DataFrame(
        [
            {"response_id": f"r{n}", "authority": code, "answers": given}
            for n, (code, given) in enumerate(rows)
        ]
    )


def _keys(frame, rng: random.Random):
    return pd.Series([rng.randrange(256) for _ in range(len(frame))], index=frame["response_id"])


def _frames(rng: random.Random, hidden_yes: int):
    rows = [("H", {"safe": "yes" if n < 12 - hidden_yes else "no"}) for n in range(12)]
    for code, yes in (("A", 14), ("B", 20), ("C", 9), ("D", 30)):
        rows += [(code, {"safe": "yes" if n < yes else "no"}) for n in range(yes + 8)]
    frame = _frame(rows)
    return frame.assign(record_key=[(n * 37) % 256 for n in range(len(frame))])


def _random_frame(rng: random.Random, sizes: list[int]):
    rows = []
    for number, size in enumerate(sizes):
        lean = rng.uniform(0.2, 0.9)
        rows += [(f"A{number}", {"safe": "yes" if rng.random() < lean else "no"}) for _ in range(size)]
    frame = _frame(rows)
    return frame.assign(record_key=[rng.randrange(256) for _ in range(len(frame))])


def _release(frame):
    scoring = {"safe": ("feels_safe", frozenset({"yes"}))}
    return build_results(
        ResultsInput(
            scored=score(long_answers(frame), scoring),
            responses=frame,
            record_keys=frame.set_index("response_id")["record_key"],
        ),
        DisclosureControl(K),
    )

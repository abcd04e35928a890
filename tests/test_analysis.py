"""The analysis package: shares, intervals, benchmarks, verdicts, distributions, and what is hidden."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

from analysis.benchmark import indicator_counts
from analysis.disclosure import SMALL_CELL, TOO_FEW, DisclosureControl, DisclosureError, ReleasedTable
from analysis.results import BRIGHT_SPOT, TO_IMPROVE, UP, ResultsInput, build_results
from analysis.stats import two_proportion_p, wilson_interval
from analysis.tidy import long_answers, score, scored_answers

SCORING = {
    "safe": ("feels_safe", frozenset({"all_the_time", "most_of_the_time"})),
    "talk": ("someone_to_talk_to", frozenset({"carers", "friend"})),
}
CONTROL = DisclosureControl(10)


def responses(rows: list[tuple[str | None, dict]], prefix: str = "r") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"response_id": f"{prefix}{n}", "authority": authority, "answers": answers}
            for n, (authority, answers) in enumerate(rows)
        ]
    )


def yes_no(authority: str, yes: int, no: int, prefix: str = "") -> list[tuple[str, dict]]:
    return [(authority, {"safe": "all_the_time"})] * yes + [(authority, {"safe": "never"})] * no


def no_noise(*frames: pd.DataFrame) -> pd.Series:
    """Record keys of 0 for every response: every cell key is 0, which perturbs no count, so these
    tests see exact figures (tests/test_cell_key.py tests the perturbation itself)."""
    ids = pd.concat([frame["response_id"] for frame in frames], ignore_index=True).drop_duplicates()
    return pd.Series(0, index=ids)


def results_for(rows, previous_rows=None, **extra):
    frame = responses(rows)
    before = responses(previous_rows, "p") if previous_rows else frame.iloc[:0]
    given = ResultsInput(
        scored=scored_answers(frame, SCORING),
        responses=frame,
        previous_scored=scored_answers(before, SCORING) if previous_rows else None,
        record_keys=no_noise(frame, before),
        **extra,
    )
    return build_results(given, CONTROL)


def row(results, authority: str, indicator: str = "feels_safe") -> dict:
    frame = results.indicators.frame
    return frame[(frame["authority"] == authority) & (frame["indicator"] == indicator)].iloc[0].to_dict()


def test_a_share_counts_only_those_who_answered():
    frame = responses(
        [("A", {"safe": "all_the_time"}), ("A", {"safe": "never"}), ("A", {}), ("A", {"safe": None})]
        + [("A", {"safe": "rather_not_say"})]
    )
    [counted] = indicator_counts(scored_answers(frame, SCORING).assign(record_key=0)).to_dict("records")
    assert (counted["base"], counted["positive"]) == (2, 1)


def test_multiple_choice_counts_positive_when_any_chosen_answer_is():
    frame = responses(
        [("A", {"talk": ["teacher", "friend"]}), ("A", {"talk": ["nobody"]}), ("A", {"talk": []})]
    )
    [counted] = indicator_counts(scored_answers(frame, SCORING).assign(record_key=0)).to_dict("records")
    assert (counted["base"], counted["positive"]) == (2, 1)


def test_answers_without_a_known_authority_are_left_out_of_authority_figures():
    frame = responses([(None, {"safe": "never"})] * 3 + [("A", {"safe": "never"})])
    [counted] = indicator_counts(scored_answers(frame, SCORING).assign(record_key=0)).to_dict("records")
    assert counted["authority"] == "A" and counted["base"] == 1


def test_long_answers_flattens_choices_and_grid_rows_and_skips_unanswered():
    frame = responses([("A", {"talk": ["friend", "carers"], "grid": {"r1": "local", "r2": None}, "x": ""})])
    long = long_answers(frame)
    assert sorted(zip(long["item_id"], long["row"], long["value"], strict=True)) == [
        ("grid", "r1", "local"),
        ("talk", "", "carers"),
        ("talk", "", "friend"),
    ]
    assert long_answers(frame, keep={"grid"})["item_id"].tolist() == ["grid"]
    assert score(long_answers(frame), {})["indicator"].tolist() == []


def test_groups_under_k_lose_every_figure_and_exact_counts_never_leave():
    results = results_for(yes_no("A", 12, 0) + yes_no("B", 9, 0))
    assert row(results, "A")["status"] == "shown" and row(results, "A")["percent"] == 100
    hidden = row(results, "B")
    assert hidden["status"] == TOO_FEW
    assert all(pd.isna(hidden[key]) for key in ("percent", "ci_low", "ci_high", "base"))
    assert "positive" not in results.indicators.frame.columns
    responses_shown = results.responses.frame.set_index("authority")
    assert responses_shown.loc["A", "responses"] == 10 and pd.isna(responses_shown.loc["B", "responses"])


def test_a_share_with_1_to_4_on_either_side_shows_c_but_keeps_its_rounded_base():
    results = results_for(yes_no("A", 9, 3) + yes_no("B", 2, 10) + yes_no("C", 15, 0))
    for authority in ("A", "B"):
        hidden = row(results, authority)
        assert hidden["status"] == SMALL_CELL and pd.isna(hidden["percent"]) and pd.isna(hidden["ci_low"])
    assert row(results, "A")["base"] == 10 and row(results, "B")["base"] == 10
    assert row(results, "C")["status"] == "shown"  # none negative: 0 is not a small count


def test_the_interval_is_wilsons_and_matches_a_hand_calculation():
    # 15 of 20: centre (0.75 + 1.96²/40) / (1 + 1.96²/20) = 0.7097; half-width
    # 1.96 * sqrt(0.75 * 0.25 / 20 + 1.96² / 1600) / (1 + 1.96²/20) = 0.1784 → 53% to 89%.
    low, high = wilson_interval([15], [20])
    assert (round(low[0], 4), round(high[0], 4)) == (0.5313, 0.8881)
    results = results_for(yes_no("A", 15, 5))
    assert (row(results, "A")["percent"], row(results, "A")["ci_low"], row(results, "A")["ci_high"]) == (
        75,
        53,
        89,
    )


def test_the_two_proportion_test_agrees_with_statsmodels():
    cases = [(30, 40, 50, 100), (5, 25, 60, 80), (12, 12, 40, 50), (0, 10, 3, 30)]
    ours = two_proportion_p(*(np.array(column) for column in zip(*cases, strict=True)))
    for (x1, n1, x2, n2), p in zip(cases, ours, strict=True):
        _, expected = proportions_ztest([x1, x2], [n1, n2])
        assert p == pytest.approx(expected, rel=1e-9)
    assert np.isnan(two_proportion_p([1], [0], [1], [5])[0])
    assert two_proportion_p([5], [5], [9], [9])[0] == 1.0  # all positive on both sides: nothing to tell apart


def test_the_benchmark_pools_only_other_councils_whose_own_figure_is_shown():
    rows = yes_no("A", 10, 10) + yes_no("B", 30, 10) + yes_no("C", 20, 20) + yes_no("D", 8, 2)
    rows += yes_no("E", 5, 15) + yes_no("SMALL", 1, 8)
    results = results_for(rows)
    mine = row(results, "A")
    # B + C + E: 55 of 100 = 55%. SMALL (under K) and D (2 said no: a hidden cell) are in no one's
    # benchmark, since a pool is made only of figures shown in full.
    assert (mine["benchmark_percent"], mine["benchmark_base"], mine["benchmark_authorities"]) == (55, 100, 3)
    assert row(results, "SMALL")["benchmark_authorities"] == 4  # A, B, C, E
    assert row(results, "SMALL")["benchmark_percent"] == round(100 * 65 / 120)


def test_no_benchmark_from_fewer_than_three_other_councils():
    results = results_for(yes_no("A", 10, 10) + yes_no("B", 30, 10) + yes_no("C", 20, 20))
    mine = row(results, "A")
    assert (
        mine["benchmark_status"] == TOO_FEW and pd.isna(mine["benchmark_percent"]) and mine["verdict"] == ""
    )


def test_bright_spots_and_areas_for_improvement_need_a_significant_difference():
    rows = yes_no("GOOD", 45, 5) + yes_no("BAD", 10, 30) + yes_no("MID", 20, 20) + yes_no("MID2", 21, 19)
    rows += yes_no("MID3", 22, 18)
    results = results_for(rows)
    assert row(results, "GOOD")["verdict"] == BRIGHT_SPOT
    assert row(results, "BAD")["verdict"] == TO_IMPROVE
    assert row(results, "MID")["verdict"] == "similar"
    assert "p_benchmark" not in results.indicators.frame.columns  # only verdicts leave, never p-values


def test_change_since_last_year_is_marked_only_when_significant():
    others = yes_no("B", 20, 20) + yes_no("C", 20, 20) + yes_no("D", 20, 20)
    results = results_for(
        yes_no("A", 35, 5) + others, previous_rows=yes_no("A", 15, 25) + yes_no("B", 20, 20)
    )
    mine = row(results, "A")
    assert (mine["previous_percent"], mine["change"], mine["change_verdict"]) == (38, 50, UP)
    assert row(results, "B")["change_verdict"] == "no_clear_change"
    assert row(results, "C")["change_verdict"] == "" and pd.isna(row(results, "C")["change"])


def test_0_to_10_means_and_ons_bands_with_anxiety_bands_the_other_way_round():
    rows = []
    for authority in ("A", "B", "C", "D"):
        rows += [
            (authority, {"life": str(score), "worry": str(score)})
            for score in [0, 1, 2, 3, 5, 6, 7, 8, 9, 10] * 3
        ]
    frame = responses(rows)
    long = long_answers(frame)
    results = build_results(
        ResultsInput(
            scored=scored_answers(frame, SCORING),
            responses=frame,
            scale_answers=long[long["item_id"].isin(["life", "worry"])],
            scale_kinds={"life": "rating", "worry": "low_is_good"},
            record_keys=no_noise(frame),
        ),
        CONTROL,
    )
    means = results.means.frame.set_index(["authority", "item_id"])
    # 3 x (0+1+2+3+5+6+7+8+9+10) / 30 = 5.1, the same everywhere
    assert means.loc[("A", "life"), "mean"] == 5.1 and means.loc[("A", "life"), "benchmark_mean"] == 5.1
    bands = results.scale_bands.frame
    life = bands[(bands["authority"] == "A") & (bands["item_id"] == "life")].set_index("band")
    worry = bands[(bands["authority"] == "A") & (bands["item_id"] == "worry")].set_index("band")
    # 12, 6, 6, 6 of 30; only percentages and the rounded base leave, never counts.
    assert life["percent"].to_dict() == {"high": 20, "low": 40, "medium": 20, "very_high": 20}
    assert "count" not in bands.columns and set(life["total"]) == {30}
    # Anxiety: 0-1 very low (6), 2-3 low (6), 4-5 medium (only the 5s: 3), 6-10 high (15).
    # 3 is a small count, so the next smallest (6) is hidden too; shown cells keep their percent.
    assert worry.loc["medium", "status"] == SMALL_CELL and worry["percent"].isna().sum() == 2
    assert (worry["status"] == SMALL_CELL).sum() == 2 and worry.loc["high", "percent"] == 50


def test_grid_rows_each_get_a_distribution_and_small_rows_are_hidden():
    rows = [("A", {"grid": {"r1": choice, "r2": "local"}}) for choice in ["national"] * 6 + ["local"] * 6]
    rows += [("B", {"grid": {"r1": "regional"}})] * 8
    frame = responses(rows)
    long = long_answers(frame)
    results = build_results(
        ResultsInput(
            scored=scored_answers(frame, SCORING),
            responses=frame,
            grid_answers=long,
            grid_options={"grid": ["national", "regional", "local"]},
            record_keys=no_noise(frame),
        ),
        CONTROL,
    )
    grids = results.grids.frame.set_index(["authority", "row", "value"])
    assert (
        grids.loc[("A", "r1", "national"), "percent"] == 50
        and grids.loc[("A", "r1", "regional"), "percent"] == 0
    )
    assert grids.loc[("A", "r2", "local"), "total"] == 10  # 12, rounded to the nearest 5
    assert set(grids.loc["B", "status"]) == {TOO_FEW} and grids.loc["B", "percent"].isna().all()


@pytest.mark.parametrize(("count", "rounded"), [(10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (102, 100)])
def test_counts_that_leave_are_rounded_to_the_nearest_five(count, rounded):
    assert DisclosureControl.round_count(count) == rounded


def test_k_can_never_be_set_below_five():
    with pytest.raises(DisclosureError):
        DisclosureControl(4)


def test_only_disclosure_control_can_release_a_table():
    with pytest.raises(DisclosureError):
        ReleasedTable("indicators", pd.DataFrame())


def test_analysis_never_imports_the_web_app_or_flask():
    for path in Path("analysis").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("survey_app", "flask", "sqlalchemy")), f"{path} imports {name}"


def test_an_indicator_asked_in_each_bands_own_words_gives_one_comparable_figure_per_band(library):
    """feels_safe_at_home: faces at 4-7, words at 8-10 and 11-18; each band gets one figure."""

    def counted(questionnaire_id: str, positive: int, negative: int) -> dict:
        frozen = library.questionnaires[questionnaire_id]
        [item] = [each for each in frozen.items() if each.indicator == "feels_safe_at_home"]
        good = frozen.indicators["feels_safe_at_home"].positive
        values = [value for value in frozen.values(item) if value != "rather_not_say"]
        yes = next(value for value in values if value in good)
        no = next(value for value in values if value not in good)
        answers = [{item.id: yes}] * positive + [{item.id: no}] * negative + [{item.id: "rather_not_say"}]
        frame = pd.DataFrame(
            {
                "response_id": [f"r{n}" for n in range(len(answers))],
                "authority": questionnaire_id,
                "answers": answers,
            }
        )
        table = indicator_counts(scored_answers(frame, frozen.scoring()).assign(record_key=0))
        return table[table["indicator"] == "feels_safe_at_home"].iloc[0].to_dict()

    assert {key: counted("children-4-7", 9, 3)[key] for key in ("base", "positive")} == {
        "base": 12,
        "positive": 9,
    }
    assert counted("children-8-10", 10, 10)["positive"] == 10
    assert counted("young-people-11-18", 3, 1)["base"] == 4

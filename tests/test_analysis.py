"""The analysis package: indicator shares with the disclosure threshold applied."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from analysis.disclosure import TOO_FEW, DisclosureControl, DisclosureError
from analysis.indicators import authority_indicator_table, band_indicator_table, indicator_shares
from analysis.report import indicator_report
from analysis.tidy import scored_answers

SCORING = {
    "safe": ("feels_safe", frozenset({"all_the_time", "most_of_the_time"})),
    "talk": ("someone_to_talk_to", frozenset({"carers", "friend"})),
}


def responses(rows: list[tuple[str | None, dict]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"response_id": f"r{n}", "authority": authority, "answers": answers}
            for n, (authority, answers) in enumerate(rows)
        ]
    )


def test_a_share_counts_only_those_who_answered():
    frame = responses(
        [("A", {"safe": "all_the_time"}), ("A", {"safe": "never"}), ("A", {}), ("A", {"safe": None})]
    )
    shares = indicator_shares(scored_answers(frame, SCORING))
    [row] = shares.to_dict("records")
    assert (row["respondents"], row["positive"], row["percent"]) == (2, 1, 50.0)


def test_multiple_choice_counts_positive_when_any_chosen_answer_is():
    frame = responses(
        [("A", {"talk": ["teacher", "friend"]}), ("A", {"talk": ["nobody"]}), ("A", {"talk": []})]
    )
    [row] = indicator_shares(scored_answers(frame, SCORING)).to_dict("records")
    assert (row["respondents"], row["positive"]) == (2, 1)


def test_answers_without_a_known_authority_are_left_out_of_authority_figures():
    frame = responses([(None, {"safe": "never"})] * 3 + [("A", {"safe": "never"})])
    [row] = indicator_shares(scored_answers(frame, SCORING)).to_dict("records")
    assert row["authority"] == "A" and row["respondents"] == 1


def test_groups_under_k_lose_every_figure():
    frame = responses([("A", {"safe": "all_the_time"})] * 12 + [("B", {"safe": "all_the_time"})] * 9)
    table = authority_indicator_table(frame, SCORING, DisclosureControl(10))
    shown = table.set_index("authority")
    assert shown.loc["A", "status"] == "shown" and shown.loc["A", "percent"] == 100.0
    assert shown.loc["B", "status"] == TOO_FEW
    assert pd.isna(shown.loc["B", "percent"]) and pd.isna(shown.loc["B", "respondents"])
    assert "positive" not in table.columns  # exact positive counts never leave


def test_an_authority_under_k_shows_nothing_even_for_an_indicator_it_could_not_reach_k_on():
    frame = responses([("A", {"safe": "never"})] * 8)
    table = authority_indicator_table(frame, SCORING, DisclosureControl(5))
    assert table["status"].tolist() == ["shown"]  # 8 >= K of 5
    table = authority_indicator_table(frame, SCORING, DisclosureControl(10))
    assert table["status"].tolist() == [TOO_FEW]


def test_a_large_group_with_a_small_base_on_one_question_hides_that_question_only():
    frame = responses([("A", {"safe": "never"})] * 15 + [("A", {"talk": ["friend"]})] * 3)
    table = authority_indicator_table(frame, SCORING, DisclosureControl(10)).set_index("indicator")
    assert table.loc["feels_safe", "status"] == "shown"
    assert table.loc["someone_to_talk_to", "status"] == TOO_FEW


@pytest.mark.parametrize(("count", "rounded"), [(10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (102, 100)])
def test_counts_that_leave_are_rounded_to_the_nearest_five(count, rounded):
    assert DisclosureControl.round_count(count) == rounded


def test_k_can_never_be_set_below_five():
    with pytest.raises(DisclosureError):
        DisclosureControl(4)


def test_the_report_lists_every_authority_and_indicator_even_with_no_answers():
    frame = responses([("A", {"safe": "most_of_the_time"})] * 10)
    report = indicator_report(
        frame,
        SCORING,
        {"A": "Ynys Môn", "B": "Gwynedd"},
        {"feels_safe": "Safe", "someone_to_talk_to": "Talk"},
        DisclosureControl(10),
    )
    assert len(report) == 4
    assert (
        report.loc[(report.authority_code == "A") & (report.indicator_id == "feels_safe"), "percent"].item()
        == 100
    )
    assert set(report.loc[report.authority_code == "B", "status"]) == {TOO_FEW}


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

    def responses(questionnaire_id: str, positive: int, negative: int):
        frozen = library.questionnaires[questionnaire_id]
        [item] = [each for each in frozen.items() if each.indicator == "feels_safe_at_home"]
        good = frozen.indicators["feels_safe_at_home"].positive
        values = [value for value in frozen.values(item) if value != "rather_not_say"]
        yes = next(value for value in values if value in good)
        no = next(value for value in values if value not in good)
        answers = [{item.id: yes}] * positive + [{item.id: no}] * negative + [{item.id: "rather_not_say"}]
        frame = pd.DataFrame(
            {
                "response_id": [f"{questionnaire_id}-{n}" for n in range(len(answers))],
                "authority": "W06000016",
                "answers": answers,
            }
        )
        return frame, frozen.scoring()

    table = band_indicator_table(
        {
            "4-7": responses("children-4-7", 9, 3),
            "8-10": responses("children-8-10", 10, 10),
            "11-18": responses("young-people-11-18", 3, 1),
        },
        DisclosureControl(10),
    )
    safe = table[table["indicator"] == "feels_safe_at_home"].set_index("band")
    assert safe.loc["4-7", "percent"] == 75 and safe.loc["4-7", "respondents"] == 10  # base 12, rounded
    assert safe.loc["8-10", "percent"] == 50 and safe.loc["8-10", "respondents"] == 20
    assert safe.loc["11-18", "status"] == "too_few" and pd.isna(safe.loc["11-18", "percent"])
    assert "positive" not in table.columns  # exact counts never leave

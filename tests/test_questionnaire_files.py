"""Questionnaire files: the bundled ones are valid, and every mistake is reported by file and item."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.config import PROJECT_ROOT
from survey_app.content.loader import load_library, questionnaire_files
from survey_app.content.schema import Questionnaire

from .conftest import data_dir

QUESTIONNAIRES = PROJECT_ROOT / "questionnaires"
BROKEN = data_dir() / "broken_questionnaire.yaml"


def test_every_bundled_questionnaire_loads_without_problems(library):
    assert library.problems == []
    assert {path.stem for path in questionnaire_files(QUESTIONNAIRES)} == set(library.questionnaires)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_every_bundled_text_exists_in_both_languages(library, lang):
    for frozen in library.questionnaires.values():
        texts = [frozen.questionnaire.title, frozen.questionnaire.purpose]
        for page in frozen.pages:
            texts.append(page.title)
            for item in page.items:
                texts += [item.text] + ([item.hint] if item.hint else [])
                texts += [option.label for option in frozen.options(item)]
        assert all(text(lang).strip() for text in texts)


def test_the_8_to_10_questionnaire_has_each_kind_of_question_and_indicators(short_8_10):
    kinds = {item.type for item in short_8_10.items()}
    assert {"single_choice", "multiple_choice", "faces", "yes_no", "scale_0_10", "free_text"} <= kinds
    assert 10 <= short_8_10.question_count() <= 14
    assert short_8_10.questionnaire.age_band == "8-10"
    scored = short_8_10.scoring()
    assert len(scored) >= 8


def test_faces_carry_alt_text_in_both_languages(short_8_10):
    faces = [item for item in short_8_10.items() if item.type == "faces"]
    assert faces
    for item in faces:
        for option in short_8_10.options(item):
            if option.value == "rather_not_say":
                continue  # a plain answer below the faces, with no face to describe
            assert option.alt is not None and option.alt("cy") and option.alt("en")


def test_a_broken_file_reports_every_problem_naming_the_file_and_the_item():
    library = load_library(QUESTIONNAIRES, [BROKEN])
    lines = [str(problem) for problem in library.problems]
    assert all(line.startswith(str(BROKEN)) for line in lines)
    assert any("item no_welsh" in line and "Welsh text missing" in line for line in lines), lines


def test_semantic_mistakes_are_each_reported(tmp_path: Path):
    text = BROKEN.read_text(encoding="utf-8").replace(
        'text: {en: "Where is the Welsh?"}', 'text: {en: "Where is the Welsh?", cy: "Ble mae\'r Gymraeg?"}'
    )
    fixed_welsh = tmp_path / "broken.yaml"
    fixed_welsh.write_text(text, encoding="utf-8")
    lines = [str(problem) for problem in load_library(QUESTIONNAIRES, [fixed_welsh]).problems]
    expected = [
        "item unknown_set: unknown option set no_such_set",
        "item unknown_indicator: unknown indicator no_such_indicator",
        "item looks_forward: show_if refers to later_item, which is not on an earlier page",
        "item later_item: item id used twice",
        "a questionnaire for audience child needs age_band",
    ]
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, lines)


def test_a_follow_up_on_the_same_page_is_refused(tmp_path: Path):
    path = tmp_path / "same-page.yaml"
    path.write_text(
        """
id: same-page
audience: staff
minutes: 2
title: {en: "T", cy: "T"}
purpose: {en: "P", cy: "P"}
pages:
  - id: only
    title: {en: "Only", cy: "Unig"}
    items:
      - {id: first, type: yes_no, options: yes_no_ydw, text: {en: "A?", cy: "A?"}}
      - {id: second, type: free_text, show_if: {item: first, any_of: ["yes"]}, text: {en: "B", cy: "B"}}
""",
        encoding="utf-8",
    )
    lines = [str(problem) for problem in load_library(QUESTIONNAIRES, [path]).problems]
    assert lines == [
        f"{path}: item second: show_if refers to first, on the same page: move it to a later page"
    ]


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\npages: [\n  - oops: : :\n", encoding="utf-8")
    [problem] = load_library(QUESTIONNAIRES, [path]).problems
    assert problem.file == str(path) and problem.item.startswith("line ")


def test_the_schema_is_available_as_json_schema():
    schema = Questionnaire.model_json_schema()
    assert "pages" in schema["properties"]
    assert schema["$defs"]["Text"]["required"] == ["en", "cy"]


def test_check_command_passes_for_the_bundled_files(runner):
    result = runner.invoke(args=["questionnaires", "check"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_check_command_fails_with_one_line_per_problem(runner):
    result = runner.invoke(args=["questionnaires", "check", str(BROKEN)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) >= 1 and all(line.startswith(f"{BROKEN}: ") for line in lines)


def test_check_command_reports_a_missing_file(runner, tmp_path):
    missing = tmp_path / "nowhere.yaml"
    result = runner.invoke(args=["questionnaires", "check", str(missing)])
    assert result.exit_code == 1
    assert result.output.strip() == f"{missing}: -: file not found"

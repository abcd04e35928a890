"""Questionnaire files: the bundled ones are valid, and every mistake is reported by file and item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

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


BUNDLED = [
    "children-4-7",
    "children-8-10",
    "young-people-11-18",
    "care-leavers-16-25",
    "foster-carers",
    "staff",
    "placement-consultation",
    "authority-self-audit",
]


def test_every_audience_and_age_band_is_bundled(library):
    assert set(BUNDLED) <= set(library.questionnaires)
    bands = {(q.questionnaire.audience, q.questionnaire.age_band) for q in library.questionnaires.values()}
    assert {("child", "4-7"), ("child", "8-10"), ("child", "11-18"), ("care_leaver", "16-25")} <= bands
    assert {"foster_carer", "staff", "authority"} <= {audience for audience, _band in bands}


@pytest.mark.parametrize(
    ("questionnaire_id", "low", "high"),
    [("children-4-7", 10, 16), ("children-8-10", 30, 50), ("young-people-11-18", 30, 50)],
)
def test_children_questionnaires_are_the_right_length(library, questionnaire_id, low, high):
    assert low <= library.questionnaires[questionnaire_id].question_count() <= high


def test_the_youngest_see_one_question_a_page_mostly_as_faces(library):
    frozen = library.questionnaires["children-4-7"]
    assert all(len([item for item in page.items if item.answerable]) <= 1 for page in frozen.pages)
    kinds = [item.type for item in frozen.items() if item.answerable]
    assert kinds.count("faces") > len(kinds) / 2


def test_the_care_leavers_questionnaire_asks_the_four_ons_questions_on_0_to_10(library):
    frozen = library.questionnaires["care-leavers-16-25"]
    ons = {item.indicator: item for item in frozen.items() if (item.indicator or "").startswith("ons_")}
    assert set(ons) == {"ons_life_satisfaction", "ons_worthwhile", "ons_happiness", "ons_low_anxiety"}
    assert all(item.type == "scale_0_10" and item.anchors for item in ons.values())


def test_carers_and_staff_answer_the_same_national_regional_local_grid(library):
    def grid(questionnaire_id):
        [item] = [i for i in library.questionnaires[questionnaire_id].items() if i.type == "grid"]
        return item

    carers, staff = grid("foster-carers"), grid("staff")
    assert carers.options == staff.options == "delivery_level"
    assert [row.id for row in carers.rows] == [row.id for row in staff.rows]
    assert len(carers.rows) >= 6


def test_every_question_offers_i_would_rather_not_say_last_and_nothing_else_pretends_to(library):
    for frozen in library.questionnaires.values():
        for item in frozen.items():
            values = frozen.values(item)
            if item.type in ("information", "free_text", "number"):
                assert "rather_not_say" not in values
            else:
                assert values[-1] == "rather_not_say" and values.count("rather_not_say") == 1, item.id


def test_every_questionnaire_has_a_purpose_note_and_children_can_skip_everything(library):
    for frozen in library.questionnaires.values():
        assert len(frozen.questionnaire.purpose.en) > 80 and len(frozen.questionnaire.purpose.cy) > 80
        if frozen.questionnaire.audience in ("child", "care_leaver"):
            assert all(item.optional for item in frozen.items())


def test_indicators_shared_across_the_childrens_bands(library):
    """The same indicator, asked in each band's own words, so results compare band by band."""

    def indicators(questionnaire_id):
        return {item.indicator for item in library.questionnaires[questionnaire_id].items() if item.indicator}

    shared = indicators("children-4-7") & indicators("children-8-10") & indicators("young-people-11-18")
    assert {"feels_safe_at_home", "happy_where_they_live", "has_good_friend", "feels_listened_to"} <= shared
    assert len(shared) >= 8


def test_faces_carry_alt_text_in_both_languages(library):
    for frozen in library.questionnaires.values():
        for item in frozen.items():
            if item.type != "faces":
                continue
            for option in frozen.options(item):
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


# --- each kind of mistake, with its exact message -----------------------------------------------

QUESTION = {"id": "q", "type": "single_choice", "options": "how_often", "text": {"en": "A?", "cy": "A?"}}
EARLIER = {"id": "earlier", "type": "yes_no", "options": "yes_no_ydw", "text": {"en": "E?", "cy": "E?"}}
ROWS = [{"id": "a", "text": {"en": "A", "cy": "A"}}, {"id": "b", "text": {"en": "B", "cy": "B"}}]


def write_questionnaire(tmp_path: Path, item: dict, audience: str = "child", **top) -> Path:
    data = {
        "id": "mistake",
        "audience": audience,
        "minutes": 2,
        "title": {"en": "T", "cy": "T"},
        "purpose": {"en": "P", "cy": "P"},
        "pages": [
            {"id": "one", "title": {"en": "1", "cy": "1"}, "items": [EARLIER]},
            {"id": "two", "title": {"en": "2", "cy": "2"}, "items": [item]},
        ],
        **({"age_band": "8-10"} if audience == "child" else {}),
        **top,
    }
    path = tmp_path / "mistake.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


MISTAKES = [
    ({**QUESTION, "text": {"en": "A?"}}, "item q: Welsh text missing in text"),
    ({**QUESTION, "hint": {"cy": "Awgrym"}}, "item q: English text missing in hint"),
    ({**QUESTION, "text": {"en": "A?", "cy": "  "}}, "item q: Welsh text missing in text"),
    ({**QUESTION, "options": "no_such_set"}, "item q: unknown option set no_such_set"),
    ({**QUESTION, "indicator": "no_such_indicator"}, "item q: unknown indicator no_such_indicator"),
    ({**QUESTION, "options": None}, "item q: a single_choice question needs an option set"),
    ({**QUESTION, "type": "free_text"}, "item q: a free_text item takes no option set"),
    ({**QUESTION, "type": "faces"}, "item q: face all_the_time in option set how_often has no alt text"),
    (
        {**QUESTION, "type": "scale_0_10", "options": None},
        "item q: a 0-10 scale needs anchors (what 0 and 10 mean)",
    ),
    (
        {**QUESTION, "type": "number", "options": None, "min": 5, "max": 1},
        "item q: a number question needs min and max, with min no more than max",
    ),
    ({**QUESTION, "max_length": 100}, "item q: only free_text takes max_length"),
    (
        {**QUESTION, "type": "information", "options": None, "indicator": "life_going_well"},
        "item q: an information block cannot carry an indicator",
    ),
    (
        {**QUESTION, "indicator": "happy_where_they_live"},
        "item q: none of the answers counts as positive for indicator happy_where_they_live",
    ),
    (
        {**QUESTION, "show_if": {"item": "nowhere", "any_of": ["yes"]}},
        "item q: show_if refers to nowhere, which is not on an earlier page",
    ),
    (
        {**QUESTION, "show_if": {"item": "earlier", "any_of": ["maybe"]}},
        "item q: show_if uses maybe, not an answer to earlier",
    ),
    ({**QUESTION, "type": "grid", "rows": ROWS[:1]}, "item q: a grid needs at least two rows"),
    ({**QUESTION, "type": "grid", "rows": [ROWS[0], ROWS[0]]}, "item q: grid row a used twice"),
    (
        {**QUESTION, "type": "grid", "rows": ROWS, "indicator": "feels_safe_at_home"},
        "item q: a grid cannot carry an indicator: ask the indicator's question on its own",
    ),
    ({**QUESTION, "rows": ROWS}, "item q: only a grid takes rows"),
    (
        {**QUESTION, "optional": False},
        "item q: every question for audience child can be skipped: drop optional: false",
    ),
    ({**QUESTION, "colour": "red"}, "item q: unknown key colour"),
    ({**QUESTION, "id": "earlier"}, "item earlier: item id used twice"),
    ({**QUESTION, "id": "Bad Id"}, "item Bad Id: id: String should match pattern '^[a-z][a-z0-9_]*$'"),
    (
        {**QUESTION, "help_topic": "no_such_topic"},
        "item q: unknown help_topic no_such_topic: add it to the topics in help_contacts.yaml",
    ),
    (
        {**QUESTION, "help_topic": "Safety"},
        "item q: help_topic: String should match pattern '^[a-z][a-z0-9_]*$'",
    ),
]


@pytest.mark.parametrize(("item", "message"), MISTAKES, ids=[message for _item, message in MISTAKES])
def test_each_kind_of_mistake_gets_its_own_precise_message(tmp_path: Path, item: dict, message: str):
    item = {key: value for key, value in item.items() if value is not None}
    path = write_questionnaire(tmp_path, item)
    lines = [str(problem) for problem in load_library(QUESTIONNAIRES, [path]).problems]
    assert lines[0] == f"{path}: {message}"
    # Only that mistake is reported (a face set without alt text gets one line per face).
    assert all(line.startswith(f"{path}: {message.split(':')[0]}:") for line in lines)


def test_a_follow_up_may_only_look_at_a_question_with_answers_to_choose(tmp_path: Path):
    path = write_questionnaire(tmp_path, {**QUESTION, "show_if": {"item": "earlier", "any_of": ["yes"]}})
    text = path.read_text(encoding="utf-8").replace(
        "type: yes_no\n    options: yes_no_ydw\n", "type: free_text\n"
    )
    path.write_text(text, encoding="utf-8")
    assert [str(problem) for problem in load_library(QUESTIONNAIRES, [path]).problems] == [
        f"{path}: item q: show_if can only look at a question with answers to choose, not free_text"
    ]


def test_a_questionnaire_for_children_needs_an_age_band(tmp_path: Path):
    path = write_questionnaire(tmp_path, QUESTION)
    path.write_text(path.read_text(encoding="utf-8").replace("age_band: 8-10\n", ""), encoding="utf-8")
    assert [str(problem) for problem in load_library(QUESTIONNAIRES, [path]).problems] == [
        f"{path}: -: a questionnaire for audience child needs age_band"
    ]


def test_adults_questions_may_be_required(tmp_path: Path):
    path = write_questionnaire(tmp_path, {**QUESTION, "optional": False}, audience="staff")
    assert load_library(QUESTIONNAIRES, [path]).problems == []


def test_the_shared_files_may_not_claim_the_rather_not_say_answer(tmp_path: Path):
    folder = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRES, folder)
    for name, old, new in (
        ("option_sets.yaml", "value: never\n", "value: rather_not_say\n"),
        ("indicators.yaml", "positive: [about_right]", "positive: [about_right, rather_not_say]"),
    ):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    lines = [str(problem) for problem in load_library(folder, []).problems]
    reserved = "rather_not_say is added to every question by Lleisiau and counts as no answer: do not list it"
    assert f"{folder / 'option_sets.yaml'}: option set how_often: {reserved}" in lines
    assert f"{folder / 'indicators.yaml'}: indicator family_contact_right: {reserved}" in lines


def test_the_schema_command_prints_the_json_schema_editors_can_use(runner):
    import json

    result = runner.invoke(args=["questionnaires", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    item_types = schema["$defs"]["Item"]["properties"]["type"]["enum"]
    assert {"grid", "scale", "faces", "scale_0_10", "free_text", "information"} <= set(item_types)

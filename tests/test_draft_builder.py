"""The builder's operations on a draft's source, each checked as `questionnaires check` checks."""

from __future__ import annotations

import pytest
import yaml

from survey_app.content.schema import OptionSet
from survey_app.store import draft_builder as build
from survey_app.store.draft_builder import BuildError
from tests.conftest import data_dir


@pytest.fixture()
def source() -> dict:
    return yaml.safe_load((data_dir() / "short-8-10.yaml").read_text(encoding="utf-8"))


def order(source: dict) -> list[tuple[str, list[str]]]:
    return [(page["id"], [item["id"] for item in page["items"]]) for page in source["pages"]]


def problems(source: dict, library) -> list[str]:
    topics = set(library.help.topics) if library.help else None
    return [each.message for each in build.checked(source, library.option_sets, library.indicators, topics)]


def test_moving_a_question_within_its_page_and_across_the_page_boundary(source):
    moved = build.move_item(source, "happy_at_home", -1)
    assert order(moved)[0] == ("home", ["happy_at_home", "safe_at_home"])
    assert order(source)[0] == ("home", ["safe_at_home", "happy_at_home"])  # the original is untouched
    down = build.move_item(source, "happy_at_home", +1)
    assert order(down)[:2] == [
        ("home", ["safe_at_home"]),
        ("social_worker", ["happy_at_home", "know_social_worker"]),
    ]
    up = build.move_item(source, "know_social_worker", -1)
    assert order(up)[:2] == [
        ("home", ["safe_at_home", "happy_at_home", "know_social_worker"]),
        ("social_worker", []),
    ]
    with pytest.raises(BuildError) as refused:
        build.move_item(source, "safe_at_home", -1)
    assert refused.value.kind == "nowhere_to_move"
    with pytest.raises(BuildError):
        build.move_item(source, "make_care_better", +1)


def test_moving_a_question_to_a_page_and_removing_it(source):
    moved = build.move_item_to_page(source, "safe_at_home", "your_life")
    assert order(moved)[-1] == ("your_life", ["life_score", "make_care_better", "safe_at_home"])
    removed = build.remove_item(source, "good_friend")
    assert "good_friend" not in build.item_ids(removed) and "good_friend" in build.item_ids(source)
    with pytest.raises(BuildError) as refused:
        build.remove_item(source, "no_such_question")
    assert refused.value.kind == "no_such_item"
    with pytest.raises(BuildError) as refused:
        build.move_item_to_page(source, "safe_at_home", "no_such_page")
    assert refused.value.kind == "no_such_page"


def test_pages_move_are_added_renamed_and_removed(source):
    assert [page for page, _ in order(build.move_page(source, "social_worker", -1))][:2] == [
        "social_worker",
        "home",
    ]
    with pytest.raises(BuildError):
        build.move_page(source, "home", -1)
    added = build.add_page(source, "extra", "More", "Mwy", after="home")
    assert order(added)[1] == ("extra", [])
    assert build.empty_pages(added) == ["extra"]
    with pytest.raises(BuildError) as refused:
        build.add_page(source, "home", "Again", "Eto")
    assert refused.value.kind == "page_id_taken"
    renamed = build.rename_page(source, "home", "Home", "Cartref")
    assert renamed["pages"][0]["title"] == {"en": "Home", "cy": "Cartref"}
    assert "safe_at_home" not in build.item_ids(build.remove_page(source, "home"))
    assert build.new_page_id(source) == "page_7"


def test_the_last_page_cannot_be_removed(source):
    source["pages"] = source["pages"][:1]
    with pytest.raises(BuildError) as refused:
        build.remove_page(source, "home")
    assert refused.value.kind == "last_page"


def test_adding_and_replacing_a_question(source):
    item = {"id": "pets", "type": "yes_no", "options": "yes_no_ydw", "text": {"en": "Pets?", "cy": ""}}
    added = build.put_item(source, "home", item)
    assert order(added)[0][1][-1] == "pets"
    with pytest.raises(BuildError) as refused:
        build.put_item(added, "home", item)
    assert refused.value.kind == "item_id_taken"
    with pytest.raises(BuildError) as refused:
        build.put_item(source, "home", {**item, "id": "Bad id"})
    assert refused.value.kind == "bad_id"
    replaced = build.put_item(added, "home", {**item, "id": "animals"}, replacing="pets")
    assert order(replaced)[0][1] == ["safe_at_home", "happy_at_home", "animals"]


def test_ids_are_suggested_from_the_english_and_kept_free():
    assert build.suggest_id("Do you feel safe?") == "do_you_feel_safe"
    assert build.suggest_id("Do you feel safe?", {"do_you_feel_safe"}) == "do_you_feel_safe_2"
    assert build.suggest_id("10 things") == "q_10_things"
    assert build.suggest_id("???") == "question"
    assert build.free_id("a", {"a", "a_2"}) == "a_3"


def test_checking_allows_missing_welsh_and_empty_pages_but_not_broken_structure(source, library):
    assert problems(source, library) == []
    source["pages"][0]["items"][0]["text"]["cy"] = ""
    assert problems(build.add_page(source, "later", "Later", ""), library) == []
    # trust_social_worker is asked only after know_social_worker: it cannot go before it.
    broken = build.move_item_to_page(source, "trust_social_worker", "home")
    assert any("show_if refers to know_social_worker" in each for each in problems(broken, library))
    removed = build.remove_item(source, "know_social_worker")
    assert any("show_if refers to know_social_worker" in each for each in problems(removed, library))
    bad_indicator = build.put_item(
        source,
        "home",
        {
            "id": "pets",
            "type": "yes_no",
            "options": "yes_no_ydw",
            "indicator": "same_social_worker",
            "text": {"en": "Pets?", "cy": "Anifeiliaid?"},
        },
    )
    assert "none of the answers counts as positive for indicator same_social_worker" in problems(
        bad_indicator, library
    )


def test_a_drafts_own_answer_sets_join_the_shared_ones(library):
    own = {
        "pets_set": {
            "id": "pets_set",
            "options": [
                {"value": "dog", "label": {"en": "Dog", "cy": "Ci"}},
                {"value": "cat", "label": {"en": "Cat", "cy": ""}},
            ],
        },
        "how_often": {"id": "how_often", "options": []},
        "broken": {"id": "broken"},
    }
    merged = build.merged_option_sets(library.option_sets, own)
    assert (
        isinstance(merged["pets_set"], OptionSet) and merged["how_often"] is library.option_sets["how_often"]
    )
    assert "broken" not in merged

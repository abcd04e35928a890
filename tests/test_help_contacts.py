"""Help on every page: defaults for Wales, a council's own contacts, and help after sensitive questions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import render_template_string

from survey_app import create_app
from survey_app.config import PROJECT_ROOT
from survey_app.content.frozen import FrozenQuestionnaire
from survey_app.content.loader import ContentError, load_help_file
from survey_app.content.schema import HelpContactFile, Item
from survey_app.help.contacts import help_for, load_help, panel

QUESTIONNAIRES = PROJECT_ROOT / "questionnaires"
RCT = "W06000016"  # Rhondda Cynon Taf
CARDIFF = "W06000015"
TOPICS = {"safety", "bullying", "feelings", "family", "rights", "money_home", "carers"}


def contact(contact_id: str | None, name: str, phone: str = "01234 567890") -> dict[str, Any]:
    return {
        **({"id": contact_id} if contact_id else {}),
        "name": {"en": name, "cy": f"{name} (cy)"},
        "description": {"en": f"About {name}.", "cy": f"Am {name}."},
        "phone": phone,
    }


COUNCIL = {
    "advocacy": contact(None, "RCT advocacy"),
    "contacts": [
        contact("out_of_hours", "RCT out of hours"),
        contact("rights_officer", "RCT rights officer"),
    ],
}


@pytest.fixture(scope="module")
def bundled() -> HelpContactFile:
    return load_help(QUESTIONNAIRES)


def with_council(bundled: HelpContactFile) -> HelpContactFile:
    """The bundled help, as a service would fill it in for Rhondda Cynon Taf."""
    return HelpContactFile.model_validate({**bundled.model_dump(), "authorities": {RCT: COUNCIL}})


def names(help_panel) -> list[str]:
    return [each.name.en for each in help_panel.contacts]


DEFAULTS = ["Meic", "Childline", "Children's Commissioner for Wales"]


def test_a_council_with_nothing_configured_gets_advocacy_and_the_defaults_for_wales(bundled):
    for code in (RCT, None, "W06999999"):
        shown = panel(bundled, code)
        assert names(shown) == ["An advocate", *DEFAULTS]
        assert shown.messages == [] and not shown.sensitive
    meic = panel(bundled, None).contacts[1]
    assert (meic.phone, meic.text, meic.website) == ("080880 23456", "84001", "https://www.meic.cymru")


def test_a_councils_own_advocacy_replaces_the_default_and_its_contacts_come_first(bundled):
    help_file = with_council(bundled)
    assert names(panel(help_file, RCT)) == [
        "RCT out of hours",
        "RCT rights officer",
        "RCT advocacy",
        *DEFAULTS,
    ]
    # Another council still gets the default advocacy, and none of Rhondda Cynon Taf's contacts.
    assert names(panel(help_file, CARDIFF)) == ["An advocate", *DEFAULTS]


def test_topic_help_comes_first_in_the_order_asked_without_repeats(bundled):
    shown = panel(bundled, None, ["rights", "safety", "rights", "safety"])
    assert shown.sensitive
    assert shown.messages == [bundled.topics["rights"].message, bundled.topics["safety"].message]
    # rights: advocacy, (no council rights officer), the Commissioner; safety: Childline, Meic.
    assert names(shown) == ["An advocate", "Children's Commissioner for Wales", "Childline", "Meic"]


def test_a_topic_brings_the_councils_own_contact_to_the_top(bundled):
    help_file = with_council(bundled)
    shown = panel(help_file, RCT, ["rights"])
    assert names(shown)[:3] == ["RCT advocacy", "RCT rights officer", "Children's Commissioner for Wales"]
    assert names(panel(help_file, RCT, ["carers"]))[0] == "RCT out of hours"
    assert len(names(shown)) == len(set(names(shown))) == 6
    # Without a council number, foster carers still see the message and their own contacts for Wales.
    carers = panel(bundled, None, ["carers"], audience="foster_carer")
    assert carers.messages == [bundled.topics["carers"].message] and names(carers) == [
        "Your fostering service's on-call line",
        "The Fostering Network",
        "Samaritans",
    ]


def test_a_topic_the_file_no_longer_has_is_skipped_not_an_error_on_a_childs_page(bundled):
    shown = panel(bundled, None, ["no_such_topic", "bullying"])
    assert shown.messages == [bundled.topics["bullying"].message]
    assert names(shown) == ["Childline", "Meic", "An advocate", "Children's Commissioner for Wales"]


def test_help_for_uses_the_file_loaded_at_start_up_and_the_old_context_processor_still_works():
    app = create_app("testing")
    with app.test_request_context("/"):
        assert names(help_for(None, ["feelings"]))[:2] == ["Childline", "Meic"]
        assert render_template_string("{{ help_contacts()|length }}") == "3"
        assert render_template_string("{{ help_for(none, ['rights']).messages|length }}") == "1"


def every_contact(help_file: HelpContactFile) -> list:
    sets = [(help_file.help_contacts, help_file.advocacy)]
    sets += [(each.help_contacts, each.advocacy) for each in help_file.audiences.values()]
    return [contact for contacts, advocacy in sets for contact in [*contacts, advocacy] if contact]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_help_text_exists_in_both_languages(bundled, lang):
    contacts = every_contact(bundled)
    texts = [text for each in contacts for text in (each.name, each.description)]
    messages = [topic.message for topic in bundled.topics.values()]
    messages += [variant.message for topic in bundled.topics.values() for variant in topic.audiences.values()]
    assert all(text(lang).strip() for text in [*texts, *messages])
    # The messages and descriptions are written in Welsh, not copied from the English.
    assert all(each.description.cy != each.description.en for each in contacts)
    assert all(text.cy != text.en for text in messages)
    assert set(bundled.topics) == TOPICS and bundled.advocacy is not None
    # A contact with no number or website (your own fostering service, your employer) says where to find it.
    for each in contacts:
        says_where = "number" in each.description.en and re.search(r"\br?h?if\b", each.description.cy)
        assert each.phone or each.website or says_where, each.name.en


def test_every_bundled_help_topic_resolves_and_each_topic_is_used(library, bundled):
    used = {
        item.help_topic: questionnaire_id
        for questionnaire_id, frozen in library.questionnaires.items()
        for item in frozen.items()
        if item.help_topic
    }
    assert set(used) <= set(bundled.topics)
    assert set(used) == TOPICS
    for questionnaire_id in ("children-4-7", "children-8-10", "young-people-11-18", "care-leavers-16-25"):
        safe = library.questionnaires[questionnaire_id].item("safe_at_home")
        assert safe.help_topic == "safety", questionnaire_id


# --- a broken help file stops the app, naming the file and what is wrong -----------------------


def broken_copy(tmp_path: Path, change) -> Path:
    folder = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRES, folder)
    path = folder / "help_contacts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _no_welsh(data):
    del data["topics"]["safety"]["message"]["cy"]


def _unknown_contact(data):
    data["topics"]["safety"]["contacts"].append("no_such_line")


def _bad_code(data):
    data["authorities"] = {"Rhondda": COUNCIL}


def _council_no_english(data):
    data["authorities"] = {RCT: {"contacts": [{**contact("out_of_hours", "X"), "name": {"cy": "X"}}]}}


def _repeated_id(data):
    data["help_contacts"].append(contact("meic", "Another Meic"))


def _advocacy_clash(data):
    data["authorities"] = {RCT: {"contacts": [contact("advocacy", "Another advocate")]}}


def _council_clash_with_an_audiences_id(data):
    data["authorities"] = {RCT: {"contacts": [contact("samaritans", "RCT Samaritans")]}}


def _variant_unknown_contact(data):
    data["topics"]["feelings"]["audiences"]["care_leaver"]["contacts"].append("childline_typo")


def _unknown_audience(data):
    data["audiences"]["adults"] = data["audiences"]["staff"]


def _repeated_id_in_an_audience(data):
    data["audiences"]["staff"]["help_contacts"].append(contact("samaritans", "Another Samaritans"))


def _unknown_council_audience(data):
    data["authorities"] = {RCT: {"contacts": [{**contact("out_of_hours", "X"), "audience": "adults"}]}}


def _unknown_key(data):
    data["topics"]["feelings"]["colour"] = "blue"


BROKEN_HELP = [
    (_no_welsh, "topic safety: Welsh text missing in message"),
    (_unknown_contact, "topic safety: unknown contact no_such_line: use one of advocacy, childline"),
    (_bad_code, "authority Rhondda: [key]: String should match pattern '^W06[0-9]{6}$'"),
    (_council_no_english, f"authority {RCT}: English text missing in contacts.0.name"),
    (_repeated_id, "help_contacts meic: id used twice"),
    (_advocacy_clash, f"authority {RCT}: contact id advocacy is already a default contact or advocacy"),
    (_unknown_key, "topic feelings: unknown key colour"),
    (
        _council_clash_with_an_audiences_id,
        f"authority {RCT}: contact id samaritans is already a default contact or advocacy",
    ),
    (_variant_unknown_contact, "topic feelings for care_leaver: unknown contact childline_typo"),
    (_repeated_id_in_an_audience, "audiences staff samaritans: id used twice"),
    (_unknown_audience, "-: audiences.adults.[key]: Input should be 'child', 'care_leaver', 'foster_carer'"),
    (
        _unknown_council_audience,
        f"authority {RCT}: contacts.0.audience: Input should be 'everyone', 'child', 'care_leaver'",
    ),
]


@pytest.mark.parametrize(("change", "message"), BROKEN_HELP, ids=[message for _c, message in BROKEN_HELP])
def test_a_broken_help_file_is_reported_by_file_and_what_is_wrong(tmp_path: Path, change, message):
    folder = broken_copy(tmp_path, change)
    _parsed, problems = load_help_file(folder)
    lines = [str(problem) for problem in problems]
    assert len(lines) == 1 and lines[0].startswith(f"{folder / 'help_contacts.yaml'}: {message}"), lines


def test_the_app_refuses_to_start_with_a_broken_help_file(tmp_path: Path):
    folder = broken_copy(tmp_path, _no_welsh)
    with pytest.raises(ContentError) as error:
        create_app("testing", {"QUESTIONNAIRE_DIR": str(folder)})
    assert f"{folder / 'help_contacts.yaml'}: topic safety: Welsh text missing in message" in str(error.value)


def test_the_check_command_reports_a_help_topic_the_help_file_lacks(tmp_path: Path):
    folder = broken_copy(tmp_path, lambda data: data["topics"].pop("bullying"))
    app = create_app("testing", {"QUESTIONNAIRE_DIR": str(folder)})
    result = app.test_cli_runner().invoke(args=["questionnaires", "check"])
    assert result.exit_code == 1
    survey = folder / "surveys" / "children-8-10.yaml"
    assert (
        f"{survey}: item bullied: unknown help_topic bullying: add it to the topics in help_contacts.yaml"
        in (result.output)
    )


def test_a_help_file_from_before_topics_and_ids_still_loads(tmp_path: Path):
    """A service's own copy written for an earlier Lleisiau keeps working."""
    (tmp_path / "help_contacts.yaml").write_text(
        yaml.safe_dump({"help_contacts": [contact(None, "Local line")]}), encoding="utf-8"
    )
    help_file = load_help(tmp_path)
    assert names(panel(help_file, RCT, ["safety"])) == ["Local line"]


# --- tagging questions does not republish untagged content ---------------------------------------

PINNED = {
    "questionnaire": {
        "id": "pinned",
        "audience": "child",
        "age_band": "8-10",
        "minutes": 2,
        "title": {"en": "Pinned", "cy": "Wedi'i binio"},
        "purpose": {
            "en": "A questionnaire whose hash must never change.",
            "cy": "Holiadur na ddylai ei hash newid byth.",
        },
        "pages": [
            {
                "id": "one",
                "title": {"en": "One", "cy": "Un"},
                "items": [
                    {
                        "id": "safe",
                        "type": "yes_no",
                        "options": "yes_no",
                        "text": {"en": "Safe?", "cy": "Diogel?"},
                    },
                    {"id": "say", "type": "free_text", "text": {"en": "Say more", "cy": "Dweud mwy"}},
                ],
            }
        ],
    },
    "option_sets": {
        "yes_no": {
            "id": "yes_no",
            "options": [
                {"value": "yes", "label": {"en": "Yes", "cy": "Ydw"}},
                {"value": "no", "label": {"en": "No", "cy": "Nac ydw"}},
            ],
        }
    },
    "indicators": {},
}
# Its content hash as computed before items could carry a help topic.
PINNED_HASH = "dcff188ee51f169163a1af4146144293241d1f85c8f265912118befd5e526795"


def test_an_untagged_questionnaire_keeps_the_content_hash_it_had_before_help_topics():
    frozen = FrozenQuestionnaire.model_validate(PINNED)
    assert frozen.content_hash() == PINNED_HASH
    assert "help_topic" not in str(frozen.model_dump(mode="json"))


def test_a_tag_is_stored_with_the_item_and_read_back(library):
    frozen = library.questionnaires["children-8-10"]
    stored = frozen.model_dump(mode="json")
    again = FrozenQuestionnaire.model_validate(stored)
    assert again.item("bullied").help_topic == "bullying"
    assert again.content_hash() == frozen.content_hash()
    untagged = [item for page in stored["questionnaire"]["pages"] for item in page["items"]]
    assert sum("help_topic" in item for item in untagged) == sum(1 for i in frozen.items() if i.help_topic)


def test_removing_the_tags_gives_back_exactly_the_untagged_content(library):
    """So the only change a tag makes to a published version is the tag itself."""
    for frozen in library.questionnaires.values():
        pages = [
            page.model_copy(
                update={
                    "items": [Item.model_validate({**i.model_dump(), "help_topic": None}) for i in page.items]
                }
            )
            for page in frozen.pages
        ]
        stripped = frozen.model_copy(
            update={"questionnaire": frozen.questionnaire.model_copy(update={"pages": pages})}
        )
        assert "help_topic" not in str(stripped.model_dump(mode="json"))
        if not any(item.help_topic for item in frozen.items()):
            assert stripped.content_hash() == frozen.content_hash()

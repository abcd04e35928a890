"""Load questionnaire files and check them, reporting every problem as: file, item, what is wrong."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .frozen import FrozenQuestionnaire
from .schema import (
    ADVOCACY,
    CHOICE_TYPES,
    COUNCIL_CONTACT_IDS,
    RATHER_NOT_SAY,
    SCALE_VALUES,
    SINGLE_VALUE_TYPES,
    HelpContact,
    HelpContactFile,
    Indicator,
    IndicatorFile,
    Item,
    OptionSet,
    OptionSetFile,
    Questionnaire,
)

OPTION_SETS_FILE = "option_sets.yaml"
INDICATORS_FILE = "indicators.yaml"
HELP_CONTACTS_FILE = "help_contacts.yaml"
SURVEYS_DIR = "surveys"
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}
AGE_BANDED_AUDIENCES = {"child", "care_leaver"}
RESERVED_MESSAGE = (
    f"{RATHER_NOT_SAY} is added to every question by Lleisiau and counts as no answer: do not list it"
)
# Children and young people can skip any question: a file for them may not make one compulsory.
ALWAYS_OPTIONAL_AUDIENCES = {"child", "care_leaver"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file."""

    file: str
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item}: {self.message}"


class ContentError(Exception):
    """Raised when content that must be valid is not; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Library:
    """Everything in the questionnaires folder, checked."""

    option_sets: dict[str, OptionSet] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    help_contacts: list[HelpContact] = field(default_factory=list)
    help: HelpContactFile | None = None  # None when help_contacts.yaml has problems
    questionnaires: dict[str, FrozenQuestionnaire] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # questionnaire id -> the file it came from
    problems: list[Problem] = field(default_factory=list)


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle), []
    except FileNotFoundError:
        return None, [Problem(str(path), "-", "file not found")]
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f"line {where.line + 1}" if where is not None else "-"
        return None, [Problem(str(path), line, f"not valid YAML: {getattr(error, 'problem', error)}")]


# Top-level mappings whose keys name what is wrong, as "topic safety" or "authority W06000016".
KEYED_SECTIONS = {"topics": "topic", "authorities": "authority"}


def _item_label(raw: Any, loc: tuple[int | str, ...]) -> tuple[str, tuple[int | str, ...]]:
    """Name the item (or page, or top-level key) that a pydantic error location points into."""
    if len(loc) >= 2 and loc[0] in KEYED_SECTIONS and isinstance(loc[1], str):
        return f"{KEYED_SECTIONS[str(loc[0])]} {loc[1]}", loc[2:]
    if len(loc) >= 4 and loc[0] == "pages" and loc[2] == "items":
        page_no, item_no = loc[1], loc[3]
        try:
            item_id = raw["pages"][page_no]["items"][item_no]["id"]
            return f"item {item_id}", loc[4:]
        except (KeyError, IndexError, TypeError):
            return f"page {int(page_no) + 1} item {int(item_no) + 1}", loc[4:]
    if len(loc) >= 2 and loc[0] == "pages":
        try:
            return f"page {raw['pages'][loc[1]]['id']}", loc[2:]
        except (KeyError, IndexError, TypeError):
            return f"page {int(loc[1]) + 1}", loc[2:]
    if len(loc) >= 2 and isinstance(loc[1], int):
        try:
            return f"{loc[0]} {raw[loc[0]][loc[1]]['id']}", loc[2:]
        except (KeyError, IndexError, TypeError):
            return f"{loc[0]} {loc[1] + 1}", loc[2:]
    return "-", loc


def _describe(error: dict[str, Any], rest: tuple[int | str, ...]) -> str:
    where = ".".join(str(part) for part in rest)
    if rest and rest[-1] in LANGUAGE_NAMES and error["type"] in ("missing", "string_too_short"):
        field_name = ".".join(str(part) for part in rest[:-1]) or "text"
        return f"{LANGUAGE_NAMES[str(rest[-1])]} text missing in {field_name}"
    if error["type"] == "missing":
        return f"{where} is required"
    if error["type"] == "extra_forbidden":
        return f"unknown key {where}"
    return f"{where}: {error['msg']}" if where else error["msg"]


def parse(model: type[BaseModel], raw: Any, file: str) -> tuple[Any, list[Problem]]:
    """Validate raw YAML against a model, turning pydantic's errors into Problems."""
    try:
        return model.model_validate(raw), []
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            item, rest = _item_label(raw, tuple(detail["loc"]))
            problems.append(Problem(file, item, _describe(dict(detail), rest)))
        return None, problems


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for each in ids:
        if each in seen:
            repeated.append(each)
        seen.add(each)
    return repeated


def _item_values(item: Item, option_sets: dict[str, OptionSet]) -> list[str] | None:
    if item.type == "scale_0_10":
        return list(SCALE_VALUES)
    if item.options and item.options in option_sets:
        return [option.value for option in option_sets[item.options].options]
    return None


def _check_item(
    item: Item,
    earlier: dict[str, Item],
    option_sets: dict[str, OptionSet],
    indicators: dict[str, Indicator],
    help_topics: Collection[str] | None,
) -> list[str]:
    """The problems with one item, given the items before it."""
    problems = []
    if item.help_topic and help_topics is not None and item.help_topic not in help_topics:
        problems.append(f"unknown help_topic {item.help_topic}: add it to the topics in {HELP_CONTACTS_FILE}")
    if item.type in CHOICE_TYPES:
        if item.options is None:
            problems.append(f"a {item.type} question needs an option set")
        elif item.options not in option_sets:
            problems.append(f"unknown option set {item.options}")
        elif item.type == "faces":
            problems.extend(
                f"face {option.value} in option set {item.options} has no alt text"
                for option in option_sets[item.options].options
                if option.alt is None
            )
    elif item.options is not None:
        problems.append(f"a {item.type} item takes no option set")
    if item.type == "grid":
        if not item.rows or len(item.rows) < 2:
            problems.append("a grid needs at least two rows")
        else:
            problems += [f"grid row {row} used twice" for row in _duplicates(row.id for row in item.rows)]
        if item.indicator:
            problems.append("a grid cannot carry an indicator: ask the indicator's question on its own")
    elif item.rows is not None:
        problems.append("only a grid takes rows")
    if item.type == "scale_0_10" and item.anchors is None:
        problems.append("a 0-10 scale needs anchors (what 0 and 10 mean)")
    if item.type == "number" and (item.min is None or item.max is None or item.min > item.max):
        problems.append("a number question needs min and max, with min no more than max")
    if item.max_length is not None and item.type != "free_text":
        problems.append("only free_text takes max_length")
    if not item.answerable and item.indicator:
        problems.append("an information block cannot carry an indicator")
    if item.indicator:
        if item.indicator not in indicators:
            problems.append(f"unknown indicator {item.indicator}")
        else:
            values = _item_values(item, option_sets)
            positive = set(indicators[item.indicator].positive)
            if values is not None and not positive & set(values):
                problems.append(f"none of the answers counts as positive for indicator {item.indicator}")
    if item.show_if:
        target = earlier.get(item.show_if.item)
        if target is None:
            problems.append(f"show_if refers to {item.show_if.item}, which is not on an earlier page")
        elif target.type not in SINGLE_VALUE_TYPES and target.type != "multiple_choice":
            problems.append(f"show_if can only look at a question with answers to choose, not {target.type}")
        else:
            values = _item_values(target, option_sets) or []
            unknown = [value for value in item.show_if.any_of if value not in values]
            if unknown:
                problems.append(f"show_if uses {', '.join(unknown)}, not an answer to {target.id}")
    return problems


def check_questionnaire(
    raw: Any,
    file: str,
    option_sets: dict[str, OptionSet],
    indicators: dict[str, Indicator],
    help_topics: Collection[str] | None = None,
) -> tuple[FrozenQuestionnaire | None, list[Problem]]:
    """Check one questionnaire file's content; return it frozen with what it uses, or its problems.

    Help topics are checked when `help_topics` is given (it is not when the help file itself is broken,
    which is reported on its own).
    """
    questionnaire, problems = parse(Questionnaire, raw, file)
    if questionnaire is None:
        return None, problems
    if questionnaire.audience in AGE_BANDED_AUDIENCES and questionnaire.age_band is None:
        problems.append(
            Problem(file, "-", f"a questionnaire for audience {questionnaire.audience} needs age_band")
        )
    if questionnaire.audience in ALWAYS_OPTIONAL_AUDIENCES:
        problems += [
            Problem(
                file,
                f"item {item.id}",
                f"every question for audience {questionnaire.audience} can be skipped: drop optional: false",
            )
            for page in questionnaire.pages
            for item in page.items
            if not item.optional
        ]
    problems += [
        Problem(file, f"page {page}", "page id used twice")
        for page in _duplicates(page.id for page in questionnaire.pages)
    ]
    all_items = [item for page in questionnaire.pages for item in page.items]
    problems += [
        Problem(file, f"item {item}", "item id used twice")
        for item in _duplicates(item.id for item in all_items)
    ]
    # show_if may only look at items on earlier pages: pages are sent one at a time and must work
    # without JavaScript, so a follow-up cannot appear on the page of the answer that leads to it.
    earlier: dict[str, Item] = {}
    for page in questionnaire.pages:
        on_this_page = {item.id: item for item in page.items}
        for item in page.items:
            messages = _check_item(item, earlier, option_sets, indicators, help_topics)
            if item.show_if and item.show_if.item in on_this_page:
                messages = [
                    f"show_if refers to {item.show_if.item}, on the same page: move it to a later page"
                ]
            problems += [Problem(file, f"item {item.id}", message) for message in messages]
        for item_id, item in on_this_page.items():
            earlier.setdefault(item_id, item)
    if problems:
        return None, problems
    used_sets = {item.options for item in all_items if item.options}
    used_indicators = {item.indicator for item in all_items if item.indicator}
    frozen = FrozenQuestionnaire(
        questionnaire=questionnaire,
        option_sets={name: option_sets[name] for name in sorted(used_sets)},
        indicators={name: indicators[name] for name in sorted(used_indicators)},
    )
    return frozen, []


def load_file(path: Path, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    """Read and validate one shared content file."""
    raw, problems = read_yaml(path)
    if raw is None:
        return None, problems or [Problem(str(path), "-", "file is empty")]
    return parse(model, raw, str(path))


def _keyed(path: Path, kind: str, entries: Sequence[Any], library: Library) -> dict[str, Any]:
    library.problems += [
        Problem(str(path), f"{kind} {name}", "id used twice")
        for name in _duplicates(each.id for each in entries)
    ]
    return {each.id: each for each in entries}


def _load_catalogue(directory: Path, library: Library) -> None:
    option_sets, problems = load_file(directory / OPTION_SETS_FILE, OptionSetFile)
    library.problems += problems
    if option_sets:
        library.option_sets = _keyed(
            directory / OPTION_SETS_FILE, "option set", option_sets.option_sets, library
        )
        library.problems += [
            Problem(str(directory / OPTION_SETS_FILE), f"option set {each.id}", RESERVED_MESSAGE)
            for each in option_sets.option_sets
            if any(option.value == RATHER_NOT_SAY for option in each.options)
        ]
    indicators, problems = load_file(directory / INDICATORS_FILE, IndicatorFile)
    library.problems += problems
    if indicators:
        library.indicators = _keyed(directory / INDICATORS_FILE, "indicator", indicators.indicators, library)
        library.problems += [
            Problem(str(directory / INDICATORS_FILE), f"indicator {each.id}", RESERVED_MESSAGE)
            for each in indicators.indicators
            if RATHER_NOT_SAY in each.positive
        ]
    help_file, problems = load_help_file(directory)
    library.problems += problems
    if help_file:
        library.help = help_file
        library.help_contacts = list(help_file.help_contacts)


def check_help_file(help_file: HelpContactFile, file: str) -> list[Problem]:
    """What the schema cannot see: every contact a topic names exists, and no id is used twice.

    Each audience's set has ids of its own (Samaritans may be listed for care leavers, foster carers
    and staff alike); a council's ids must not clash with any of them.
    """
    sets = {"help_contacts": help_file.help_contacts} | {
        f"audiences {audience}": each.help_contacts for audience, each in help_file.audiences.items()
    }
    default_ids: set[str] = set()
    problems: list[Problem] = []
    for where, contacts in sets.items():
        ids = [each.id for each in contacts if each.id]
        default_ids.update(ids)
        problems += [Problem(file, f"{where} {name}", "id used twice") for name in _duplicates(ids)]
        problems += [
            Problem(file, f"{where} {name}", f"the id {name} is kept for the advocacy contact")
            for name in ids
            if name == ADVOCACY
        ]
    for code, council in help_file.authorities.items():
        council_ids = [contact.id for contact in council.contacts if contact.id]
        problems += [
            Problem(file, f"authority {code}", f"contact id {name} used twice")
            for name in _duplicates(council_ids)
        ]
        problems += [
            Problem(file, f"authority {code}", f"contact id {name} is already a default contact or advocacy")
            for name in council_ids
            if name in default_ids or name == ADVOCACY
        ]
    known = {*default_ids, ADVOCACY, *COUNCIL_CONTACT_IDS}
    for topic_id, topic in help_file.topics.items():
        variants = {"": topic.contacts} | {
            f" for {audience}": variant.contacts for audience, variant in topic.audiences.items()
        }
        for suffix, names in variants.items():
            problems += [
                Problem(
                    file,
                    f"topic {topic_id}{suffix}",
                    f"unknown contact {name}: use one of {', '.join(sorted(known))}",
                )
                for name in names
                if name not in known
            ]
            problems += [
                Problem(file, f"topic {topic_id}{suffix}", f"contact {name} listed twice")
                for name in _duplicates(names)
            ]
    return problems


def load_help_file(directory: Path) -> tuple[HelpContactFile | None, list[Problem]]:
    """Read and check help_contacts.yaml: the help shown on respondent pages."""
    path = directory / HELP_CONTACTS_FILE
    help_file, problems = load_file(path, HelpContactFile)
    if help_file is None:
        return None, problems
    problems = check_help_file(help_file, str(path))
    return (None if problems else help_file), problems


def questionnaire_files(directory: Path) -> list[Path]:
    return sorted((directory / SURVEYS_DIR).glob("*.yaml"))


def load_library(directory: Path, files: Sequence[Path] | None = None) -> Library:
    """Load the shared catalogues and the questionnaires (all bundled ones, or just `files`)."""
    library = Library()
    _load_catalogue(directory, library)
    for path in files if files is not None else questionnaire_files(directory):
        raw, problems = read_yaml(path)
        library.problems += problems
        if raw is None:
            if not problems:
                library.problems.append(Problem(str(path), "-", "file is empty"))
            continue
        frozen, problems = check_questionnaire(
            raw,
            str(path),
            library.option_sets,
            library.indicators,
            set(library.help.topics) if library.help else None,
        )
        library.problems += problems
        if frozen is not None:
            if frozen.questionnaire.id in library.questionnaires:
                library.problems.append(
                    Problem(str(path), "-", f"questionnaire id {frozen.questionnaire.id} used twice")
                )
            library.questionnaires[frozen.questionnaire.id] = frozen
            library.files[frozen.questionnaire.id] = path
    return library


def load_checked_library(directory: Path) -> Library:
    """Load everything, raising ContentError if anything is wrong."""
    library = load_library(directory)
    if library.problems:
        raise ContentError(library.problems)
    return library

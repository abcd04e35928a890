"""Questionnaire drafts: import a file, adapt a version, edit text in both languages, check, publish.

A draft keeps its questionnaire as a source document (the shape of a questionnaire file) and, per text,
the English its Welsh was last written or checked against (`translated_from`, the same rule as the
bundled files' translated_from.yaml). Welsh may be missing while a draft is written; it may not be
when the draft is published. Option sets, indicators and help topics come from the shared catalogue.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from ..auth.scope import Scope
from ..content.frozen import FrozenQuestionnaire
from ..content.loader import ContentError, Library, Problem, check_questionnaire, load_library
from ..content.translation import Entry, questionnaire_entries, state
from ..content.wording import reworded
from ..extensions import db
from ..models import Authority, QuestionnaireDraft, QuestionnaireVersion
from . import audit, draft_history
from . import questionnaires as questionnaire_store
from .draft_builder import merged_option_sets

MAX_FILE_BYTES = 256 * 1024
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
ID_MAX_LENGTH = 60
WELSH_PLACEHOLDER = "(Welsh to come)"
PREVIEW_PREFIX = "[EN] "


@dataclass(frozen=True)
class Place:
    """Where a text sits: `part` is title, purpose, page_title, text, hint, low, high or row."""

    part: str
    page: str = ""
    item: str = ""
    row: str = ""


@dataclass(frozen=True)
class TextProblem(Problem):
    """A problem with one text: `kind` is english_empty, welsh_missing, welsh_changed or welsh_unconfirmed."""

    kind: str = ""
    place: Place = field(default_factory=lambda: Place("title"))


@dataclass(frozen=True)
class FileProblem(Problem):
    """A refusal about the file or id as a whole: too_large, not_text, not_mapping, id_taken, id_in_draft."""

    kind: str = ""


# --- The shared catalogue -------------------------------------------------------------------------

_CATALOGUES: dict[str, Library] = {}


def library_catalogue() -> Library:
    """Option sets, indicators and help topics of the configured folder, loaded once per process."""
    directory = str(current_app.config["QUESTIONNAIRE_DIR"])
    if directory not in _CATALOGUES:
        _CATALOGUES[directory] = load_library(Path(directory), [])
    return _CATALOGUES[directory]


def _check(
    raw: Any, name: str, own_sets: dict[str, Any] | None = None
) -> tuple[FrozenQuestionnaire | None, list[Problem]]:
    """Check as `questionnaires check` does, with a draft's own answer sets beside the shared ones."""
    catalogue = library_catalogue()
    topics = set(catalogue.help.topics) if catalogue.help else None
    option_sets = merged_option_sets(catalogue.option_sets, own_sets or {})
    return check_questionnaire(raw, name, option_sets, catalogue.indicators, topics)


# --- Texts and their translation state ------------------------------------------------------------


def _entries(source: Any) -> list[Entry]:
    """Every text of a source document; [] if it is too broken to walk."""
    try:
        return questionnaire_entries(Path("draft"), source)
    except (AttributeError, TypeError):
        return []


def text_entries(draft: QuestionnaireDraft) -> list[Entry]:
    return _entries(draft.source)


def _node(source: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        source = source[step]
    return source


def place(source: Any, entry: Entry) -> Place:
    """Name the place of a text from its path in the source (page, item and row ids)."""
    path = entry.path
    if len(path) == 1:
        return Place(str(path[0]))
    page = str(_node(source, path[:2]).get("id", ""))
    if len(path) == 3:
        return Place("page_title", page=page)
    item = str(_node(source, path[:4]).get("id", ""))
    if path[4] == "anchors":
        return Place(str(path[5]), page, item)
    if path[4] == "rows":
        return Place("row", page, item, str(_node(source, path[:6]).get("id", "")))
    return Place(str(path[4]), page, item)


def welsh_state(draft: QuestionnaireDraft, entry: Entry) -> str:
    """ok, missing, changed (English changed since the Welsh) or unconfirmed (Welsh never checked)."""
    return state(entry, draft.translated_from or {})


def translation_counts(draft: QuestionnaireDraft) -> tuple[int, int]:
    """(texts with Welsh missing, texts whose Welsh needs review)."""
    states = [welsh_state(draft, entry) for entry in text_entries(draft)]
    return states.count("missing"), states.count("changed") + states.count("unconfirmed")


def text_problems(draft: QuestionnaireDraft) -> list[TextProblem]:
    problems = []
    for entry in text_entries(draft):
        verdict = welsh_state(draft, entry)
        if verdict != "ok":
            kind = f"welsh_{verdict}"
            where = place(draft.source, entry)
            problems.append(TextProblem(_name(draft), entry.context, kind.replace("_", " "), kind, where))
    return problems


def _name(draft: QuestionnaireDraft) -> str:
    return f"draft {draft.questionnaire_id}"


# --- Checking --------------------------------------------------------------------------------------


def _filled(source: Any, welsh: Any) -> tuple[Any, list[str]]:
    """A copy with every missing or empty Welsh filled by `welsh(english)`; and the contexts filled."""
    copied = copy.deepcopy(source)
    filled = []
    for entry in _entries(copied):
        node = _node(copied, entry.path)
        if not entry.cy and (node.get("cy") is None or isinstance(node.get("cy"), str)):
            node["cy"] = welsh(entry.en)
            filled.append(entry.context)
    return copied, filled


def check_draft(draft: QuestionnaireDraft) -> tuple[FrozenQuestionnaire | None, list[Problem]]:
    """The draft frozen as it would be published, or why it cannot be: structure, then Welsh."""
    structure, _ = _filled(draft.source, lambda english: WELSH_PLACEHOLDER)
    frozen, problems = _check(structure, _name(draft), draft.option_sets)
    if problems:
        return None, problems
    welsh = text_problems(draft)
    if welsh:
        return None, list(welsh)
    return _check(draft.source, _name(draft), draft.option_sets)


def preview_content(draft: QuestionnaireDraft) -> FrozenQuestionnaire | None:
    """The draft frozen for a preview, missing Welsh shown as "[EN] " + English; None if broken."""
    source, _ = _filled(draft.source, lambda english: PREVIEW_PREFIX + english)
    return _check(source, _name(draft), draft.option_sets)[0]


def compared_with(draft: QuestionnaireDraft) -> QuestionnaireVersion | None:
    """The version a draft's wording is compared with: the one it was adapted from, else the latest
    published version under its id; None for a questionnaire that is new."""
    if draft.based_on is not None:
        return draft.based_on
    return questionnaire_store.latest_published(draft.questionnaire_id)


def reworded_indicators(draft: QuestionnaireDraft) -> list[str]:
    """Indicators whose question the draft words differently from `compared_with` (text in either
    language, answers, or answers counting as positive): their figures will be marked "wording changed"."""
    before = compared_with(draft)
    after = preview_content(draft)
    if before is None or after is None:
        return []
    return reworded(questionnaire_store.frozen_content(before), after)


# --- Making drafts ----------------------------------------------------------------------------------


def may_use_id(questionnaire_id: str, authority_id: int | None) -> bool:
    """Whether an authority (None: the shared library) may publish under this questionnaire id."""
    return Scope(authority_id=authority_id, national=authority_id is None).owns_questionnaire_id(
        questionnaire_id
    )


def has_draft(questionnaire_id: str, authority_id: int | None) -> bool:
    owner = Scope(authority_id=authority_id, national=authority_id is None)
    query = owner.drafts().where(QuestionnaireDraft.questionnaire_id == questionnaire_id)
    return db.session.scalar(query) is not None


def id_problems(questionnaire_id: str, authority_id: int | None, file: str = "-") -> list[Problem]:
    """Why a new draft may not take this id: another's id, or a draft of it exists already."""
    if not may_use_id(questionnaire_id, authority_id):
        return [FileProblem(file, "id", f"id {questionnaire_id} belongs to someone else", "id_taken")]
    if has_draft(questionnaire_id, authority_id):
        return [FileProblem(file, "id", f"a draft with id {questionnaire_id} exists", "id_in_draft")]
    return []


def _read(data: bytes, filename: str) -> tuple[Any, list[Problem]]:
    if len(data) > MAX_FILE_BYTES:
        return None, [FileProblem(filename, "-", "file larger than 256 KB", "too_large")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, [FileProblem(filename, "-", "not UTF-8 text", "not_text")]
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else "-"
        return None, [Problem(filename, line, f"not valid YAML: {getattr(error, 'problem', error)}")]
    if not isinstance(raw, dict):
        return None, [FileProblem(filename, "-", "not a questionnaire (mapping)", "not_mapping")]
    return raw, []


def import_draft(
    data: bytes, filename: str, authority_id: int | None
) -> tuple[QuestionnaireDraft | None, list[Problem]]:
    """Make a draft from an uploaded YAML file; nothing is saved if the file has any problem but
    missing Welsh. Welsh given in the file counts as checked against the English beside it."""
    raw, problems = _read(data, filename)
    if raw is None:
        return None, problems
    structure, filled = _filled(raw, lambda english: WELSH_PLACEHOLDER)
    frozen, problems = _check(structure, filename)
    if frozen is None:
        return None, problems
    questionnaire_id = frozen.questionnaire.id
    problems = id_problems(questionnaire_id, authority_id, filename)
    if problems:
        return None, problems
    source = frozen.questionnaire.model_dump(mode="json", exclude_none=True)
    for entry in _entries(source):
        if entry.context in filled:
            _node(source, entry.path)["cy"] = ""
    draft = _new_draft(source, authority_id, None)
    audit.record("questionnaire_imported", questionnaire_id, authority_id, {"file": filename[:100]})
    return draft, []


def _new_draft(source: dict[str, Any], authority_id: int | None, based_on: int | None) -> QuestionnaireDraft:
    checked = {entry.context: entry.en for entry in _entries(source) if entry.cy}
    draft = QuestionnaireDraft(
        questionnaire_id=source["id"],
        authority_id=authority_id,
        source=source,
        translated_from=checked,
        based_on_id=based_on,
        updated_on=date.today(),
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def suggested_id(version: QuestionnaireVersion, authority_id: int | None) -> str:
    """The version's own id if the caller may publish under it; else "<id>-<authority name>"."""
    if may_use_id(version.questionnaire_id, authority_id):
        return version.questionnaire_id
    name = db.session.get_one(Authority, authority_id).name_en if authority_id else "shared"
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{version.questionnaire_id}-{slug}"[:ID_MAX_LENGTH].rstrip("-")


def adapt(version: QuestionnaireVersion, authority_id: int | None, new_id: str) -> QuestionnaireDraft:
    """A draft copied from a published version under `new_id`; its Welsh counts as checked."""
    source = questionnaire_store.frozen_content(version).questionnaire.model_dump(
        mode="json", exclude_none=True
    )
    source["id"] = new_id
    draft = _new_draft(source, authority_id, version.id)
    audit.record(
        "draft_created", new_id, authority_id, {"from": f"{version.questionnaire_id} v{version.version}"}
    )
    return draft


def blank(
    new_id: str,
    audience: str,
    age_band: str | None,
    title: dict[str, str],
    purpose: dict[str, str],
    authority_id: int | None,
) -> QuestionnaireDraft:
    """A new questionnaire with one empty page, for the builder to fill (publishing refuses empty pages)."""
    source: dict[str, Any] = {"id": new_id, "audience": audience}
    if age_band:
        source["age_band"] = age_band
    source |= {
        "title": {"en": title["en"], "cy": title.get("cy", "")},
        "purpose": {"en": purpose["en"], "cy": purpose.get("cy", "")},
        "minutes": 10,
        "pages": [{"id": "page_1", "title": {"en": "Page 1", "cy": "Tudalen 1"}, "items": []}],
    }
    draft = _new_draft(source, authority_id, None)
    audit.record("draft_created", new_id, authority_id, {"from": "blank"})
    return draft


# --- Editing, publishing, deleting -------------------------------------------------------------------


def apply_edits(
    draft: QuestionnaireDraft, edits: dict[str, tuple[str, str]], confirmed: set[str]
) -> list[TextProblem]:
    """Save typed text; return the rows refused (empty English), which are left as they were.

    Welsh written now counts as checked against the English as it now is; Welsh left alone after its
    English changed needs review, unless the person said they checked it (`confirmed`).
    """
    source = copy.deepcopy(draft.source)
    record = dict(draft.translated_from or {})
    refused = []
    for entry in _entries(source):
        if entry.context not in edits:
            continue
        english, welsh = (text.strip() for text in edits[entry.context])
        if not english:
            where = place(source, entry)
            refused.append(TextProblem(_name(draft), entry.context, "English empty", "english_empty", where))
            continue
        node = _node(source, entry.path)
        node["en"], node["cy"] = english, welsh
        if not welsh:
            record.pop(entry.context, None)
        elif welsh != entry.cy or entry.context in confirmed:
            record[entry.context] = english
    if source != draft.source or record != (draft.translated_from or {}):
        draft_history.save_change(draft, "text_edited", source, None, record)
        audit.record("draft_edited", draft.questionnaire_id, draft.authority_id)
    return refused


def publish_draft(draft: QuestionnaireDraft, today: date) -> QuestionnaireVersion:
    """Publish a draft as a frozen version and delete it; raises ContentError with its problems."""
    frozen, problems = check_draft(draft)
    if frozen is None:
        raise ContentError(problems)
    if not may_use_id(draft.questionnaire_id, draft.authority_id):
        raise ContentError([FileProblem(_name(draft), "id", "id belongs to someone else", "id_taken")])
    version, created = questionnaire_store.publish(frozen, today, authority_id=draft.authority_id)
    audit.record(
        "questionnaire_published",
        f"{version.questionnaire_id} v{version.version}",
        draft.authority_id,
        {"version": version.version, "content_hash": version.content_hash[:12], "created": created},
    )
    db.session.delete(draft)
    db.session.flush()
    return version


def delete_draft(draft: QuestionnaireDraft) -> None:
    audit.record("draft_deleted", draft.questionnaire_id, draft.authority_id)
    db.session.delete(draft)

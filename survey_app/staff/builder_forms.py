"""The question form of the builder: what it shows for a question, and the question it makes from what
was typed. Plain request values (not a WTForms class): the fields shown depend on the type and on the
draft, and everything typed must come back as typed when a change is refused.
"""

from __future__ import annotations

import copy
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..content.schema import CHOICE_TYPES, SCALE_VALUES, SINGLE_VALUE_TYPES, OptionSet
from ..content.translation import questionnaire_entries
from ..store import draft_builder as build
from .builder_messages import Message

TYPE_NAMES: dict[str, LazyString] = {
    "single_choice": _l("Choose one answer"),
    "multiple_choice": _l("Choose any answers"),
    "scale": _l("Scale (agree, how often)"),
    "faces": _l("Faces"),
    "yes_no": _l("Yes or no"),
    "scale_0_10": _l("0 to 10"),
    "number": _l("Number"),
    "grid": _l("Grid (one answer a row)"),
    "free_text": _l("Written answer"),
    "information": _l("Information (not a question)"),
}
FIELDS = (
    "type", "id", "text_en", "text_cy", "hint_en", "hint_cy", "options", "rows", "new_answers",
    "low_en", "low_cy", "high_en", "high_cy", "min", "max", "max_length", "help_topic", "indicator",
    "show_if_item",
)  # fmt: skip


def _pair(node: Any) -> tuple[str, str]:
    node = node or {}
    return str(node.get("en", "")), str(node.get("cy", ""))


def _lines(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{en} | {cy}" if cy else en for en, cy in pairs)


def values_of(item: dict[str, Any]) -> dict[str, Any]:
    """The form's values for an existing question."""
    anchors = item.get("anchors") or {}
    show_if = item.get("show_if") or {}
    values: dict[str, Any] = {
        "type": item.get("type", ""),
        "id": item.get("id", ""),
        "options": item.get("options") or "",
        "rows": _lines([_pair(row.get("text")) for row in item.get("rows") or []]),
        "new_answers": "",
        "min": "" if item.get("min") is None else str(item["min"]),
        "max": "" if item.get("max") is None else str(item["max"]),
        "max_length": "" if item.get("max_length") is None else str(item["max_length"]),
        "help_topic": item.get("help_topic") or "",
        "indicator": item.get("indicator") or "",
        "show_if_item": show_if.get("item", ""),
        "show_if_values": list(show_if.get("any_of", [])),
    }
    for name, node in (
        ("text", item.get("text")),
        ("hint", item.get("hint")),
        ("low", anchors.get("low")),
        ("high", anchors.get("high")),
    ):
        values[f"{name}_en"], values[f"{name}_cy"] = _pair(node)
    return values


def values_from(form: MultiDict[str, str]) -> dict[str, Any]:
    """The form's values as typed."""
    values: dict[str, Any] = {name: (form.get(name) or "").strip() for name in FIELDS}
    values["show_if_values"] = form.getlist("show_if_values")
    return values


def _split(line: str) -> tuple[str, str]:
    english, _, welsh = line.partition("|")
    return english.strip(), welsh.strip()


def split_lines(text: str) -> list[tuple[str, str]]:
    """Lines of "English | Welsh" (the Welsh may be left for later)."""
    return [_split(line) for line in text.splitlines() if line.strip()]


def _text(english: str, welsh: str) -> dict[str, str]:
    return {"en": english, "cy": welsh}


def new_answer_set(values: dict[str, Any], set_id: str) -> dict[str, Any] | None:
    """A council's own answer set from the lines typed, or None if none were typed."""
    pairs = split_lines(values.get("new_answers", ""))
    if not pairs:
        return None
    taken: set[str] = set()
    options = []
    for english, welsh in pairs:
        value = build.suggest_id(english, taken)
        taken.add(value)
        options.append({"value": value, "label": _text(english, welsh)})
    return {"id": set_id, "options": options}


def make_item(
    values: dict[str, Any], original: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[Message]]:
    """The question the values describe (keeping what the form does not show of `original`), or the
    mistakes the form can see before the checker does."""
    errors: list[Message] = []
    kind = values["type"]
    if kind not in TYPE_NAMES:
        errors.append(Message("type", str(_l("Choose the type of question."))))
    if not values["text_en"]:
        errors.append(Message("text_en", str(_l("Enter the question in English."))))
    item: dict[str, Any] = copy.deepcopy(original or {})
    for key in ("hint", "options", "rows", "anchors", "min", "max", "max_length", "help_topic", "indicator"):
        item.pop(key, None)
    item.pop("show_if", None)
    item.update({"id": values["id"], "type": kind, "text": _text(values["text_en"], values["text_cy"])})
    if values["hint_en"] or values["hint_cy"]:
        item["hint"] = _text(values["hint_en"], values["hint_cy"])
    if kind in CHOICE_TYPES and values["options"]:
        item["options"] = values["options"]
    if kind == "grid":
        old_rows = {row["text"]["en"]: row["id"] for row in (original or {}).get("rows") or []}
        taken: set[str] = set()
        rows = []
        for english, welsh in split_lines(values["rows"]):
            row_id = old_rows.get(english) or build.suggest_id(english, taken)
            row_id = build.free_id(row_id, taken)
            taken.add(row_id)
            rows.append({"id": row_id, "text": _text(english, welsh)})
        item["rows"] = rows
    if kind == "scale_0_10":
        item["anchors"] = {
            "low": _text(values["low_en"], values["low_cy"]),
            "high": _text(values["high_en"], values["high_cy"]),
        }
        if not values["low_en"] or not values["high_en"]:
            errors.append(Message("low", str(_l("Enter what 0 and what 10 mean, in English at least."))))
    if kind == "number":
        for name in ("min", "max"):
            try:
                item[name] = int(values[name])
            except ValueError:
                errors.append(Message(name, str(_l("Enter a whole number, like 0 or 25."))))
    if kind == "free_text" and values["max_length"]:
        try:
            item["max_length"] = int(values["max_length"])
            if not 1 <= item["max_length"] <= 5000:
                raise ValueError
        except ValueError:
            errors.append(Message("max_length", str(_l("Enter a number of characters from 1 to 5000."))))
    if values["help_topic"]:
        item["help_topic"] = values["help_topic"]
    if values["indicator"]:
        item["indicator"] = values["indicator"]
    if values["show_if_item"]:
        if not values["show_if_values"]:
            errors.append(Message("show_if", str(_l("Tick the answers after which the question is asked."))))
        item["show_if"] = {"item": values["show_if_item"], "any_of": values["show_if_values"]}
    return (None if errors else item), errors


def answer_values(item: dict[str, Any], option_sets: dict[str, OptionSet]) -> list[str]:
    if item.get("type") == "scale_0_10":
        return list(SCALE_VALUES)
    chosen = option_sets.get(item.get("options") or "")
    return [option.value for option in chosen.options] if chosen else []


def earlier_questions(source: build.Source, page_id: str) -> list[dict[str, Any]]:
    """Questions on pages before `page_id` that a later question can depend on."""
    found = []
    for page in source.get("pages", []):
        if page.get("id") == page_id:
            break
        found += [
            item
            for item in page.get("items", [])
            if item.get("type") in SINGLE_VALUE_TYPES or item.get("type") == "multiple_choice"
        ]
    return found


def recorded_translations(
    old_source: build.Source, new_source: build.Source, record: dict[str, str]
) -> dict[str, str]:
    """The translation record after a change: Welsh typed now counts as checked against the English as it
    now is; Welsh left as it was keeps its record (so changed English still needs checking)."""
    before = {entry.context: (entry.en, entry.cy) for entry in _entries(old_source)}
    updated = dict(record)
    for entry in _entries(new_source):
        if not entry.cy:
            updated.pop(entry.context, None)
        elif entry.context not in before or before[entry.context][1] != entry.cy:
            updated[entry.context] = entry.en
    return updated


def _entries(source: build.Source) -> list[Any]:
    from pathlib import Path

    try:
        return questionnaire_entries(Path("draft"), source)
    except (AttributeError, TypeError, KeyError):
        return []

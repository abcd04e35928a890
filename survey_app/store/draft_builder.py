"""Operations on a draft's source document: move, add, replace and remove questions and pages.

Every function is pure: it takes a source (the shape of a questionnaire file) and returns a changed
copy, or raises BuildError saying why it cannot. Whether the result is a valid questionnaire is for
`checked` (the same checker as `questionnaires check`) to say.

A page may be empty while a draft is written (a new page, before its first question): `checked` leaves
empty pages out, and publishing refuses a page without questions.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from ..content.loader import Problem, check_questionnaire
from ..content.schema import Indicator, OptionSet

Source = dict[str, Any]
WELSH_PLACEHOLDER = "(Welsh to come)"
ITEM_ID = re.compile(r"^[a-z][a-z0-9_]*$")
ID_LENGTH = 60


@dataclass(frozen=True)
class BuildError(Exception):
    """Why an operation cannot be done: `kind` names it (no_such_item, no_such_page, page_id_taken,
    item_id_taken, bad_id, nowhere_to_move, last_page), `params` fill the message."""

    kind: str
    params: dict[str, str] = field(default_factory=dict)


def _pages(source: Source) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = source.setdefault("pages", [])
    for page in pages:
        page.setdefault("items", [])
    return pages


def item_position(source: Source, item_id: str) -> tuple[int, int]:
    """(page index, item index) of a question; BuildError if there is none with that id."""
    for page_no, page in enumerate(source.get("pages", [])):
        for item_no, item in enumerate(page.get("items", [])):
            if item.get("id") == item_id:
                return page_no, item_no
    raise BuildError("no_such_item", {"item": item_id})


def page_position(source: Source, page_id: str) -> int:
    for page_no, page in enumerate(source.get("pages", [])):
        if page.get("id") == page_id:
            return page_no
    raise BuildError("no_such_page", {"page": page_id})


def item_ids(source: Source) -> list[str]:
    return [str(item.get("id")) for page in source.get("pages", []) for item in page.get("items", [])]


def find_item(source: Source, item_id: str) -> dict[str, Any]:
    page_no, item_no = item_position(source, item_id)
    item: dict[str, Any] = source["pages"][page_no]["items"][item_no]
    return item


# --- Questions ---------------------------------------------------------------------------------------


def move_item(source: Source, item_id: str, step: int) -> Source:
    """Move a question one place up (-1) or down (+1); past the top or bottom of its page it goes to
    the end of the previous page or the start of the next."""
    changed = copy.deepcopy(source)
    pages = _pages(changed)
    page_no, item_no = item_position(changed, item_id)
    items = pages[page_no]["items"]
    target = item_no + step
    if 0 <= target < len(items):
        items[item_no], items[target] = items[target], items[item_no]
        return changed
    next_page = page_no + step
    if not 0 <= next_page < len(pages):
        raise BuildError("nowhere_to_move", {"item": item_id})
    item = items.pop(item_no)
    if step < 0:
        pages[next_page]["items"].append(item)
    else:
        pages[next_page]["items"].insert(0, item)
    return changed


def move_item_to_page(source: Source, item_id: str, page_id: str) -> Source:
    """Move a question to the end of another page."""
    changed = copy.deepcopy(source)
    pages = _pages(changed)
    target = page_position(changed, page_id)
    page_no, item_no = item_position(changed, item_id)
    if target == page_no:
        return changed
    pages[target]["items"].append(pages[page_no]["items"].pop(item_no))
    return changed


def remove_item(source: Source, item_id: str) -> Source:
    changed = copy.deepcopy(source)
    page_no, item_no = item_position(changed, item_id)
    del _pages(changed)[page_no]["items"][item_no]
    return changed


def put_item(source: Source, page_id: str, item: dict[str, Any], replacing: str | None = None) -> Source:
    """Add a question at the end of a page, or put it in the place of the question `replacing`."""
    changed = copy.deepcopy(source)
    pages = _pages(changed)
    new_id = str(item.get("id", ""))
    if not ITEM_ID.match(new_id) or len(new_id) > ID_LENGTH:
        raise BuildError("bad_id", {"item": new_id})
    if new_id != replacing and new_id in item_ids(changed):
        raise BuildError("item_id_taken", {"item": new_id})
    if replacing is not None:
        page_no, item_no = item_position(changed, replacing)
        pages[page_no]["items"][item_no] = copy.deepcopy(item)
        return changed
    pages[page_position(changed, page_id)]["items"].append(copy.deepcopy(item))
    return changed


def suggest_id(english: str, taken: Collection[str] = ()) -> str:
    """An item id from English words ("Do you feel safe?" -> do_you_feel_safe), free among `taken`."""
    ascii_text = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    base = "_".join(words)[:40].strip("_") or "question"
    if not base[0].isalpha():
        base = f"q_{base}"
    return free_id(base, taken)


def free_id(wanted: str, taken: Collection[str]) -> str:
    """`wanted`, or `wanted_2`, `wanted_3`... whichever is not taken."""
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted[: ID_LENGTH - 4]}_{number}" in taken:
        number += 1
    return f"{wanted[: ID_LENGTH - 4]}_{number}"


# --- Pages ---------------------------------------------------------------------------------------------


def move_page(source: Source, page_id: str, step: int) -> Source:
    changed = copy.deepcopy(source)
    pages = _pages(changed)
    page_no = page_position(changed, page_id)
    target = page_no + step
    if not 0 <= target < len(pages):
        raise BuildError("nowhere_to_move", {"page": page_id})
    pages[page_no], pages[target] = pages[target], pages[page_no]
    return changed


def add_page(source: Source, page_id: str, title_en: str, title_cy: str, after: str | None = None) -> Source:
    """A new, empty page: at the end, or after the page `after`."""
    changed = copy.deepcopy(source)
    pages = _pages(changed)
    if not ITEM_ID.match(page_id) or len(page_id) > ID_LENGTH:
        raise BuildError("bad_id", {"page": page_id})
    if any(page.get("id") == page_id for page in pages):
        raise BuildError("page_id_taken", {"page": page_id})
    place = page_position(changed, after) + 1 if after else len(pages)
    pages.insert(place, {"id": page_id, "title": {"en": title_en, "cy": title_cy}, "items": []})
    return changed


def rename_page(source: Source, page_id: str, title_en: str, title_cy: str) -> Source:
    changed = copy.deepcopy(source)
    _pages(changed)[page_position(changed, page_id)]["title"] = {"en": title_en, "cy": title_cy}
    return changed


def remove_page(source: Source, page_id: str) -> Source:
    """Remove a page and every question on it (the last page stays: a questionnaire needs one)."""
    changed = copy.deepcopy(source)
    pages = _pages(changed)
    page_no = page_position(changed, page_id)
    if len(pages) == 1:
        raise BuildError("last_page", {"page": page_id})
    del pages[page_no]
    return changed


def new_page_id(source: Source) -> str:
    taken = {str(page.get("id")) for page in source.get("pages", [])}
    number = len(taken) + 1
    while f"page_{number}" in taken:
        number += 1
    return f"page_{number}"


# --- Checking ------------------------------------------------------------------------------------------


def fill_welsh(source: Any, fill: Callable[[str], str]) -> Any:
    """A copy with every empty Welsh text of the source filled by `fill(english)`."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) <= {"en", "cy"} and "en" in node and isinstance(node.get("en"), str):
                if not (node.get("cy") or "").strip():
                    return {"en": node["en"], "cy": fill(node["en"])}
                return dict(node)
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(each) for each in node]
        return node

    return walk(source)


def without_empty_pages(source: Source) -> Source:
    changed = copy.deepcopy(source)
    changed["pages"] = [page for page in changed.get("pages", []) if page.get("items")]
    return changed


def empty_pages(source: Source) -> list[str]:
    return [str(page.get("id")) for page in source.get("pages", []) if not page.get("items")]


def checked(
    source: Source,
    option_sets: dict[str, OptionSet],
    indicators: dict[str, Indicator],
    help_topics: Collection[str] | None,
    name: str = "draft",
) -> list[Problem]:
    """What `questionnaires check` says of a draft being written: missing Welsh and empty pages
    allowed (publishing asks for both); [] when it is otherwise a valid questionnaire."""
    structure = fill_welsh(without_empty_pages(source), lambda english: WELSH_PLACEHOLDER)
    if not structure["pages"]:
        return []
    return check_questionnaire(structure, name, option_sets, indicators, help_topics)[1]


def merged_option_sets(shared: dict[str, OptionSet], own: dict[str, Any]) -> dict[str, OptionSet]:
    """The shared catalogue with a draft's own answer sets (the shared one wins on a clash)."""
    merged = dict(shared)
    for set_id, raw in (own or {}).items():
        if set_id not in merged:
            try:
                merged[set_id] = OptionSet.model_validate(fill_welsh(raw, lambda english: WELSH_PLACEHOLDER))
            except ValueError:
                continue
    return merged

"""What the check-your-answers page lists: every question the respondent was asked, with its answer in words.

Only the answers that would be sent are listed (`flow.kept_answers`): an answer to a follow-up question that a
later change hid again is neither shown nor sent. Which questions were asked is decided from those same
answers, so the page shows exactly what the Send button sends.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content.frozen import FrozenQuestionnaire
from ..content.schema import RATHER_NOT_SAY, Item
from . import flow
from .forms import row_name


@dataclass(frozen=True)
class ScaleEnd:
    """One end of a 0-10 scale and what it means; `says_number` when the text already names the number."""

    number: int
    meaning: str
    says_number: bool


@dataclass(frozen=True)
class Row:
    """One question and its answer in words (empty `words` and `grid_rows` without answers: not answered)."""

    page: int
    item_id: str
    question: str
    kind: str
    anchor: str
    words: list[str] = field(default_factory=list)
    # A grid: each row's text and the answer chosen for it (None: that row was not answered).
    grid_rows: list[tuple[str, str | None]] = field(default_factory=list)
    # A 0-10 scale answered with a number: what its two ends mean.
    scale_ends: list[ScaleEnd] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.words) or any(answer for _text, answer in self.grid_rows)


@dataclass(frozen=True)
class Section:
    """The questions under one page title (pages in a row with the same title are one section)."""

    title: str
    rows: list[Row]


def first_input_id(frozen: FrozenQuestionnaire, item: Item) -> str:
    """The id of the first input of a question on its page (as the error summary links to it)."""
    options = frozen.options(item)
    if item.type == "grid":
        rows = item.rows or []
        name = row_name(item, rows[0].id) if rows else item.id
        return f"{name}-{options[0].value}" if options else name
    if item.type in ("free_text", "number") or not options:
        return item.id
    return f"{item.id}-{options[0].value}"


def _label(frozen: FrozenQuestionnaire, item: Item, value: Any, lang: str) -> str:
    for option in frozen.options(item):
        if option.value == value:
            return option.label(lang)
    if value == RATHER_NOT_SAY:
        return frozen.rather_not_say.label(lang)
    return str(value)


def _says(text: str, number: int) -> bool:
    return re.search(rf"(?<!\d){number}(?!\d)", text) is not None


def row_for(frozen: FrozenQuestionnaire, item: Item, page: int, value: Any, lang: str) -> Row:
    """One question's row: its answer (None for none) put into words in `lang`."""
    words: list[str] = []
    grid_rows: list[tuple[str, str | None]] = []
    scale_ends: list[ScaleEnd] = []
    given = value not in (None, "", [], {})
    if item.type == "grid":
        chosen = value if given and isinstance(value, dict) else {}
        for each in item.rows or []:
            answer = chosen.get(each.id)
            grid_rows.append((each.text(lang), _label(frozen, item, answer, lang) if answer else None))
    elif not given:
        pass
    elif item.type == "multiple_choice":
        words = [_label(frozen, item, each, lang) for each in value]
    elif item.type in ("free_text", "number"):
        words = [frozen.rather_not_say.label(lang) if value == RATHER_NOT_SAY else str(value)]
    else:
        words = [_label(frozen, item, value, lang)]
        if item.type == "scale_0_10" and value != RATHER_NOT_SAY and item.anchors:
            low, high = item.anchors.low(lang), item.anchors.high(lang)
            scale_ends = [ScaleEnd(0, low, _says(low, 0)), ScaleEnd(10, high, _says(high, 10))]
    return Row(
        page=page,
        item_id=item.id,
        question=item.text(lang),
        kind=item.type,
        anchor=first_input_id(frozen, item),
        words=words,
        grid_rows=grid_rows,
        scale_ends=scale_ends,
    )


def sections(frozen: FrozenQuestionnaire, answers: Mapping[str, Any], lang: str) -> list[Section]:
    """Every question this respondent was asked, page by page in order, with the answer that will be sent."""
    kept = flow.kept_answers(frozen, answers)
    found: list[Section] = []
    for number in flow.visible_pages(frozen, kept):
        page = frozen.pages[number - 1]
        rows = [
            row_for(frozen, item, number, kept.get(item.id), lang)
            for item in frozen.visible_items(page, kept)
            if item.answerable
        ]
        if not rows:
            continue
        title = page.title(lang)
        if found and found[-1].title == title:
            found[-1].rows.extend(rows)
        else:
            found.append(Section(title=title, rows=rows))
    return found


def not_answered(found: list[Section]) -> int:
    return sum(1 for section in found for row in section.rows if not row.answered)

"""Which pages a respondent sees, in what order, given their answers so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content.frozen import FrozenQuestionnaire


@dataclass(frozen=True)
class Position:
    """Where a page sits among the pages this respondent will see."""

    number: int
    index: int
    total: int
    previous: int | None
    next: int | None


def visible_pages(frozen: FrozenQuestionnaire, answers: Mapping[str, Any]) -> list[int]:
    """Page numbers (from 1) with at least one item this respondent is asked."""
    return [
        number for number, page in enumerate(frozen.pages, start=1) if frozen.page_is_visible(page, answers)
    ]


def counted_pages(frozen: FrozenQuestionnaire, answers: Mapping[str, Any], here: int) -> list[int]:
    """Pages counted in "page X of Y": those shown, and those that may still be shown.

    A follow-up page whose question is on this page or later still counts, so the total only ever
    goes down as answers hide pages, never up.
    """
    page_of = {item.id: number for number, page in enumerate(frozen.pages, start=1) for item in page.items}
    counted = []
    for number, page in enumerate(frozen.pages, start=1):
        undecided = any(
            item.show_if is not None and page_of.get(item.show_if.item, 0) >= here for item in page.items
        )
        if undecided or frozen.page_is_visible(page, answers):
            counted.append(number)
    return counted


def position(frozen: FrozenQuestionnaire, answers: Mapping[str, Any], number: int) -> Position | None:
    """The position of page `number`, or None if this respondent does not see it."""
    pages = visible_pages(frozen, answers)
    if number not in pages:
        return None
    index = pages.index(number)
    counted = counted_pages(frozen, answers, number)
    return Position(
        number=number,
        index=counted.index(number) + 1,
        total=len(counted),
        previous=pages[index - 1] if index > 0 else None,
        next=pages[index + 1] if index + 1 < len(pages) else None,
    )


def brought_in(frozen: FrozenQuestionnaire, answers: Mapping[str, Any], shown_before: list[int]) -> list[int]:
    """Pages shown now that were not before a change of answers: the follow-ups it brought in."""
    return [number for number in visible_pages(frozen, answers) if number not in shown_before]


def resume_page(frozen: FrozenQuestionnaire, answers: Mapping[str, Any], last_saved: int) -> int | None:
    """The page to carry on from: the first visible page after the last one saved (None: all done)."""
    for number in visible_pages(frozen, answers):
        if number > last_saved:
            return number
    return None


def kept_answers(frozen: FrozenQuestionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to keep on submission: only those to items the respondent was finally asked.

    If a later change hid a follow-up question, its earlier answer is dropped rather than counted.
    """
    kept: dict[str, Any] = {}
    for item in frozen.items():
        if item.id in answers and item.answerable and frozen.is_visible(item, kept):
            kept[item.id] = answers[item.id]
    return kept


def help_topics(
    frozen: FrozenQuestionnaire, answers: Mapping[str, Any], items: list[Any], where: Position
) -> list[str]:
    """Help tailored to this page's sensitive questions, and to those on the page just before it."""
    shown = list(items)
    if where.previous is not None:
        shown += frozen.visible_items(frozen.pages[where.previous - 1], answers)
    return [topic for item in shown if (topic := getattr(item, "help_topic", None))]

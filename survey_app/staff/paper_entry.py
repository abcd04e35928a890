"""Checking one typed-in paper copy with the respondent's own forms, so mistakes are caught as online.

Every question of the questionnaire is on one form, numbered 1..N as the paper copy numbers them (the
answerable ones, in order). The answers are parsed and checked by the survey pages' fields and
validators (respond.forms); what a question hidden by an earlier answer holds is dropped, as the survey
drops it on sending (respond.flow.kept_answers), and free text is redacted as on the survey pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm

from ..content.frozen import FrozenQuestionnaire
from ..content.schema import Item
from ..respond import flow
from ..respond.forms import error_links, page_form, valid_answers_from
from ..respond.redaction import redacted_answers


def answerable(frozen: FrozenQuestionnaire) -> list[Item]:
    return [item for item in frozen.items() if item.answerable]


def numbers(frozen: FrozenQuestionnaire) -> dict[str, int]:
    """Each answerable question's number on the paper copy: 1..N in questionnaire order."""
    return {item.id: number for number, item in enumerate(answerable(frozen), start=1)}


def pages(frozen: FrozenQuestionnaire) -> list[tuple[int, Any, list[Item]]]:
    """(page number, page, its items) for every page: the form shows them all, page for page."""
    return [(number, page, list(page.items)) for number, page in enumerate(frozen.pages, start=1)]


def show_if_notes(frozen: FrozenQuestionnaire, lang: str) -> dict[str, tuple[int, str]]:
    """For each question asked only after an earlier answer: that question's number, and the answers
    that ask it as printed (“Yes” / “Sometimes”)."""
    numbered = numbers(frozen)
    notes = {}
    for item in answerable(frozen):
        rule = item.show_if
        if rule is None or rule.item not in numbered:
            continue
        labels = [
            option.label(lang)
            for option in frozen.options(frozen.item(rule.item))
            if option.value in rule.any_of
        ]
        notes[item.id] = (numbered[rule.item], " / ".join(f"“{label}”" for label in labels))
    return notes


def copy_form(
    frozen: FrozenQuestionnaire, lang: str, saved: dict[str, Any], formdata: Any = None
) -> FlaskForm:
    """The form of the whole copy, in the copy's language, filled with saved answers or those typed."""
    return page_form(frozen, answerable(frozen), lang, saved, formdata=formdata)


@dataclass(frozen=True)
class Checked:
    """A checked copy: the answers to keep, and the problems of questions that were asked."""

    answers: dict[str, Any]
    problems: list[tuple[str, str]]
    dropped: int  # answers given to questions that earlier answers hid


def check(frozen: FrozenQuestionnaire, form: FlaskForm, lang: str) -> Checked:
    """Validate the copy; a problem counts only on a question that the earlier answers asked."""
    form.validate()
    items = answerable(frozen)
    given = {
        item_id: value
        for item_id, value in valid_answers_from(form, items).items()
        if value not in (None, "", [])
    }
    kept = flow.kept_answers(frozen, given)
    asked = [item for item in items if frozen.is_visible(item, kept)]
    problems = error_links(frozen, form, asked)
    return Checked(
        answers=redacted_answers(kept, items, lang),
        problems=problems,
        dropped=len(set(given) - set(kept)),
    )

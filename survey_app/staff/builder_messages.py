"""The checker's problems and the builder's refusals, in the officer's language, with the field they are
about (so the message can stand beside it).

The checker (content/loader.py) words its problems in English for the command line; each kind is
recognised here by its wording and said again in words an officer understands. A problem not known
here is shown as the checker said it, introduced in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext

from ..content.loader import Problem
from ..store.draft_builder import BuildError

Say = Callable[[re.Match[str], str], str]


@dataclass(frozen=True)
class Message:
    """A message for the page, and the field of the question form it is about ("" for none)."""

    field: str
    text: str
    item: str = ""


def _q(item: str) -> str:
    return item or "?"


PATTERNS: list[tuple[str, str, Say]] = [
    (
        r"^unknown help_topic (\S+)",
        "help_topic",
        lambda m, i: gettext("There is no help topic %(topic)s: choose one from the list.", topic=m[1]),
    ),
    (
        r"^a (\S+) question needs an option set",
        "options",
        lambda m, i: gettext("Choose the answers question %(item)s offers.", item=_q(i)),
    ),
    (
        r"^unknown option set (\S+)",
        "options",
        lambda m, i: gettext("There is no answer set %(set)s: choose one from the list.", set=m[1]),
    ),
    (
        r"^face (\S+) in option set (\S+) has no alt text",
        "options",
        lambda m, i: gettext(
            "A faces question needs answers that describe each face for screen readers: "
            "choose a set of faces."
        ),
    ),
    (
        r"^a (\S+) item takes no option set",
        "options",
        lambda m, i: gettext("This type of question takes no answers from a set: leave the answers empty."),
    ),
    (
        r"^a grid needs at least two rows",
        "rows",
        lambda m, i: gettext("A grid needs at least two rows: write one row a line."),
    ),
    (
        r"^grid row (\S+) used twice",
        "rows",
        lambda m, i: gettext("Two rows of the grid are the same (%(row)s): change one.", row=m[1]),
    ),
    (
        r"^a grid cannot carry an indicator",
        "indicator",
        lambda m, i: gettext(
            "A grid cannot feed an indicator: ask the indicator's question on its own, "
            "or choose no indicator."
        ),
    ),
    (r"^only a grid takes rows", "rows", lambda m, i: gettext("Only a grid has rows: leave the rows empty.")),
    (
        r"^a 0-10 scale needs anchors",
        "low",
        lambda m, i: gettext("A 0 to 10 scale needs words for what 0 and 10 mean, in both languages."),
    ),
    (
        r"^a number question needs min and max",
        "min",
        lambda m, i: gettext(
            "A number question needs a smallest and a largest number, the smallest no more than the largest."
        ),
    ),
    (
        r"^only free_text takes max_length",
        "max_length",
        lambda m, i: gettext("Only a written answer has a longest length: leave it empty."),
    ),
    (
        r"^an information block cannot carry an indicator",
        "indicator",
        lambda m, i: gettext(
            "Information is not a question and cannot feed an indicator: choose no indicator."
        ),
    ),
    (
        r"^unknown indicator (\S+)",
        "indicator",
        lambda m, i: gettext(
            "There is no indicator %(indicator)s: choose one from the list.", indicator=m[1]
        ),
    ),
    (
        r"^none of the answers counts as positive for indicator (\S+)",
        "indicator",
        lambda m, i: gettext(
            "The indicator %(indicator)s counts only certain answers as positive, and question %(item)s "
            "offers none of them. Choose the answers the indicator was made for, or no indicator.",
            indicator=m[1],
            item=_q(i),
        ),
    ),
    (
        r"^show_if refers to (\S+), which is not on an earlier page",
        "show_if",
        lambda m, i: gettext(
            "Question %(item)s is asked only after an answer to %(earlier)s, which would then not be on "
            "an earlier page. Change or remove the “asked only if” of %(item)s first.",
            item=_q(i),
            earlier=m[1],
        ),
    ),
    (
        r"^show_if refers to (\S+), on the same page",
        "show_if",
        lambda m, i: gettext(
            "Question %(item)s is asked only after an answer to %(earlier)s, which would be on the same "
            "page: it must be on a later page than %(earlier)s.",
            item=_q(i),
            earlier=m[1],
        ),
    ),
    (
        r"^show_if can only look at a question with answers to choose",
        "show_if",
        lambda m, i: gettext("“Asked only if” can only look at a question with answers to choose."),
    ),
    (
        r"^show_if uses (.+), not an answer to (\S+)",
        "show_if",
        lambda m, i: gettext(
            "Question %(earlier)s has no answer %(values)s: choose among its answers.",
            earlier=m[2],
            values=m[1],
        ),
    ),
    (
        r"^every question for audience (\S+) can be skipped",
        "",
        lambda m, i: gettext("Children and young people can skip every question: none may be compulsory."),
    ),
    (r"^page id used twice", "", lambda m, i: gettext("Two pages have the same id %(page)s.", page=_q(i))),
    (
        r"^item id used twice",
        "id",
        lambda m, i: gettext(
            "Another question already has the id %(item)s: choose a different id.", item=_q(i)
        ),
    ),
    (
        r"needs age_band",
        "",
        lambda m, i: gettext("A questionnaire for children or care leavers needs an age band."),
    ),
    (
        r"^items: List should have at least 1 item",
        "",
        lambda m, i: gettext("Page %(page)s has no questions: add one, or remove the page.", page=_q(i)),
    ),
]
_COMPILED = [(re.compile(pattern), where, say) for pattern, where, say in PATTERNS]


def _subject(problem: Problem) -> str:
    """The id of the item or page a problem names ("item safe_at_home" -> safe_at_home)."""
    parts = problem.item.split(" ", 1)
    return parts[1] if len(parts) == 2 and parts[0] in ("item", "page") else ""


def checker_message(problem: Problem) -> Message:
    """One problem of the checker, in the page's language."""
    subject = _subject(problem)
    for pattern, where, say in _COMPILED:
        match = pattern.search(problem.message)
        if match:
            return Message(where, say(match, subject), subject)
    return Message(
        "", gettext("The questionnaire checker found a problem: %(problem)s", problem=str(problem)), subject
    )


def refusal_message(error: BuildError) -> Message:
    """Why a builder operation was refused, in the page's language."""
    params = error.params
    messages: dict[str, Callable[[], str]] = {
        "no_such_item": lambda: gettext(
            "There is no question %(item)s in this draft.", item=params.get("item", "")
        ),
        "no_such_page": lambda: gettext(
            "There is no page %(page)s in this draft.", page=params.get("page", "")
        ),
        "nowhere_to_move": lambda: gettext("It is already at the end: it cannot move further that way."),
        "page_id_taken": lambda: gettext(
            "Another page already has the id %(page)s: choose a different id.", page=params.get("page", "")
        ),
        "item_id_taken": lambda: gettext(
            "Another question already has the id %(item)s: choose a different id.",
            item=params.get("item", ""),
        ),
        "bad_id": lambda: gettext(
            "An id is made of small letters, numbers and underscores (_), starting with a letter, "
            "60 characters at most."
        ),
        "last_page": lambda: gettext("A questionnaire needs at least one page: this one cannot be removed."),
    }
    field = "id" if error.kind in ("item_id_taken", "bad_id") else ""
    return Message(field, messages.get(error.kind, lambda: error.kind)())

"""Free-text answers are redacted before they are saved: the text as typed never reaches the database.

Names, phone numbers, e-mail addresses, postcodes, streets and schools are replaced by a placeholder
(analysis.text.redact), written in the comment's own language ("[enw]" in a Welsh comment, "[name]" in
an English one; the page's language when the comment is too short to tell). The respondent sees the
redacted text if they come back to the page, with a line saying why it changed.
"""

from __future__ import annotations

import re
from typing import Any

from analysis.text import PLACEHOLDERS, detect_language
from analysis.text.redact import find_identifiers, render
from analysis.text.words import PLACEHOLDER

from ..content.schema import Item

_ANY_PLACEHOLDER = re.compile(
    "|".join(re.escape(word) for words in PLACEHOLDERS.values() for word in words.values())
)


def redact_answer(text: str, page_language: str) -> str:
    """``text`` with every identifier replaced by a placeholder in the comment's language."""
    spans = find_identifiers(text)
    if not spans:
        return text
    language = detect_language(PLACEHOLDER.sub(" ", render(text, spans, "en")), page_language)
    return render(text, spans, language)


def redacted_answers(answers: dict[str, Any], items: list[Item], page_language: str) -> dict[str, Any]:
    """A page's answers with each free-text answer redacted (other answers as they are)."""
    free_text = {item.id for item in items if item.type == "free_text"}
    return {
        item_id: redact_answer(value, page_language)
        if item_id in free_text and isinstance(value, str)
        else value
        for item_id, value in answers.items()
    }


def was_redacted(value: Any) -> bool:
    """Whether a saved free-text answer had something taken out (it holds a placeholder)."""
    return isinstance(value, str) and _ANY_PLACEHOLDER.search(value) is not None

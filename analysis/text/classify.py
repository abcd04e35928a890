"""Coding one comment: its language, redacted text, themes and sentiment.

Redaction comes first. The language is detected on the comment with every identifier already cut
out, the placeholders are then written in that language, and themes and sentiment are read from the
redacted text only: the raw text never reaches the matcher and never appears in the result. A
school placeholder counts as the word "school" / "ysgol" for the themes (a comment that named a
school is about school); other placeholders count as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codebook import AUDIENCE_GROUPS, Codebook
from .language import detect_language
from .matching import comment_forms
from .redact import find_identifiers, render
from .sentiment import Sentiment, sentiment
from .words import PLACEHOLDER

_SCHOOL_PLACEHOLDER = {"[school]": " school ", "[ysgol]": " ysgol "}


@dataclass(frozen=True)
class Coded:
    language: str
    redacted: str
    themes: tuple[str, ...]  # theme ids, in codebook order
    sentiment: Sentiment


def _matching_text(redacted: str) -> str:
    return PLACEHOLDER.sub(lambda match: _SCHOOL_PLACEHOLDER.get(match.group(), " "), redacted)


def themes_in(
    redacted: str, language: str, codebook: Codebook, audience: str | None = None
) -> tuple[str, ...]:
    """The ids of the codebook's themes (for ``audience``, or all) found in a redacted comment."""
    allowed = None
    if audience is not None:
        ids = {theme.id for theme in codebook.for_audience(audience)}
        allowed = frozenset(number for number, theme in enumerate(codebook.themes) if theme.id in ids)
    return tuple(matched_terms(redacted, language, codebook, allowed))


def matched_terms(
    redacted: str, language: str, codebook: Codebook, allowed: frozenset[int] | None = None
) -> dict[str, list[str]]:
    """For each theme found in a redacted comment, in codebook order, the terms that matched
    (as "en: term" / "cy: term"): why a theme was suggested."""
    found = codebook.index.match(comment_forms(_matching_text(redacted), language), allowed)
    return {theme.id: found[number] for number, theme in enumerate(codebook.themes) if number in found}


def classify(
    text: str, codebook: Codebook, audience: str | None = None, fallback_language: str = ""
) -> Coded:
    """Redact ``text``, then find its language, themes and sentiment.

    ``audience`` (child, young_person, care_leaver, foster_carer, staff) limits the themes to that
    audience's group; ``fallback_language`` is used when the comment is too short to tell its language
    (pass the language the respondent answered in).
    """
    if audience is not None and audience not in AUDIENCE_GROUPS:
        raise ValueError(f"unknown audience {audience!r}: expected one of {', '.join(AUDIENCE_GROUPS)}")
    spans = find_identifiers(text)
    without_identifiers = render(text, spans, "en")
    language = detect_language(PLACEHOLDER.sub(" ", without_identifiers), fallback_language)
    redacted = render(text, spans, language)
    return Coded(
        language, redacted, themes_in(redacted, language, codebook, audience), sentiment(redacted, language)
    )

"""Redaction: removing what could identify someone from a comment, before anything else reads it.

Names, phone numbers (in digits or in English or Welsh number words), e-mail addresses (also written
as "jay (at) hotmail dot com"), postcodes, street names (with the house number) and school
names are replaced by a placeholder in the comment's language. The rules are in
:mod:`~analysis.text.contacts`, :mod:`~analysis.text.places` and :mod:`~analysis.text.names`; they err
on the side of redacting, since a word wrongly hidden costs less than a name that leaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from .contacts import find_contacts
from .names import find_names
from .places import find_places
from .spans import KINDS, Span, tokenize

PLACEHOLDERS: dict[str, dict[str, str]] = {
    "en": {
        "name": "[name]",
        "phone": "[phone]",
        "email": "[email]",
        "postcode": "[postcode]",
        "street": "[street]",
        "school": "[school]",
    },
    "cy": {
        "name": "[enw]",
        "phone": "[rhif ffôn]",
        "email": "[e-bost]",
        "postcode": "[cod post]",
        "street": "[stryd]",
        "school": "[ysgol]",
    },
}


@dataclass(frozen=True)
class Redaction:
    """A comment with identifiers replaced; ``found`` lists the kinds replaced (name, phone, ...)."""

    text: str
    found: tuple[str, ...]


def find_identifiers(text: str) -> list[Span]:
    """Every span of ``text`` that redaction replaces, in order, adjacent names merged."""
    spans = find_contacts(text)
    tokens = tokenize(text)
    outside = [
        token for token in tokens if not any(s.start < token.end and token.start < s.end for s in spans)
    ]
    spans += find_places(text, outside, spans)
    outside = [
        token for token in outside if not any(s.start < token.end and token.start < s.end for s in spans)
    ]
    spans += find_names(text, outside, spans)
    merged: list[Span] = []
    for span in sorted(spans, key=lambda each: each.start):
        if merged and merged[-1].kind == span.kind and text[merged[-1].end : span.start].strip() == "":
            merged[-1] = Span(merged[-1].start, span.end, span.kind)
        else:
            merged.append(span)
    return merged


def render(text: str, spans: list[Span], language: str) -> str:
    """``text`` with each span replaced by its placeholder in ``language`` ("cy" or "en")."""
    words = PLACEHOLDERS["cy" if language == "cy" else "en"]
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces += [text[position : span.start], words[span.kind]]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def redact(text: str, language: str) -> Redaction:
    """Replace names, phone numbers, e-mail addresses, postcodes, streets and schools in ``text``.

    Every rule runs whatever the language (a Welsh comment may name "Bute Street"); ``language`` only
    chooses the placeholders: "[name]" in English, "[enw]" in Welsh, and so on.
    """
    spans = find_identifiers(text)
    kinds = {span.kind for span in spans}
    return Redaction(render(text, spans, language), tuple(kind for kind in KINDS if kind in kinds))

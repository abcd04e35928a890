"""Tokens with their place in the text, and the spans redaction marks, shared by the detectors."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

KINDS = ("name", "phone", "email", "postcode", "street", "school")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+[A-Za-z]?")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n•*\"“”()\[\]]|\s-\s")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    capitalised: bool  # starts with a capital and is not an acronym
    initial: bool  # first word of the text or of a sentence


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


def is_acronym(word: str) -> bool:
    """ "IRO", "CAMHS", "GCSEs", "PAs": capitals (with a plural s), not a name like "McKenzie"."""
    if len(word) < 2 or not word[1].isupper():
        return False
    return sum(char.isalpha() for char in word) >= 2 and (
        word.isupper() or (word.endswith("s") and word[:-1].isupper())
    )


def tokenize(text: str) -> list[Token]:
    found: list[Token] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        word = match.group()
        capitalised = word[0].isupper() and not is_acronym(word)
        initial = previous_end < 0 or _SENTENCE_BREAK.search(text, previous_end, match.start()) is not None
        previous_end = match.end()
        found.append(
            Token(word, match.start(), match.end(), word.lower().replace("’", "'"), capitalised, initial)
        )
    return found


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether only spaces (or a single comma/full stop of an abbreviation) lie between two tokens."""
    gap = text[left.end : right.start]
    return gap.strip() == "" and "\n" not in gap


def overlaps(span: Span, taken: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in taken)


def word_set(words: str) -> frozenset[str]:
    """The words of a space-separated string, as a set (for word lists written in the code)."""
    return frozenset(words.split())


@cache
def word_list(name: str) -> frozenset[str]:
    """A project word list from analysis/text/data, lower case, comments (#) and blank lines ignored."""
    text = resources.files("analysis.text").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].lower().split())
    return frozenset(words)


@cache
def english_stopwords() -> frozenset[str]:
    """wordcloud's English stop words (its ``STOPWORDS``), read from its file without importing it
    (importing wordcloud imports matplotlib, which redaction does not need)."""
    spec = importlib.util.find_spec("wordcloud")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the wordcloud package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "stopwords"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def is_stopword(word: str) -> bool:
    """A lower-case word that is a stop word in English (wordcloud) or Welsh (ours)."""
    return word in english_stopwords() or word in word_list("stopwords-cy.txt")

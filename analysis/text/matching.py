"""Matching codebook phrases against a comment's words, in English and Welsh.

A phrase is a sequence of words; each word matches a comment word when the two share a form: the
word as written (lower case) or its lemma. So "social worker" matches "social workers", and
"gweithiwr cymdeithasol" matches "fy ngweithiwr cymdeithasol" (simplemma undoes the nasal mutation).
A Welsh word after the particle "yn" ('n), "mor" or "rhy" also gets the radical forms its soft
mutation may hide, since "yn deg" (fair) is otherwise read as "deg" (ten); so does a word simplemma
does not know at all ("mwlio" -> "bwlio"). "..." inside a phrase
lets up to four other words come between its parts ("change ... social worker"). A word written
"=like this" matches only that exact form, not other forms of its lemma ("=breaks" but not "broke").

Every comment is matched against the terms of both languages: Welsh comments often borrow English
words ("fy social worker"), which are lemmatised in English, and English ones sometimes Welsh ("my
nain"), which are taken as written. Terms are chosen so that they are not everyday words of the
other language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .words import demutations, known_welsh, lemma, words

GAP = "..."
_MAX_GAP = 4
_SOFT_TRIGGERS = frozenset(["yn", "n", "mor", "rhy"])
Forms = frozenset[str]
Phrase = tuple[Forms, ...]  # an empty frozenset stands for a gap


def _forms(word: str, language: str) -> Forms:
    return frozenset((word, lemma(word, language), "=" + word))


def _term_forms(word: str, language: str, exact: bool) -> Forms:
    return frozenset(["=" + word]) if exact else frozenset((word, lemma(word, language)))


def compile_phrase(phrase: str, language: str) -> Phrase:
    """A codebook phrase as the forms each of its words may take ("..." becomes a gap)."""
    compiled: list[Forms] = []
    for part in phrase.split(GAP):
        if compiled:
            compiled.append(frozenset())
        for piece in part.split():
            exact = piece.startswith("=")
            found = words(piece.lstrip("="), language)
            if not found:
                raise ValueError(f"phrase {phrase!r}: {piece!r} has no letters to match")
            compiled += [_term_forms(word, language, exact) for word in found]
    if not compiled or not compiled[0] or not compiled[-1]:
        raise ValueError(f"phrase {phrase!r} has no words to match")
    return tuple(compiled)


@lru_cache(maxsize=200_000)
def _welsh_forms(word: str, soft_context: bool) -> Forms:
    forms = {word, lemma(word, "cy"), "=" + word}
    if soft_context or not known_welsh(word):
        forms.update(demutations(word))  # "fy mwlio": simplemma knows neither form of "bwlio"
    return frozenset(forms)


@lru_cache(maxsize=200_000)
def _borrowed_welsh_forms(word: str) -> Forms:
    """A word of an English comment, read for Welsh terms: only as written ("my nain"), since the
    Welsh lemmatiser misreads English words ("carer")."""
    return frozenset((word, "=" + word))


@lru_cache(maxsize=200_000)
def _english_forms(word: str) -> Forms:
    return _forms(word, "en")


def comment_forms(text: str, language: str) -> dict[str, tuple[Forms, ...]]:
    """For each language, the forms of each word of ``text`` as that language reads it.

    An English comment is tokenised for its English terms by TextBlob; in a Welsh comment the
    English terms are looked for among the Welsh tokens (the same words, split at apostrophes).
    """
    welsh = words(text, "cy")
    if language == "en":
        return {
            "cy": tuple(_borrowed_welsh_forms(word) for word in welsh),
            "en": tuple(_english_forms(word) for word in words(text, "en")),
        }
    soft = [index > 0 and welsh[index - 1] in _SOFT_TRIGGERS for index in range(len(welsh))]
    return {
        "cy": tuple(_welsh_forms(word, after) for word, after in zip(welsh, soft, strict=True)),
        "en": tuple(_english_forms(word) for word in welsh),
    }


def _ends(phrase: Phrase, forms: tuple[Forms, ...], start: int) -> list[int]:
    """Where ``phrase`` ends if it matches from word ``start`` (several ends when it has gaps)."""
    if phrase[1] and (start + 1 >= len(forms) or not phrase[1] & forms[start + 1]):
        return []  # most phrases fail on their second word: no need to build lists
    positions = [start]
    for part in phrase:
        if not part:
            positions = sorted({p + skip for p in positions for skip in range(_MAX_GAP + 1)})
            continue
        positions = [p + 1 for p in positions if p < len(forms) and part & forms[p]]
        if not positions:
            return []
    return positions


@dataclass(frozen=True)
class ThemeMatcher:
    """A theme's compiled phrases, by language: (phrase as written, compiled phrase)."""

    theme_id: str
    terms: dict[str, tuple[tuple[str, Phrase], ...]]
    exclusions: dict[str, tuple[tuple[str, Phrase], ...]]


_Entry = tuple[int, str, Phrase, bool]  # theme number, phrase as written, compiled phrase, is an exclusion


@dataclass(frozen=True)
class ThemeIndex:
    """Every phrase of a codebook, filed under the forms of its first word, for quick look-up."""

    theme_ids: tuple[str, ...]
    starts: dict[str, dict[str, list[_Entry]]] = field(repr=False)

    @classmethod
    def build(cls, matchers: tuple[ThemeMatcher, ...]) -> ThemeIndex:
        starts: dict[str, dict[str, list[_Entry]]] = {"cy": defaultdict(list), "en": defaultdict(list)}
        for number, matcher in enumerate(matchers):
            for excluded, table in ((False, matcher.terms), (True, matcher.exclusions)):
                for language, phrases in table.items():
                    for written, phrase in phrases:
                        for form in phrase[0]:
                            starts[language][form].append((number, written, phrase, excluded))
        return cls(tuple(m.theme_id for m in matchers), {lang: dict(table) for lang, table in starts.items()})

    def match(
        self, forms: dict[str, tuple[Forms, ...]], allowed: frozenset[int] | None = None
    ) -> dict[int, list[str]]:
        """For each theme (by number) whose terms occur outside its exclusions, the terms found."""
        found: dict[int, list[str]] = defaultdict(list)
        for language, words_forms in forms.items():
            table = self.starts[language]
            hits: list[tuple[int, str, int, int]] = []
            blocked: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for start, word_forms in enumerate(words_forms):
                seen: set[int] = set()
                for form in word_forms:
                    for number, written, phrase, excluded in table.get(form, ()):
                        if (allowed is not None and number not in allowed) or id(phrase) in seen:
                            continue
                        seen.add(id(phrase))
                        ends = [start + 1] if len(phrase) == 1 else _ends(phrase, words_forms, start)
                        for end in ends:
                            if excluded:
                                blocked[number].append((start, end))
                            else:
                                hits.append((number, written, start, end))
            for number, written, start, end in hits:
                if not any(low <= start and end <= high for low, high in blocked[number]):
                    found[number].append(f"{language}: {written}")
        return dict(found)

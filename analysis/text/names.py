"""Finding people's names in English and Welsh free text.

A word is taken for a name when it is:
- after a title (Mr, Mrs, Ms, Miss, Mx, Dr...) and capitalised, or after a lower-case title and on
  the first-name or surname list ("mr smith");
- after a cue that introduces a person ("my name is", "called", "fy enw i yw", "my social worker",
  "fy ngweithiwr cymdeithasol", "my carer", "fy mrawd"...) and capitalised, on the name list, or
  unknown to both dictionaries; or before "yw fy enw" / "ydw i";
- on the project's first-name list, in any case (and in a mutated form: "i Gerys", "a Chatrin"),
  except names that are also ordinary words (Hope, Seren, Bryn), which need a capital away from the
  start of a sentence;
- on the surname list and capitalised away from the start of a sentence;
- capitalised and known to neither the English nor the Welsh dictionary (nor the list of places,
  organisations, brands and slang that are not names): when in doubt, redact. At the start of a
  sentence such a word is taken only when a word like "is", "and", "yw" follows ("Kacper is my
  friend"), since comments often open with slang ("Tbh", "Sai'n gwybod").
User names ("kayla_x23", "@kayla") are found with e-mail addresses, in :mod:`analysis.text.contacts`.
A capitalised word straight after a name is taken as its surname ("Rhys Jones", "Dafydd ap Gwilym").
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

from .spans import Span, Token, is_acronym, is_stopword, joined, overlaps, word_list, word_set
from .words import demutations

_TITLES = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "mister", "prof", "professor", "sir", "madam"])
# Cues that name a person right after them (the last word of the cue, lower case).
_STRONG_CUES: tuple[tuple[str, ...], ...] = (
    ("name", "is"),
    ("name", "was"),
    ("name's",),
    ("names",),
    ("called",),
    ("named",),
    ("call", "me"),
    ("enw", "i", "yw"),
    ("enw", "i", "ydy"),
    ("enw", "i", "ydi"),
    ("enw", "yw"),
    ("enw", "ydy"),
    ("o'r", "enw"),
    ("galw'n",),
    ("alw'n",),
    ("galw", "n"),
    ("alw", "n"),
)
_CUES_BY_LAST_WORD: dict[str, tuple[tuple[str, ...], ...]] = {
    last: tuple(cue for cue in _STRONG_CUES if cue[-1] == last) for last in {cue[-1] for cue in _STRONG_CUES}
}
_PERSON_WORDS = word_set(
    """worker carer carers mum mam mom mummy mammy dad daddy father mother brother sister bro sis nan nana
    nanny gran granny grandma grandad grandpa grandmother grandfather auntie aunty aunt uncle cousin
    friend mate bestie boyfriend girlfriend partner son daughter baby teacher iro advocate keyworker
    mentor tutor counsellor therapist manager officer pa adviser advisor coach nurse
    gweithiwr weithiwr ngweithiwr gweithwraig weithwraig gymdeithasol cymdeithasol gofalwr ofalwr
    ngofalwr gofalwraig ofalwraig ngofalwraig maeth faeth fam nhad tad dad brawd frawd mrawd chwaer
    ffrind ffrindiau athro athrawes athrawon eiriolwr eiriolwraig nain taid mamgu mam-gu tadcu tad-cu
    anti yncl wncwl cefnder gyfnither cyfnither cariad gariad nghariad swyddog"""
)
_SELF_CUES = (("yw", "fy", "enw"), ("ydy", "fy", "enw"), ("ydw", "i"), ("dw", "i"), ("ydi", "fy", "enw"))
_SURNAME_JOINERS = frozenset(["ap", "ab", "van", "von", "de", "da", "di", "le", "la", "o'"])
_SELF_CUE_STARTS = frozenset(cue[0] for cue in _SELF_CUES)
_CUE_ENDINGS = frozenset(_CUES_BY_LAST_WORD) | _PERSON_WORDS | _TITLES
# Words that follow a name at the start of a sentence ("Kacper is...", "Kacper yw fy ffrind").
_NAME_FOLLOWERS = word_set(
    """is was and & said says has had told tells will can could does did doesn't didn't never always
    lives lived helps helped came comes goes went gets got makes made 's yw ydy oedd a ac sy sydd
    wedi ddim"""
)
_MONTH_NAMES = frozenset(["may", "june", "mai", "medi", "april", "august"])
_MONTH_CONTEXT = word_set(
    """in since until till by from of last next this early late mis fis ym yn ers tan diwedd ddiwedd
    dechrau ddechrau"""
)


def _first_names() -> frozenset[str]:
    return word_list("first-names.txt")


@lru_cache(maxsize=50_000)
def _is_first_name(word: str) -> str | None:
    """The listed name a lower-case word is (itself, or the radical of a mutated form), if any."""
    if word in _first_names():
        return word
    return next((radical for radical in demutations(word) if radical in _first_names()), None)


def _plain_first_name(word: str) -> bool:
    """A listed first name, as written, that is not also an everyday word ("rhys", not "hope")."""
    return word in _first_names() and word not in word_list("names-also-words.txt")


@lru_cache(maxsize=50_000)
def _known_word(word: str) -> bool:
    """A lower-case word one of the dictionaries, or our list of places and brands, knows."""
    if word in word_list("not-names.txt") or is_stopword(word):
        return True
    if "'" in word:  # "mae'r", "sy'n", "don't": judge the word before the apostrophe
        return _known_word(word.split("'")[0]) if word.split("'")[0] else True
    if simplemma.is_known(word, lang="en") or simplemma.is_known(word, lang="cy"):
        return True
    return any(simplemma.is_known(radical, lang="cy") for radical in demutations(word))


def _ends_with(tokens: list[Token], index: int, cue: tuple[str, ...]) -> bool:
    """Whether the tokens just before ``index`` spell ``cue``."""
    if index < len(cue):
        return False
    return all(tokens[index - len(cue) + offset].lower == part for offset, part in enumerate(cue))


def _cue_before(text: str, tokens: list[Token], index: int) -> str:
    """ "strong", "person" or "" for the words before token ``index`` (a comma may come between)."""
    if index == 0 or tokens[index - 1].lower not in _CUE_ENDINGS:
        return ""
    if text[tokens[index - 1].end : tokens[index].start].strip() not in ("", ","):
        return ""
    if any(_ends_with(tokens, index, cue) for cue in _CUES_BY_LAST_WORD.get(tokens[index - 1].lower, ())):
        return "strong"
    previous = tokens[index - 1]
    return "person" if previous.lower in _PERSON_WORDS or previous.lower in _TITLES else ""


def _plausible(token: Token, cue: str) -> bool:
    """Whether a token right after a cue is a name."""
    base = token.lower.split("'")[0]  # "hi'n" is "hi" + "'n"
    if token.text[0].isdigit() or is_stopword(token.lower) or is_stopword(base):
        return False
    if token.capitalised or _plain_first_name(token.lower) or token.lower in word_list("surnames.txt"):
        return True
    return cue == "strong" or not _known_word(token.lower)


def _is_name(text: str, tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    if not token.text[0].isalpha() or is_acronym(token.text):
        return False
    previous = tokens[index - 1] if index > 0 else None
    if previous is not None and previous.lower in _TITLES and previous.capitalised and token.capitalised:
        return True
    if (
        previous is not None
        and previous.lower in _TITLES - {"miss", "sir"}
        and joined(text, previous, token)
        and (token.lower in word_list("surnames.txt") or _is_first_name(token.lower))
    ):
        return True  # "my teacher mr smith"
    cue = _cue_before(text, tokens, index)
    if cue and _plausible(token, cue):
        return True
    after = tuple(following.lower for following in tokens[index + 1 : index + 4])
    for self_cue in _SELF_CUES if after and after[0] in _SELF_CUE_STARTS else ():
        if (
            after[: len(self_cue)] == self_cue
            and not is_stopword(token.lower)
            and (self_cue[-1] == "enw" or token.capitalised or _is_first_name(token.lower))
        ):
            return True
    if _plain_first_name(token.lower):
        return True
    name = _is_first_name(token.lower)
    if not token.capitalised:
        return False
    if token.initial:  # "Kacper is my best friend": a word no dictionary knows, used as a subject
        following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
        return name is None and following in _NAME_FOLLOWERS and not _known_word(token.lower)
    if name is not None:
        month = token.lower in _MONTH_NAMES and previous is not None and previous.lower in _MONTH_CONTEXT
        return not month
    return token.lower in word_list("surnames.txt") or not _known_word(token.lower)


def find_names(text: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    """Spans of names (with their title and surname) not overlapping ``taken``."""
    found: list[Span] = []
    index = 0
    while index < len(tokens):
        if not _is_name(text, tokens, index):
            index += 1
            continue
        first = last = index
        previous = tokens[index - 1] if index > 0 else None
        if (
            previous is not None
            and previous.lower in _TITLES
            and (previous.capitalised or previous.lower != "miss")
        ):
            first = index - 1
        elif (
            previous is not None
            and previous.capitalised
            and joined(text, previous, tokens[index])
            and not is_stopword(previous.lower)
            and (_is_first_name(previous.lower) or not _known_word(previous.lower))
            and not (found and found[-1].end >= previous.end)
        ):
            first = index - 1  # a first name the list does not have, before a surname: "Jo Bloggs"
        while last + 1 < len(tokens) and joined(text, tokens[last], tokens[last + 1]):
            following = tokens[last + 1]
            if following.capitalised and not is_stopword(following.lower):
                last += 1
            elif (
                following.lower in _SURNAME_JOINERS
                and last + 2 < len(tokens)
                and tokens[last + 2].capitalised
            ):
                last += 2
            else:
                break
        span = Span(tokens[first].start, tokens[last].end, "name")
        if not overlaps(span, taken + found):
            found.append(span)
        index = last + 1
    return found

"""Finding street and school names, English and Welsh, with the house number where one is given."""

from __future__ import annotations

import simplemma

from .spans import Span, Token, is_acronym, is_stopword, joined, overlaps, word_set

# English street types: any of these after a capitalised name ("Bute Street", "Mill Close"); the
# unambiguous ones also after a lower-case name ("bute street"), never after a stop word ("the road").
_EN_STREET = word_set(
    """street st road rd avenue ave lane close drive way terrace crescent place gardens court hill view
    row square grove park walk mews rise parade"""
)
_EN_STREET_LOWER = word_set("street road avenue lane terrace crescent")
# Welsh street words with their mutated forms (soft, nasal, aspirate) as they follow "yn", "ar", "i".
_CY_STREET = word_set(
    """stryd heol hewl ffordd lôn lon rhodfa rodfa teras deras nheras theras cilgant gilgant nghilgant
    chilgant maes faes clos glos nghlos chlos parc barc mharc pharc cae gae nghae chae llys lys plas blas
    mhlas phlas ystad ystâd stad"""
)
_CY_STREET_LOWER = word_set("stryd heol hewl lôn lon rhodfa teras cilgant")
_CY_STREET_ADJECTIVE = word_set("fawr fach newydd isaf uchaf las goch wen ddu hir gul ganol fain ucha isa")
_CY_CONNECTOR = frozenset(["y", "yr", "'r", "r", "a", "ac", "de", "o"])
_HOUSE = frozenset(["flat", "fflat", "no", "number", "rhif", "house", "tŷ", "unit"])
# Words that start a phrase ending in "Court", "Park" etc. without it being a street.
_NOT_STREET = word_set(
    """the a an my our your his her their this that family youth crown magistrates county supreme high
    car theme skate water trampoline national country main busy same other next new old back side
    long quiet dual whole wrong right public"""
)

_EN_SCHOOL = word_set("school primary comprehensive academy college infants juniors nursery high comp")
_EN_SCHOOL_WORDS = word_set(
    "school primary comprehensive academy college infants infant junior juniors nursery high comp rc ciw "
    "va vc catholic church in wales grammar"
)
_EN_SCHOOL_CONNECTOR = frozenset(["of", "the", "and", "&", "in", "st", "saint", "upon", "y", "yr"])
_GENERIC = word_set(
    """the my our your his her their a an this that new old local secondary primary high special welsh
    english catholic comprehensive junior infant infants nursery sixth form boarding private state
    grammar sunday summer forest driving uni university all every any each big good bad last next
    first previous other same different current normal mainstream after before at in to from"""
)
_CY_SCHOOL = frozenset(["ysgol", "hysgol", "coleg", "goleg", "ngholeg", "choleg"])
_CY_SCHOOL_WORDS = word_set(
    """gyfun gynradd uwchradd feithrin fabanod iau arbennig gymraeg sant santes eglwys gatholig bro glan
    pen gymunedol"""
)
_SAINT = frozenset(["st", "saint", "sant", "santes"])


def _stop(word: str) -> bool:
    return is_stopword(word)


def _known(word: str) -> bool:
    """A word either dictionary knows (so "yr ysgol newydd" is not a school's name)."""
    return _stop(word) or bool(simplemma.is_known(word, lang="cy") or simplemma.is_known(word, lang="en"))


def _with_house_number(text: str, tokens: list[Token], first: int) -> int:
    """Move the start of a street back over a house number and flat ("Flat 3, 15 Tudor Court")."""
    probe = first
    while probe > 0 and first - probe < 4:
        before = tokens[probe - 1]
        if text[before.end : tokens[probe].start].strip() not in ("", ",", "."):
            break
        if before.text[0].isdigit() or before.lower in _HOUSE:
            probe -= 1
        else:
            break
    while (
        probe < first
        and tokens[probe].lower in _HOUSE
        and not any(token.text[0].isdigit() for token in tokens[probe:first])
    ):
        probe += 1
    return probe


def _english_streets(text: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    found: list[Span] = []
    for index, token in enumerate(tokens):
        if token.lower not in _EN_STREET or index == 0:
            continue
        if not token.capitalised and token.lower not in _EN_STREET_LOWER:
            continue
        first = index
        while first > 0 and index - first < 3:
            before = tokens[first - 1]
            if not joined(text, before, tokens[first]) or before.lower in _NOT_STREET or _stop(before.lower):
                break
            if before.capitalised or (
                first == index and token.lower in _EN_STREET_LOWER and before.text.isalpha()
            ):
                first -= 1
                if not before.capitalised:
                    break
            else:
                break
        if first == index:
            continue
        first = _with_house_number(text, tokens, first)
        end = token.end + (1 if text[token.end : token.end + 1] == "." and token.lower in ("st", "rd") else 0)
        span = Span(tokens[first].start, end, "street")
        if not overlaps(span, taken + found):
            found.append(span)
    return found


def _welsh_streets(text: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    found: list[Span] = []
    for index, token in enumerate(tokens):
        if "-" in token.lower and token.capitalised and token.lower.split("-")[0] in _CY_STREET:
            span = Span(tokens[_with_house_number(text, tokens, index)].start, token.end, "street")
            if not overlaps(span, taken + found):
                found.append(span)  # "Maes-y-Coed", "Heol-y-Nant"
            continue
        if token.lower not in _CY_STREET or not (token.capitalised or token.lower in _CY_STREET_LOWER):
            continue
        last = index
        named = False
        probe = index + 1
        while probe < len(tokens) and joined(text, tokens[probe - 1], tokens[probe]):
            word = tokens[probe]
            name_word = word.capitalised and not _stop(word.lower)
            if name_word or (word.lower in _CY_STREET_ADJECTIVE and (token.capitalised or named)):
                last, named, probe = probe, True, probe + 1
            elif word.lower in _CY_CONNECTOR and probe + 1 < len(tokens) and tokens[probe + 1].capitalised:
                probe += 1
            else:
                break
        first = _with_house_number(text, tokens, index)
        if not named and not (first < index and last > index):
            continue
        span = Span(tokens[first].start, tokens[last].end, "street")
        if not overlaps(span, taken + found):
            found.append(span)
    return found


def _welsh_schools(text: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    found: list[Span] = []
    for index, token in enumerate(tokens):
        if token.lower not in _CY_SCHOOL:
            continue
        last, named, probe = index, False, index + 1
        while probe < len(tokens) and joined(text, tokens[probe - 1], tokens[probe]):
            word = tokens[probe]
            if word.lower in _CY_SCHOOL_WORDS:
                last, probe = probe, probe + 1
            elif (word.capitalised or is_acronym(word.text)) and not _stop(word.lower):
                last, named, probe = probe, True, probe + 1
            elif probe == index + 1 and word.text.isalpha() and not _known(word.lower):
                last, named, probe = probe, True, probe + 1  # "ysgol glantaf" typed in lower case
            elif word.lower in _CY_CONNECTOR and probe + 1 < len(tokens) and tokens[probe + 1].capitalised:
                probe += 1
            else:
                break
        if named:
            span = Span(token.start, tokens[last].end, "school")
            if not overlaps(span, taken + found):
                found.append(span)
    return found


def _english_schools(text: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    found: list[Span] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.lower not in _EN_SCHOOL:
            index += 1
            continue
        last = index  # extend over "High School", "RC Primary School"
        while (
            last + 1 < len(tokens)
            and tokens[last + 1].lower in _EN_SCHOOL_WORDS
            and joined(text, tokens[last], tokens[last + 1])
        ):
            last += 1
        lower_type = " ".join(word.lower for word in tokens[index : last + 1])
        first, named = index, False
        while first > 0 and joined(text, tokens[first - 1], tokens[first]):
            before = tokens[first - 1]
            if before.lower in _EN_SCHOOL_WORDS and (before.capitalised or is_acronym(before.text)):
                first -= 1
            elif (before.capitalised or is_acronym(before.text)) and before.lower not in _GENERIC:
                first, named = first - 1, True
            elif before.lower in _EN_SCHOOL_CONNECTOR and first - 2 >= 0 and tokens[first - 2].capitalised:
                first -= 1
            elif (
                not named
                and " " in lower_type
                and before.text.isalpha()
                and before.lower not in _GENERIC
                and not _stop(before.lower)
            ):
                first, named = first - 1, True  # "fitzalan high school" typed in lower case
                break
            else:
                break
        while first < index and tokens[first].lower in _EN_SCHOOL_CONNECTOR - _SAINT:
            first += 1
        if token.lower == "high" and last == index and index + 1 < len(tokens):
            following = tokens[index + 1].lower
            if following in _EN_STREET or following in ("court", "up", "level", "risk"):
                named = False
        if named:
            span = Span(tokens[first].start, tokens[last].end, "school")
            if not overlaps(span, taken + found):
                found.append(span)
        index = last + 1
    return found


def _saints(text: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    """ "St Cyres", "St. Joseph's RC Primary", "Saint Illtyd's": a school (or church) named after a saint."""
    found: list[Span] = []
    for index, token in enumerate(tokens[:-1]):
        if token.lower not in ("st", "saint"):
            continue
        gap = text[token.end : tokens[index + 1].start]
        following = tokens[index + 1]
        if gap.strip() not in ("", "."):
            continue
        if not (token.capitalised and following.capitalised) and (_known(following.lower) or index == 0):
            continue  # lower case: only "st cyres", a name no dictionary knows
        last = index + 1
        while (
            last + 1 < len(tokens)
            and joined(text, tokens[last], tokens[last + 1])
            and (tokens[last + 1].lower in _EN_SCHOOL_WORDS or tokens[last + 1].capitalised)
            and not _stop(tokens[last + 1].lower)
        ):
            last += 1
        span = Span(token.start, tokens[last].end, "school")
        if not overlaps(span, taken + found):
            found.append(span)
    return found


def find_places(text: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    """Street and school spans not overlapping ``taken`` (streets first: "Bute St" is a street)."""
    found: list[Span] = []
    for finder in (_english_streets, _welsh_streets, _welsh_schools, _english_schools, _saints):
        found += finder(text, tokens, taken + found)
    return found

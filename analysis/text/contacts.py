"""Finding e-mail addresses, phone numbers and postcodes in free text (any language)."""

from __future__ import annotations

import re

from .spans import Span, word_set

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_EMAIL_SPELT = re.compile(
    r"[\w.+-]+\s*(?:\[at\]|\(at\)|\bat\b)\s*[\w-]+\s*(?:\[dot\]|\(dot\)|\bdot\b)\s*"
    r"(?:com|co\s*(?:\.|dot)?\s*uk|org|net|uk|cymru|wales|gov\s*(?:\.|dot)?\s*uk)\b",
    re.IGNORECASE,
)
# A run of digits with the separators people type in phone numbers.
_NUMBER_RUN = re.compile(r"(?<![\w+])(?:\+|00)?\s?\(?\+?\d[\d\s().\-]{4,18}\d(?!\w)")
_PHONE_CUE = re.compile(
    r"(?:phone|ring|call|text|number|mobile|tel|rhif|ffôn|ffon|ffonio|ffoniwch|ffonia|tecstio|tecst|symudol)"
    r"\W{0,3}(?:\w+\W{1,3}){0,3}$",
    re.IGNORECASE,
)
# Postcode areas of the UK (the outward code's letters), so "Y10 2nd" is not taken for a postcode.
_AREAS = word_set(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC "
    "EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU "
    "M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS "
    "ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
_AREA = "|".join(sorted(_AREAS, key=len, reverse=True))
_POSTCODE = re.compile(rf"(?<![\w])(?:{_AREA})\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{{2}}(?![\w])", re.IGNORECASE)
# An outward code alone ("CF37", "ll57") for the areas that cover Wales and its borders.
_OUTWARD = re.compile(r"(?<![\w])(?:CF|SA|LL|NP|LD|SY|CH|HR)\d{1,2}[A-Z]?(?![\w])", re.IGNORECASE)


_DIGIT = re.compile(r"\d")
# User names on apps ("@kayla", "kayla_x23", "jess2009") are names: letters with an underscore or
# with two or more digits, but not "covid19", "xbox360" or "Y10".
_WORDISH = re.compile(r"@[\w.]*\w|[^\W_][\w.]*[^\W_]")
_HANDLE = re.compile(r"@[\w.]*\w|[^\W_]+_\w+|[^\W\d_]{3,}[\w.]*\d{2,}\w*")
_NOT_HANDLE = re.compile(r"(?:covid|xbox|ps|mp|year|yr|blwyddyn|gcse|tgau)[\d.]+", re.IGNORECASE)


def _is_handle(word: str) -> bool:
    return _HANDLE.fullmatch(word) is not None and _NOT_HANDLE.fullmatch(word) is None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _is_phone(candidate: str, before: str) -> bool:
    digits = _digits(candidate)
    stripped = candidate.strip()
    if stripped.startswith(("+", "00")) and len(digits) >= 9:
        return True
    if digits.startswith("0") and 10 <= len(digits) <= 11:
        return True
    if digits.startswith(("080", "03", "01", "02", "07")) and len(digits) >= 7:
        return True
    return len(digits) >= 6 and _PHONE_CUE.search(before) is not None


def find_contacts(text: str) -> list[Span]:
    """Spans of e-mail addresses, user names, phone numbers and postcodes, in that order of priority."""
    spans: list[Span] = []

    def add(start: int, end: int, kind: str) -> None:
        if not any(start < other.end and other.start < end for other in spans):
            spans.append(Span(start, end, kind))

    if "@" in text:
        for match in _EMAIL.finditer(text):
            add(match.start(), match.end(), "email")
    if "dot" in text.lower():
        for match in _EMAIL_SPELT.finditer(text):
            add(match.start(), match.end(), "email")
    has_digit = _DIGIT.search(text) is not None
    if has_digit or "_" in text or "@" in text:
        for match in _WORDISH.finditer(text):
            if _is_handle(match.group()):
                add(match.start(), match.end(), "name")
    if not has_digit:
        return spans
    for match in _POSTCODE.finditer(text):
        add(match.start(), match.end(), "postcode")
    for match in _NUMBER_RUN.finditer(text):
        candidate = match.group()
        if _is_phone(candidate, text[max(0, match.start() - 40) : match.start()]):
            start = match.start() + (len(candidate) - len(candidate.lstrip()))
            add(start, match.end(), "phone")
    for match in _OUTWARD.finditer(text):
        add(match.start(), match.end(), "postcode")
    return spans

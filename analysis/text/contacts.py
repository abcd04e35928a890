"""Finding e-mail addresses, phone numbers and postcodes in free text (any language)."""

from __future__ import annotations

import re

from .spans import Span, word_set

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# An address written to dodge a filter: "jay_rees2014 (at) hotmail.co.uk", "jay at gmail dot com",
# "jay [at] btinternet [dot] com", "jay @ hotmail . co . uk". The last label must be a top-level domain
# people use here, so "I was at home. Then..." is not taken for an address; a literal full stop may not
# have spaces round it unless the "at" was bracketed or an @.
_TLDS = "com|co|uk|org|net|cymru|wales|gov|ac|sch|nhs|edu|info|biz|io|me|ie|eu|tv|live|online"
_AT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+|\s*@\s*)"
_DOT = r"(?:\.|\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\s\.\s)"
_EMAIL_SPELT = re.compile(
    rf"(?P<user>[\w.+'-]*\w)(?P<at>{_AT})(?P<domain>(?:[\w-]+{_DOT})+(?:{_TLDS}))(?![\w-])",
    re.IGNORECASE | re.UNICODE,
)
# With a plain " at " ("I play at roblox.com"), it is an address only if the domain is spelt out ("dot"),
# is a mail provider's, or the user part looks like an e-mail user name (digits, "_" or ".").
_MAIL_PROVIDERS = re.compile(
    r"(?:hotmail|gmail|googlemail|outlook|live|yahoo|ymail|icloud|me|aol|btinternet|sky|virginmedia|"
    r"talktalk|protonmail|proton|msn|mail)\b",
    re.IGNORECASE,
)


def _is_spelt_email(match: re.Match[str]) -> bool:
    if match.group("at").strip().lower() != "at":
        return True
    domain, user = match.group("domain"), match.group("user")
    return (
        "dot" in domain.lower()
        or _MAIL_PROVIDERS.match(domain) is not None
        or re.search(r"[\d_.]", user) is not None
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

# Phone numbers written in words, in English or Welsh ("oh seven seven double oh nine...", "dim saith
# saith naw..."), digits mixed in allowed. Welsh number words are listed with their mutations.
_NUMBER_WORDS = word_set(
    """zero nought oh o one two three four five six seven eight nine
    dim sero un dau ddau dwy ddwy tri dri thri tair dair thair pedwar bedwar phedwar pedair bedair
    phedair pump bump phump pum bum chwech chwe saith wyth naw"""
)
# "double oh" is two digits, "triple six" three: the word adds one or two to the word after it.
_REPEATS = {"double": 1, "treble": 2, "triple": 2, "dwbl": 1}
_SPELT_TOKEN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_SPELT_GAP = re.compile(r"[ \t,.\-–—/()]*")
# At least this many digits' worth of number words in a row (a UK number has 10 or 11).
SPELT_PHONE_DIGITS = 7


def _spelt_phones(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of number words (and digits) long enough to be a phone number."""
    found: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and run[-1].group().lower() in _REPEATS:
            run.pop()  # "...nine double" is not a digit more
        words = [match for match in run if not match.group().isdigit()]
        digits = sum(
            len(match.group()) if match.group().isdigit() else _REPEATS.get(match.group().lower(), 1)
            for match in run
        )
        if digits >= SPELT_PHONE_DIGITS and len(words) >= 2:
            found.append((run[0].start(), run[-1].end()))
        run.clear()

    for match in _SPELT_TOKEN.finditer(text):
        word = match.group().lower()
        if word.isdigit() or word in _NUMBER_WORDS or word in _REPEATS:
            if run and not _SPELT_GAP.fullmatch(text, run[-1].end(), match.start()):
                close()
            run.append(match)
        else:
            close()
    close()
    return found


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
    lowered = text.lower()
    if "at" in lowered or "@" in text:
        for match in _EMAIL_SPELT.finditer(text):
            if _is_spelt_email(match):
                add(match.start(), match.end(), "email")
    for start, end in _spelt_phones(text):
        add(start, end, "phone")
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

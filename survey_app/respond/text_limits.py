"""How long a free-text answer may be, said in words the respondent knows, and counted one way everywhere.

Children and young people (Welsh "ti") read "letters" ("llythrennau"); adults (Welsh "chi") keep
"characters" ("nod"); on the 4-7 survey the adult writes for the child, so the hint speaks about the adult.
The counter in static/text-count.js counts exactly as `letter_count` does, so the browser and the server
never disagree about whether an answer is too long.
"""

from __future__ import annotations

import json
import unicodedata

from flask_babel import format_decimal, gettext, ngettext

from ..web.i18n import current_language, formal_register

ADULT_WRITES_BAND = "4-7"  # the youngest answer with an adult, who does the typing
LETTERS_PER_WORD = 6  # a word and the space after it, near enough for "about N words"
FEWEST_FOR_WORDS = 60  # below this, "about N words" would be a guess too rough to help
# The plural forms of the page's language, in catalogue order: one number that picks each form.
PLURAL_SAMPLES = {"cy": (0, 1, 2, 3, 6, 7), "en": (1, 2)}


def letter_count(text: str | None) -> int:
    """How many letters (Unicode code points) an answer has, as it will be stored and as the browser counts.

    A new line counts once however the browser sent it (forms send CRLF), and "ŵ" typed as "w" plus a
    combining circumflex counts as one letter (NFC), as does an emoji. Space at either end is not counted,
    because it is not kept.
    """
    if not text:
        return 0
    return len(unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip())


def number(value: int) -> str:
    """A count as the page's language writes it: 7,000 in both Welsh and English."""
    return str(format_decimal(value))


def about_words(limit: int) -> int | None:
    """Roughly how many words fit in `limit` letters, to the nearest ten; None where that would not help."""
    if limit < FEWEST_FOR_WORDS:
        return None
    return round(limit / (LETTERS_PER_WORD * 10)) * 10


def limit_hint(limit: int, age_band: str | None) -> str:
    """The plain hint under the question: what is shown without JavaScript, and what screen readers hear."""
    count = number(limit)
    if formal_register():
        return ngettext(
            "You can write up to %(count)s character.",
            "You can write up to %(count)s characters.",
            limit,
            count=count,
        )
    if age_band == ADULT_WRITES_BAND:
        return ngettext(
            "The adult can write up to %(count)s letter.",
            "The adult can write up to %(count)s letters.",
            limit,
            count=count,
        )
    words = about_words(limit)
    if words is None:
        return ngettext(
            "You can write up to %(count)s letter.",
            "You can write up to %(count)s letters.",
            limit,
            count=count,
        )
    return ngettext(
        "You can write up to %(count)s letter (about %(words)s words).",
        "You can write up to %(count)s letters (about %(words)s words).",
        limit,
        count=count,
        words=number(words),
    )


def _left(left: int) -> str:
    """How many letters are left, with "{count}" where the browser puts the number."""
    if formal_register():
        return ngettext(
            "You have %(count)s character left", "You have %(count)s characters left", left, count="{count}"
        )
    return ngettext(
        "You have %(count)s letter left", "You have %(count)s letters left", left, count="{count}"
    )


def _over() -> str:
    """Too long, with "{length}" and "{over}" where the browser puts the numbers."""
    if formal_register():
        return gettext(
            "You have written %(length)s characters: %(over)s too many", length="{length}", over="{over}"
        )
    return gettext("You have written %(length)s letters: %(over)s too many", length="{length}", over="{over}")


def counter_messages(limit: int) -> str:
    """What the counter says, as JSON for text-count.js: one "left" message per plural form of the
    page's language (its plural rule is in the script), and the "too many" message."""
    samples = PLURAL_SAMPLES[current_language()]
    return json.dumps(
        {"limit": limit, "left": [_left(n) for n in samples], "over": _over()}, ensure_ascii=False
    )


def too_long(length: int, limit: int) -> str:
    """The error for an answer over the limit: how long it is, and what to cut it to."""
    if formal_register():
        return gettext(
            "Your answer is %(length)s characters long: cut it to %(max)s or fewer",
            length=number(length),
            max=number(limit),
        )
    return gettext(
        "Your answer is %(length)s letters long: cut it to %(max)s or fewer",
        length=number(length),
        max=number(limit),
    )

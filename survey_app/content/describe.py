"""An item of a frozen questionnaire described in words, in a given language, for staff pages.

Used by the questionnaire page and the item bank (and free for the builder and paper copies): what the
answers are, when the question is asked (its show-if) and which indicator it feeds. The sentence frames
are interface text (in the Welsh catalogue); the question's own words come from the questionnaire.
Call under an app context; the language is the `lang` argument, whatever the page's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask_babel import force_locale, gettext, pgettext

from ..web.i18n import BABEL_LOCALES
from .frozen import FrozenQuestionnaire
from .schema import Item

# Welsh "a" (and) is "ac" before a vowel sound: a vowel, or a number said with one (1, 8, 11, 18).
WELSH_VOWEL_STARTS = frozenset("aeiouwyâêîôûŵŷ18")


@dataclass(frozen=True)
class AnswerWords:
    """A question's answers: a sentence saying how it is answered, then the answers and rows, in order."""

    summary: str
    choices: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorWords:
    """The indicator an item feeds: its label and the answers that count as positive."""

    id: str
    label: str
    positive: tuple[str, ...] = field(default_factory=tuple)


@contextmanager
def _in(lang: str) -> Iterator[None]:
    with force_locale(BABEL_LOCALES.get(lang, BABEL_LOCALES["en"])):
        yield


def either(words: Sequence[str], lang: str) -> str:
    """“Yes”, “Yes or Partly”, “Yes, Partly or No” (Welsh: “neu”)."""
    quoted = [f"“{each}”" for each in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    with _in(lang):
        return gettext("%(some)s or %(last)s", some=", ".join(quoted[:-1]), last=quoted[-1])


def all_of(words: Sequence[str], lang: str) -> str:
    """Words joined with "and": "8-10 and 11-18", "4-7, 8-10 and 11-18".

    Welsh "a" is "ac" before a vowel sound: a vowel, or a number said with one (un, wyth: 1, 8, 11, 18).
    """
    if len(words) <= 1:
        return "".join(words)
    some, last = ", ".join(words[:-1]), words[-1]
    with _in(lang):
        if last[:1].lower() in WELSH_VOWEL_STARTS:
            return pgettext("before a vowel", "%(some)s and %(last)s", some=some, last=last)
        return gettext("%(some)s and %(last)s", some=some, last=last)


def answer_words(frozen: FrozenQuestionnaire, item: Item, lang: str) -> AnswerWords:
    """How an item is answered, in words: its answers in order ("I'd rather not say" last where offered)."""
    labels = tuple(option.label(lang) for option in frozen.options(item))
    with _in(lang):
        if item.type == "information":
            return AnswerWords(gettext("Information only: nothing to answer."))
        if item.type == "free_text":
            limit = format(item.text_limit, ",")
            return AnswerWords(gettext("Written answer, up to %(limit)s characters.", limit=limit))
        if item.type == "number":
            return AnswerWords(
                gettext("A whole number from %(min)s to %(max)s.", min=item.min, max=item.max),
                (frozen.rather_not_say.label(lang),),
            )
        if item.type == "scale_0_10":
            anchors = item.anchors
            return AnswerWords(
                gettext(
                    "A score from 0 to 10, where 0 means “%(low)s” and 10 means “%(high)s”:",
                    low=anchors.low(lang) if anchors else "",
                    high=anchors.high(lang) if anchors else "",
                ),
                labels,
            )
        if item.type == "grid":
            rows = tuple(row.text(lang) for row in item.rows or [])
            return AnswerWords(gettext("For each row, one answer from:"), labels, rows)
        if item.type == "multiple_choice":
            exclusive = {option.value for option in frozen.options(item) if option.exclusive}
            marked = tuple(
                gettext("%(answer)s (only on its own)", answer=option.label(lang))
                if option.value in exclusive
                else option.label(lang)
                for option in frozen.options(item)
            )
            return AnswerWords(gettext("Any of these answers:"), marked)
        return AnswerWords(gettext("One answer from:"), labels)


def _labels(frozen: FrozenQuestionnaire, item: Item, values: Sequence[str], lang: str) -> list[str]:
    by_value = {option.value: option.label(lang) for option in frozen.options(item)}
    return [by_value.get(value, value) for value in values]


def show_if_words(frozen: FrozenQuestionnaire, item: Item, lang: str) -> str | None:
    """When an item is asked, in words ("Asked only if they answered “Yes” to “…”"); None if always."""
    if item.show_if is None:
        return None
    try:
        earlier = frozen.item(item.show_if.item)
    except KeyError:
        return None
    answers = either(_labels(frozen, earlier, item.show_if.any_of, lang), lang)
    with _in(lang):
        return gettext(
            "Asked only if they answered %(answers)s to “%(question)s”",
            answers=answers,
            question=earlier.text(lang),
        )


def indicator_words(frozen: FrozenQuestionnaire, item: Item, lang: str) -> IndicatorWords | None:
    """The indicator an item feeds and which of its answers count as positive; None if it feeds none."""
    if not item.indicator or item.indicator not in frozen.indicators:
        return None
    indicator = frozen.indicators[item.indicator]
    positive = [value for value in frozen.values(item) if value in indicator.positive]
    return IndicatorWords(indicator.id, indicator.label(lang), tuple(_labels(frozen, item, positive, lang)))


def positive_words(words: IndicatorWords, lang: str) -> str:
    """“Counts as positive: “Yes” or “Mostly”” for an indicator's positive answers."""
    with _in(lang):
        return gettext("Counts as positive: %(answers)s", answers=either(words.positive, lang))

"""How the themes were made and what is hidden: the same words on the page, in the XLSX and the PDF."""

from __future__ import annotations

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from analysis.disclosure import MAX_QUOTES, MIN_POOLED_AUTHORITIES, SMALLEST_SHOWN_COUNT
from analysis.text import method_statement

from ..web.i18n import BABEL_LOCALES


def sentiment_methods(lang: str) -> list[str]:
    """How sentiment is worked out for English and for Welsh, said plainly, in the reader's language."""
    return [method_statement(lang)]


def themes_notes(min_group: int, lang: str) -> list[str]:
    """Paragraphs on where comments come from, how they are coded, and how people are kept anonymous."""
    with force_locale(BABEL_LOCALES[lang]):
        return [
            _(
                "Comments are what people wrote in answer to the open questions of campaigns that have "
                "closed. Before anything else reads them, names, phone numbers, e-mail addresses, postcodes "
                "and the names of schools and streets are taken out and replaced by a label such as [name]."
            ),
            _(
                "The language of each comment is detected, and the codebook suggests its themes; Welsh words "
                "match whatever their mutation (teulu, deulu, nheulu, theulu). An analyst can correct the "
                "themes of any comment, and the corrected themes replace the suggestion in every count, "
                "quote and word cloud."
            ),
            ngettext(
                "Anonymity: comments are used only from councils where at least %(num)d person answered "
                "the questionnaire.",
                "Anonymity: comments are used only from councils where at least %(num)d people answered "
                "the questionnaire.",
                min_group,
            ),
            ngettext(
                "A campaign's comments from one council are used only when at least %(num)d person from "
                "that council sent their answers, so a small group's words are never added in.",
                "A campaign's comments from one council are used only when at least %(num)d people from "
                "that council sent their answers, so a small group's words are never added in.",
                min_group,
            ),
            _(
                'Counts are of people, not comments, rounded to the nearest 5; "c" means fewer than '
                "%(small)d people. Percentages are of the people who wrote anything, and are shown only "
                "when at least %(num)d people wrote.",
                small=SMALLEST_SHOWN_COUNT,
                num=min_group,
            ),
            _(
                "Quotes: at most %(num)d per theme, as redacted, one per person, preferring comments an "
                "analyst has reviewed.",
                num=MAX_QUOTES,
            ),
            _(
                "Word clouds: Welsh and English comments have a cloud each; common words are left out, and "
                "a word appears only if at least %(num)d different people used it, so that a rare word, "
                "such as a name that redaction missed, never does.",
                num=SMALLEST_SHOWN_COUNT,
            ),
            ngettext(
                "All of Wales pools every council whose comments can be shown, when at least %(num)d council "
                "can be pooled.",
                "All of Wales pools every council whose comments can be shown, when at least %(num)d "
                "councils can be pooled.",
                MIN_POOLED_AUTHORITIES,
            ),
            *sentiment_methods(lang),
        ]

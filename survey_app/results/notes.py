"""How the results were made and what is hidden: the same words on the page, in the XLSX and in the PDF."""

from __future__ import annotations

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from analysis.disclosure import MIN_POOLED_AUTHORITIES, SMALLEST_SHOWN_COUNT

from ..web.i18n import BABEL_LOCALES
from .gather import ResultSet
from .names import band_name


def method_notes(result_set: ResultSet, min_group: int, lang: str) -> list[str]:
    """Paragraphs on what the figures are, how they compare, and how people are kept anonymous."""
    with force_locale(BABEL_LOCALES[lang]):
        notes = [
            _(
                "%(band)s, %(period)s: every campaign for this group that closed in the year from 1 April to "
                "31 March. Results appear only after a campaign closes.",
                band=band_name(result_set.band),
                period=result_set.period,
            ),
            _(
                "Each indicator is the share of those who answered the question who gave one of the answers "
                'that count as positive. Skipped questions and "I\'d rather not say" are left out.'
            ),
            _(
                "Intervals are 95% Wilson score intervals: the range the true figure is likely to lie in, "
                "given how many answered. Small groups have wide intervals."
            ),
            ngettext(
                "Other councils: the same indicator over every other council whose own figure is shown in "
                "full, in the same year and group, and only when at least %(num)d council can be pooled.",
                "Other councils: the same indicator over every other council whose own figure is shown in "
                "full, in the same year and group, and only when at least %(num)d councils can be pooled.",
                MIN_POOLED_AUTHORITIES,
            ),
            _(
                "A bright spot is significantly better than the other councils, an area for improvement "
                "significantly worse (two-proportion test at the 5%% level; both groups at least %(num)d).",
                num=min_group,
            ),
            _(
                "Change since the previous year compares with the same council's figure for the year before, "
                "with the same test."
            ),
            ngettext(
                "Anonymity: a group is shown only when at least %(num)d person answered.",
                "Anonymity: a group is shown only when at least %(num)d people answered.",
                min_group,
            ),
            ngettext(
                "A campaign's answers from one council count only when at least %(num)d person from that "
                "council sent them, so a small group is never added in.",
                "A campaign's answers from one council count only when at least %(num)d people from that "
                "council sent them, so a small group is never added in.",
                min_group,
            ),
            _(
                '"c" means fewer than %(num)d people gave one of the answers, so the figure is hidden; '
                "where that would let a hidden number be worked out from a total, the next smallest "
                "is hidden too.",
                num=SMALLEST_SHOWN_COUNT,
            ),
            _(
                "Where a 0-10 question's breakdown hides a figure for a council, its average and the "
                "indicator on the same question are hidden too."
            ),
            _(
                "Before anything is worked out, every count is moved up or down by a small amount (at most "
                "2; counts of 0 and 5 never move), chosen at random once for the same people: the same "
                "figure is the same everywhere, and no figure can be worked back to exact numbers."
            ),
            _(
                "Numbers answering are rounded to the nearest 5 and percentages to whole numbers, so totals "
                "may not add up exactly."
            ),
            _(
                "Published figures are from other surveys, years and questions: shown for context with their "
                "source, not as a benchmark."
            ),
        ]
        return notes + ([wording_note()] if result_set.wording.any_for() else [])


def wording_note() -> str:
    """What the "wording changed" mark beside a benchmark or a previous year's figure means."""
    return _(
        '"Wording changed": the question behind the indicator was asked in other words (its text in '
        "Welsh or English, its answers, or which answers count as positive) than the year before or "
        "than in the other councils' campaigns, so that comparison is not like with like."
    )

"""Kite-mark verdicts in words, in the reader's language: the same sentences on pages and in PDFs."""

from __future__ import annotations

from flask_babel import LazyString, format_date, gettext, ngettext
from flask_babel import lazy_gettext as _l

from analysis.disclosure import SMALL_CELL, TOO_FEW
from analysis.kitemark import (
    AREAS_IN_THE_OFFER,
    AWARDED,
    MET,
    NO_ANSWERS,
    NO_EVIDENCE,
    NO_SURVEY,
    NOT_ASKED,
    NOT_ENOUGH_EVIDENCE,
    NOT_MET,
    NOT_YET,
    AreaVerdict,
    AuditEvidence,
    Award,
    CriterionVerdict,
    IndicatorCriterion,
    SurveyEvidence,
)

from ..results.names import band_name
from ..results.periods import Band

VERDICT_NAMES: dict[str, LazyString] = {
    MET: _l("Met"),
    NOT_MET: _l("Not met"),
    NO_EVIDENCE: _l("No evidence yet"),
    NOT_ENOUGH_EVIDENCE: _l("Not enough evidence"),
    AWARDED: _l("Awarded"),
    NOT_YET: _l("Not yet awarded"),
}
# The tag colour of each verdict on pages and in PDFs.
VERDICT_TAGS = {MET: "ok", AWARDED: "ok", NOT_MET: "problem", NOT_YET: "problem"}


def verdict_name(verdict: str) -> str:
    return str(VERDICT_NAMES.get(verdict, verdict))


def group_name(band_key: str) -> str:
    return band_name(Band.from_key(band_key))


def groups(criterion: IndicatorCriterion) -> str:
    """The bands a survey criterion reads, named and joined: "Children aged 8-10; Young people aged 11-18"."""
    return "; ".join(group_name(key) for key in criterion.bands)


def award_why(award: Award) -> str:
    if award.verdict == AWARDED:
        return gettext("All six areas of the offer are met.")
    met = len(award.areas_met)
    return ngettext(
        "%(num)d of the %(areas)d areas of the offer is met.",
        "%(num)d of the %(areas)d areas of the offer are met.",
        met,
        areas=AREAS_IN_THE_OFFER,
    )


def area_why(area: AreaVerdict, lang: str) -> str:
    if area.reason == "all_met":
        return gettext("Every criterion with evidence is met.")
    if area.reason == "criteria_not_met":
        count = len(area.not_met)
        return ngettext(
            "%(num)d criterion is below the bar.",
            "%(num)d criteria are below the bar.",
            count,
        )
    if area.reason == "required_missing":
        names = "; ".join(each.criterion.label(lang) for each in area.missing_required)
        return gettext(
            "Every council needs evidence for “%(criteria)s”, and there is none yet.",
            criteria=names,
        )
    if area.reason == "no_young_peoples_evidence":
        return gettext(
            "The council's self-audit alone cannot meet an area: no figure from young people's own "
            "answers can be shown for it yet."
        )
    return gettext("None of this area's criteria has evidence yet.")


CRITERION_WHY: dict[str, LazyString] = {
    "all_shown_meet": _l("Every group whose figure can be shown is at or above the bar."),
    "shown_below": _l("At least one group is below the bar."),
    "nothing_shown": _l("No survey figure can be shown for this."),
    "score_meets": _l("The score is at or above the bar, and the council wrote its evidence."),
    "score_below": _l("The score is below the bar."),
    "nothing_written": _l(
        "The council wrote no evidence for this area, so its promises cannot count as in place."
    ),
    "no_self_audit": _l("The council has not sent a self-audit for this year."),
    "nothing_answered": _l("The council's self-audit answers none of these promises."),
}


def criterion_why(verdict: CriterionVerdict) -> str:
    return str(CRITERION_WHY[verdict.reason])


def survey_line(line: SurveyEvidence, threshold: int, min_group: int, period: str) -> str:
    """One band's evidence: the figure, its interval and base, against the bar; or why there is none."""
    group = group_name(line.band)
    if line.meets is not None:
        figure = gettext(
            "%(group)s, %(period)s: %(percent)d%% (95%% interval %(low)d–%(high)d%%), "
            "about %(base)d answered.",
            group=group,
            period=period,
            percent=line.percent or 0,
            low=line.ci_low or 0,
            high=line.ci_high or 0,
            base=line.base or 0,
        )
        if line.meets:
            return figure + " " + gettext("At or above the bar of %(num)d%%.", num=threshold)
        return figure + " " + gettext("Below the bar of %(num)d%%.", num=threshold)
    reasons = {
        TOO_FEW: gettext(
            "%(group)s, %(period)s: too few answered for the figure to be shown (it needs %(num)d).",
            group=group,
            period=period,
            num=min_group,
        ),
        SMALL_CELL: gettext(
            "%(group)s, %(period)s: the figure is hidden to protect a small number of young people.",
            group=group,
            period=period,
        ),
        NOT_ASKED: gettext(
            "%(group)s, %(period)s: this survey does not ask this question.", group=group, period=period
        ),
        NO_ANSWERS: gettext(
            "%(group)s, %(period)s: nobody from this council answered this question.",
            group=group,
            period=period,
        ),
        NO_SURVEY: gettext(
            "%(group)s: no survey of this group closed in %(period)s.", group=group, period=period
        ),
    }
    return reasons.get(line.status, reasons[TOO_FEW])


def audit_line(evidence: AuditEvidence, threshold: int) -> str:
    """The self-audit's score for a criterion, against the bar."""
    sent = format_date(evidence.submitted_on, "long") if evidence.submitted_on else "–"
    if evidence.score is None:
        return gettext("Self-audit sent on %(date)s: none of these promises is answered.", date=sent)
    counted = gettext(
        "Self-audit sent on %(date)s: %(in_place)d of %(total)d promises in place with evidence, "
        "%(partly)d partly in place (each counts as half). Score: %(score)d%%; the bar is %(num)d%%.",
        date=sent,
        in_place=evidence.in_place,
        total=len(evidence.answers),
        partly=evidence.partly,
        score=evidence.score,
        num=threshold,
    )
    if not evidence.written:
        return counted + " " + gettext("The council wrote no evidence for this area.")
    return counted

"""The evidence for one period's kite mark: released survey figures per band, and councils' self-audits.

Survey figures come only from `results.gather` (closed campaigns, through disclosure control), never
from answers; a self-audit is the council's own submitted response to a self-audit campaign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from analysis.disclosure import DisclosureControl
from analysis.kitemark import Award, SelfAudit, SurveyFigures, evaluate, survey_figures

from ..content.frozen import FrozenQuestionnaire
from ..models import Authority, Response
from ..results.gather import ResultSet, gather
from ..results.periods import period_bounds
from ..store.questionnaires import frozen_content
from . import store
from .criteria import kitemark, survey_bands


@dataclass(frozen=True)
class PeriodEvidence:
    """Everything the kite mark of a period is judged on, for every council."""

    period: str
    result_sets: dict[str, ResultSet]  # band key -> results; no entry where no survey closed
    self_audits: dict[int, Response]  # authority id -> its latest submitted self-audit
    thresholds: dict[str, store.Threshold]
    thresholds_day: date  # the thresholds are those the panel had set by the end of this day


def period_evidence(period: str, today: date, control: DisclosureControl) -> PeriodEvidence:
    """A period's evidence, with the thresholds that stood at its end (today's, if it has not ended)."""
    found = {}
    for band in survey_bands():
        result_set = gather(period, band, today, control)
        if result_set is not None:
            found[band.key] = result_set
    _first, last = period_bounds(period)
    day = min(today, last)
    return PeriodEvidence(
        period=period,
        result_sets=found,
        self_audits=store.self_audits(period, today),
        thresholds=store.thresholds_on(kitemark(), day),
        thresholds_day=day,
    )


def surveys_for(evidence: PeriodEvidence, authority: Authority) -> dict[str, SurveyFigures]:
    """One council's released figures in each band surveyed in the period."""
    return {
        key: survey_figures(
            key,
            evidence.period,
            result_set.results.for_authority(authority.ons_code).indicators,
            result_set.indicators,
        )
        for key, result_set in evidence.result_sets.items()
    }


def self_audit_for(evidence: PeriodEvidence, authority: Authority) -> SelfAudit | None:
    response = evidence.self_audits.get(authority.id)
    if response is None or response.submitted_on is None:
        return None
    return SelfAudit(
        answers=dict(response.answers),
        language=response.language,
        submitted_on=response.submitted_on,
        period=evidence.period,
    )


def self_audit_questionnaire(evidence: PeriodEvidence, authority: Authority) -> FrozenQuestionnaire | None:
    """The self-audit the council answered (for the wording of its commitments and answers)."""
    response = evidence.self_audits.get(authority.id)
    return frozen_content(response.campaign.questionnaire_version) if response is not None else None


def award_for(evidence: PeriodEvidence, authority: Authority) -> Award:
    return evaluate(
        kitemark(),
        store.values(evidence.thresholds),
        surveys_for(evidence, authority),
        self_audit_for(evidence, authority),
    )

"""One council's kite-mark report for one period: the award, and what the pages need to explain it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from analysis.kitemark import Award, Kitemark

from ..content.frozen import FrozenQuestionnaire
from ..models import Authority, Response
from .criteria import kitemark
from .gather import PeriodEvidence, award_for, self_audit_questionnaire


@dataclass(frozen=True)
class KitemarkReport:
    authority: Authority
    period: str
    award: Award
    self_audit: Response | None
    questionnaire: FrozenQuestionnaire | None  # the self-audit the council answered
    thresholds_day: date
    min_group: int
    criteria: Kitemark

    def commitment(self, item_id: str, lang: str) -> str:
        """A self-audit commitment in the council's own questionnaire's words (its id if it has none)."""
        if self.questionnaire is None:
            return item_id
        try:
            return self.questionnaire.item(item_id).text(lang)
        except KeyError:
            return item_id

    def answer(self, item_id: str, value: str | None, lang: str) -> str | None:
        """The label of a self-audit answer; None when the commitment was not answered."""
        if value is None or self.questionnaire is None:
            return None
        try:
            options = self.questionnaire.options(self.questionnaire.item(item_id))
        except KeyError:
            return value
        return next((option.label(lang) for option in options if option.value == value), value)


def build_report(evidence: PeriodEvidence, authority: Authority, min_group: int) -> KitemarkReport:
    return KitemarkReport(
        authority=authority,
        period=evidence.period,
        award=award_for(evidence, authority),
        self_audit=evidence.self_audits.get(authority.id),
        questionnaire=self_audit_questionnaire(evidence, authority),
        thresholds_day=evidence.thresholds_day,
        min_group=min_group,
        criteria=kitemark(),
    )

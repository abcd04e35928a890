"""The corporate-parenting kite mark: criteria per area of the offer, and verdicts with their evidence.

The criteria live in questionnaires/kitemark.yaml; the young people's panel sets their thresholds. A
criterion draws either on a survey indicator (already through disclosure control: only figures shown
for a group of at least K count) or on the council's own self-audit. The rules, as the panel reads them:

- A survey criterion is *met* when, in every band where the council's figure is shown, the share of
  young people answering positively is at least the threshold; *not met* when any shown figure is
  below it; *no evidence* when no figure can be shown (too few answered, a small count hidden, the
  question not asked, or no survey of that group closed in the period).
- A self-audit criterion scores its commitments: "in place, with evidence" counts 1, "partly in
  place" counts half, anything else (planned, not in place, "rather not say", unanswered) counts 0;
  the score is that share of all the criterion's commitments. It is *met* when the score is at least
  the threshold and the council wrote evidence for the area; *no evidence* when there is no
  self-audit, or none of the commitments was answered.
- An area is *met* when every criterion with evidence is met, at least one criterion drawn from young
  people's survey answers has evidence (the council's self-audit alone never meets an area) and every
  `required` criterion has evidence; *not met* when any criterion with evidence is not met; otherwise
  there is *not enough evidence*.
- The kite mark is *awarded* when all six areas are met; otherwise it is *not yet* awarded.

Comparisons use the whole percentages that are shown, so a verdict never disagrees with its figure.
Text that councils wrote is redacted (`analysis.text.redact`) before it is put in any evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .disclosure import SHOWN, ReleasedTable
from .text.redact import redact

MET, NOT_MET, NO_EVIDENCE = "met", "not_met", "no_evidence"
NOT_ENOUGH_EVIDENCE = "not_enough_evidence"  # an area's verdict when it cannot be judged
AWARDED, NOT_YET = "awarded", "not_yet"
# What each self-audit answer scores: "partly in place" counts half; anything else counts nothing.
AUDIT_POINTS_IN_HALVES = {"in_place": 2, "partly": 1}
# Survey evidence beyond analysis.disclosure's statuses (shown, too_few, c).
NOT_ASKED = "not_asked"  # the band's questionnaire does not ask it
NO_ANSWERS = "no_answers"  # asked, but nobody in this council answered it
NO_SURVEY = "no_survey"  # no survey of this band closed in the period
AREAS_IN_THE_OFFER = 6

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
BandKey = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(-\d+-\d+)?$")]
Percent = Annotated[int, Field(ge=0, le=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    cy: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

    def __call__(self, lang: str) -> str:
        return self.cy if lang == "cy" else self.en


class Area(_Strict):
    id: Identifier
    name: Text
    expect: Text  # what young people should be able to expect, in one line
    evidence_item: Identifier  # the self-audit's free-text evidence for the area


class _Criterion(_Strict):
    id: Identifier
    area: Identifier
    label: Text
    default_threshold: Percent
    required: bool = False


class IndicatorCriterion(_Criterion):
    kind: Literal["indicator"]
    indicator: Identifier
    bands: list[BandKey] = Field(min_length=1)


class SelfAuditCriterion(_Criterion):
    kind: Literal["self_audit"]
    items: list[Identifier] = Field(min_length=1)
    needs_written_evidence: bool = True


Criterion = Annotated[IndicatorCriterion | SelfAuditCriterion, Field(discriminator="kind")]


class Kitemark(_Strict):
    """The kite mark's criteria file, checked: unique ids, known areas, two to four criteria an area."""

    version: int = Field(ge=1)
    notes: Text
    areas: list[Area] = Field(min_length=AREAS_IN_THE_OFFER, max_length=AREAS_IN_THE_OFFER)
    criteria: list[Criterion]

    @model_validator(mode="after")
    def _consistent(self) -> Kitemark:
        area_ids = [area.id for area in self.areas]
        criterion_ids = [each.id for each in self.criteria]
        for name, ids in (("area", area_ids), ("criterion", criterion_ids)):
            repeated = sorted({each for each in ids if ids.count(each) > 1})
            if repeated:
                raise ValueError(f"{name} ids used more than once: {', '.join(repeated)}")
        unknown = sorted({each.area for each in self.criteria} - set(area_ids))
        if unknown:
            raise ValueError(f"criteria name unknown areas: {', '.join(unknown)}")
        for area in area_ids:
            count = sum(1 for each in self.criteria if each.area == area)
            if not 2 <= count <= 4:
                raise ValueError(f"area {area} has {count} criteria: give it two to four")
        return self

    def area_criteria(self, area_id: str) -> list[IndicatorCriterion | SelfAuditCriterion]:
        return [each for each in self.criteria if each.area == area_id]

    @property
    def bands(self) -> list[str]:
        """Every survey band the criteria draw on, in the order first named."""
        found: dict[str, None] = {}
        for each in self.criteria:
            if isinstance(each, IndicatorCriterion):
                found.update(dict.fromkeys(each.bands))
        return list(found)

    def defaults(self) -> dict[str, int]:
        return {each.id: each.default_threshold for each in self.criteria}


def load_kitemark(path: Path) -> Kitemark:
    """Read and check the criteria file (pydantic's ValidationError names what is wrong, and where)."""
    with path.open(encoding="utf-8") as handle:
        return Kitemark.model_validate(yaml.safe_load(handle))


def reference_problems(
    kitemark: Kitemark, asked: Mapping[str, set[str]], indicators: set[str], audit_items: set[str]
) -> list[str]:
    """What the criteria name that does not exist: `asked` is band key -> indicators its survey asks."""
    problems = []
    for each in kitemark.criteria:
        if isinstance(each, IndicatorCriterion):
            if each.indicator not in indicators:
                problems.append(f"{each.id}: no indicator {each.indicator!r} in the catalogue")
            for band in each.bands:
                if each.indicator not in asked.get(band, set()):
                    problems.append(f"{each.id}: no survey of band {band!r} asks {each.indicator!r}")
        else:
            missing = [item for item in each.items if item not in audit_items]
            problems += [f"{each.id}: no self-audit item {item!r}" for item in missing]
    problems += [
        f"area {area.id}: no self-audit item {area.evidence_item!r}"
        for area in kitemark.areas
        if area.evidence_item not in audit_items
    ]
    return problems


# --- what the verdicts are made from ------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFigure:
    """One indicator as disclosure control released it for one council: None where not shown."""

    status: str
    percent: int | None = None
    ci_low: int | None = None
    ci_high: int | None = None
    base: int | None = None  # rounded to the nearest 5


@dataclass(frozen=True)
class SurveyFigures:
    """One band's released figures for one council in one period, and the indicators its survey asks."""

    band: str
    period: str
    asked: frozenset[str]
    figures: Mapping[str, IndicatorFigure]


def _whole(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def survey_figures(band: str, period: str, table: ReleasedTable, asked: Iterable[str]) -> SurveyFigures:
    """A council's figures from its released indicator table (`Results.for_authority(...).indicators`)."""
    if table.kind != "indicators":
        raise ValueError(f"the kite mark reads released indicator tables, not {table.kind!r}")
    figures = {
        str(row["indicator"]): IndicatorFigure(
            status=str(row["status"]),
            percent=_whole(row["percent"]),
            ci_low=_whole(row["ci_low"]),
            ci_high=_whole(row["ci_high"]),
            base=_whole(row["base"]),
        )
        for row in table.frame.to_dict("records")
    }
    return SurveyFigures(band, period, frozenset(asked), figures)


@dataclass(frozen=True)
class SelfAudit:
    """A council's submitted self-audit: its answers (item id -> value), language and day sent."""

    answers: Mapping[str, Any]
    language: str
    submitted_on: date
    period: str


# --- verdicts and their evidence -----------------------------------------------------------------


@dataclass(frozen=True)
class SurveyEvidence:
    """One band's figure behind a survey criterion; `meets` is None where there is no shown figure."""

    band: str
    period: str | None
    status: str
    percent: int | None
    ci_low: int | None
    ci_high: int | None
    base: int | None
    meets: bool | None


@dataclass(frozen=True)
class AuditEvidence:
    """The self-audit answers behind a criterion, and the score they make."""

    answers: tuple[tuple[str, str | None], ...]  # (item id, answer or None if unanswered)
    in_place: int
    partly: int
    score: int | None  # whole per cent; None when there is no evidence
    written: bool  # whether the council wrote evidence for the area
    submitted_on: date | None
    period: str | None


@dataclass(frozen=True)
class CriterionVerdict:
    criterion: IndicatorCriterion | SelfAuditCriterion
    threshold: int
    verdict: str
    reason: str  # why, in a word the pages name: see REASONS
    survey: tuple[SurveyEvidence, ...] = ()
    audit: AuditEvidence | None = None

    @property
    def has_evidence(self) -> bool:
        return self.verdict != NO_EVIDENCE


@dataclass(frozen=True)
class AreaVerdict:
    area: Area
    verdict: str
    reason: str
    criteria: tuple[CriterionVerdict, ...]
    written: str | None  # the council's own evidence for the area, redacted; None if it wrote none

    @property
    def missing_required(self) -> list[CriterionVerdict]:
        return [each for each in self.criteria if each.criterion.required and not each.has_evidence]

    @property
    def not_met(self) -> list[CriterionVerdict]:
        return [each for each in self.criteria if each.verdict == NOT_MET]


@dataclass(frozen=True)
class Award:
    verdict: str
    areas: tuple[AreaVerdict, ...]

    @property
    def areas_met(self) -> list[AreaVerdict]:
        return [each for each in self.areas if each.verdict == MET]

    @property
    def awarded(self) -> bool:
        return self.verdict == AWARDED


REASONS = (
    "all_shown_meet",  # survey: met
    "shown_below",  # survey: not met
    "nothing_shown",  # survey: no evidence
    "score_meets",  # self-audit: met
    "score_below",  # self-audit: not met
    "nothing_written",  # self-audit: the score meets the bar, but no evidence was written
    "no_self_audit",  # self-audit: no evidence
    "nothing_answered",  # self-audit: no evidence
    "all_met",  # area: met
    "criteria_not_met",  # area: not met
    "required_missing",  # area: not enough evidence
    "no_criterion_has_evidence",  # area: not enough evidence
)


def _band_evidence(band: str, threshold: int, indicator: str, found: SurveyFigures | None) -> SurveyEvidence:
    if found is None:
        return SurveyEvidence(band, None, NO_SURVEY, None, None, None, None, None)
    figure = found.figures.get(indicator)
    if figure is None:
        status = NO_ANSWERS if indicator in found.asked else NOT_ASKED
        return SurveyEvidence(band, found.period, status, None, None, None, None, None)
    shown = figure.status == SHOWN and figure.percent is not None
    return SurveyEvidence(
        band,
        found.period,
        figure.status,
        figure.percent if shown else None,
        figure.ci_low if shown else None,
        figure.ci_high if shown else None,
        figure.base,
        (figure.percent or 0) >= threshold if shown else None,
    )


def _survey_verdict(
    criterion: IndicatorCriterion, threshold: int, surveys: Mapping[str, SurveyFigures]
) -> CriterionVerdict:
    lines = tuple(
        _band_evidence(band, threshold, criterion.indicator, surveys.get(band)) for band in criterion.bands
    )
    judged = [line.meets for line in lines if line.meets is not None]
    if not judged:
        verdict, reason = NO_EVIDENCE, "nothing_shown"
    elif all(judged):
        verdict, reason = MET, "all_shown_meet"
    else:
        verdict, reason = NOT_MET, "shown_below"
    return CriterionVerdict(criterion, threshold, verdict, reason, survey=lines)


def audit_score(answers: Iterable[str | None]) -> tuple[int, int, int]:
    """(in place, partly, whole per cent score) of some commitments' answers, rounded half up."""
    given = list(answers)
    in_place = sum(1 for each in given if each == "in_place")
    partly = sum(1 for each in given if each == "partly")
    halves = sum(AUDIT_POINTS_IN_HALVES.get(each or "", 0) for each in given)
    return in_place, partly, (100 * halves + len(given)) // (2 * len(given)) if given else 0


def _audit_verdict(
    criterion: SelfAuditCriterion, threshold: int, audit: SelfAudit | None, written: bool
) -> CriterionVerdict:
    if audit is None:
        return CriterionVerdict(criterion, threshold, NO_EVIDENCE, "no_self_audit")
    pairs = tuple((item, _answer(audit.answers.get(item))) for item in criterion.items)
    in_place, partly, score = audit_score(value for _item, value in pairs)
    answered = any(value is not None and value != "rather_not_say" for _item, value in pairs)
    evidence = AuditEvidence(
        pairs, in_place, partly, score if answered else None, written, audit.submitted_on, audit.period
    )
    if not answered:
        verdict, reason = NO_EVIDENCE, "nothing_answered"
    elif score < threshold:
        verdict, reason = NOT_MET, "score_below"
    elif criterion.needs_written_evidence and not written:
        verdict, reason = NOT_MET, "nothing_written"
    else:
        verdict, reason = MET, "score_meets"
    return CriterionVerdict(criterion, threshold, verdict, reason, audit=evidence)


def _answer(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _area_verdict(area: Area, verdicts: tuple[CriterionVerdict, ...], written: str | None) -> AreaVerdict:
    with_evidence = [each for each in verdicts if each.has_evidence]
    if any(each.verdict == NOT_MET for each in with_evidence):
        verdict, reason = NOT_MET, "criteria_not_met"
    elif not with_evidence:
        verdict, reason = NOT_ENOUGH_EVIDENCE, "no_criterion_has_evidence"
    elif any(each.criterion.required and not each.has_evidence for each in verdicts):
        verdict, reason = NOT_ENOUGH_EVIDENCE, "required_missing"
    elif not any(isinstance(each.criterion, IndicatorCriterion) for each in with_evidence):
        # The kite mark is young people's: a council's word about itself never meets an area alone.
        verdict, reason = NOT_ENOUGH_EVIDENCE, "no_young_peoples_evidence"
    else:
        verdict, reason = MET, "all_met"
    return AreaVerdict(area, verdict, reason, verdicts, written)


def _written(audit: SelfAudit | None, item: str) -> str | None:
    """The council's evidence text for an area, redacted; None when it wrote nothing."""
    if audit is None:
        return None
    text = audit.answers.get(item)
    if not isinstance(text, str) or not text.strip():
        return None
    return redact(text.strip(), audit.language).text


def evaluate(
    kitemark: Kitemark,
    thresholds: Mapping[str, int],
    surveys: Mapping[str, SurveyFigures],
    audit: SelfAudit | None,
) -> Award:
    """One council's kite mark for one period: every criterion, area and the overall verdict.

    `thresholds` maps criterion id to the panel's threshold (a criterion missing from it keeps its
    default); `surveys` maps band key to that band's released figures for the council, and has no
    entry for a band with no survey closed in the period; `audit` is the council's self-audit, if any.
    """
    areas = []
    for area in kitemark.areas:
        written = _written(audit, area.evidence_item)
        verdicts = []
        for criterion in kitemark.area_criteria(area.id):
            threshold = int(thresholds.get(criterion.id, criterion.default_threshold))
            if isinstance(criterion, IndicatorCriterion):
                verdicts.append(_survey_verdict(criterion, threshold, surveys))
            else:
                verdicts.append(_audit_verdict(criterion, threshold, audit, written is not None))
        areas.append(_area_verdict(area, tuple(verdicts), written))
    awarded = all(each.verdict == MET for each in areas)
    return Award(AWARDED if awarded else NOT_YET, tuple(areas))

"""The kite mark's rules, on their own: criteria, areas and the award from figures and a self-audit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from pydantic import ValidationError

from analysis.disclosure import DisclosureControl
from analysis.kitemark import (
    AWARDED,
    MET,
    NO_ANSWERS,
    NO_EVIDENCE,
    NO_SURVEY,
    NOT_ASKED,
    NOT_ENOUGH_EVIDENCE,
    NOT_MET,
    NOT_YET,
    IndicatorCriterion,
    IndicatorFigure,
    Kitemark,
    SelfAudit,
    SelfAuditCriterion,
    SurveyFigures,
    audit_score,
    evaluate,
    load_kitemark,
    survey_figures,
)
from analysis.results import ResultsInput, build_results
from analysis.tidy import scored_answers
from survey_app.config import PROJECT_ROOT

PERIOD = "2026-27"
CRITERIA = load_kitemark(PROJECT_ROOT / "questionnaires" / "kitemark.yaml")
BANDS = ("child-8-10", "child-11-18", "care_leaver-16-25")
WRITTEN = {
    area.evidence_item: "Our written offer, agreed in May; audit of plans in March."
    for area in CRITERIA.areas
}


def shown(percent: int) -> IndicatorFigure:
    return IndicatorFigure("shown", percent, max(percent - 12, 0), min(percent + 10, 100), 40)


def surveys(percent: int = 90, **overrides: dict[str, IndicatorFigure]) -> dict[str, SurveyFigures]:
    """Every band shown with every indicator at `percent`, except the figures overridden per band."""
    asked = {each.indicator for each in CRITERIA.criteria if isinstance(each, IndicatorCriterion)}
    found = {}
    for band in BANDS:
        figures = {indicator: shown(percent) for indicator in asked}
        figures.update(overrides.get(band.replace("-", "_"), {}))
        found[band] = SurveyFigures(band, PERIOD, frozenset(asked), figures)
    return found


def audit(answer: str = "in_place", **answers: str) -> SelfAudit:
    """A self-audit with every commitment answered `answer` (except `answers`) and evidence written."""
    given: dict[str, str] = {
        item: answer
        for each in CRITERIA.criteria
        if isinstance(each, SelfAuditCriterion)
        for item in each.items
    }
    return SelfAudit({**given, **WRITTEN, **answers}, "en", date(2027, 2, 1), PERIOD)


def criterion(award, criterion_id: str):
    return next(each for area in award.areas for each in area.criteria if each.criterion.id == criterion_id)


def area(award, area_id: str):
    return next(each for each in award.areas if each.area.id == area_id)


def test_the_criteria_file_has_the_six_areas_of_the_offer_each_with_two_to_four_criteria():
    assert [each.id for each in CRITERIA.areas] == [
        "advice_assistance",
        "well_being",
        "learning_work",
        "safeguarding",
        "growing_up",
        "having_a_say",
    ]
    for each in CRITERIA.areas:
        kinds = {found.kind for found in CRITERIA.area_criteria(each.id)}
        assert 2 <= len(CRITERIA.area_criteria(each.id)) <= 4
        assert kinds == {"indicator", "self_audit"}, f"{each.id} draws on the surveys and the self-audit"
        assert each.name.cy and each.expect.cy and each.expect.en


def test_a_criteria_file_with_an_unknown_area_or_a_repeated_id_is_refused():
    raw = CRITERIA.model_dump(mode="json")
    raw["criteria"][0]["area"] = "pocket_money"
    with pytest.raises(ValidationError, match="unknown areas: pocket_money"):
        Kitemark.model_validate(raw)
    raw = CRITERIA.model_dump(mode="json")
    raw["criteria"][1]["id"] = raw["criteria"][0]["id"]
    with pytest.raises(ValidationError, match="used more than once"):
        Kitemark.model_validate(raw)
    raw = CRITERIA.model_dump(mode="json")
    raw["criteria"][0]["default_threshold"] = 150
    with pytest.raises(ValidationError):
        Kitemark.model_validate(raw)


def test_everything_at_or_above_the_bar_is_awarded():
    award = evaluate(CRITERIA, {}, surveys(90), audit())
    assert award.verdict == AWARDED and len(award.areas_met) == 6
    assert all(each.verdict == MET for area_ in award.areas for each in area_.criteria)


@pytest.mark.parametrize(("percent", "verdict"), [(70, MET), (69, NOT_MET), (71, MET)])
def test_a_survey_criterion_is_met_from_the_threshold_up(percent, verdict):
    found = surveys(90, child_8_10={"feels_safe_at_home": shown(percent)})
    safe = criterion(evaluate(CRITERIA, {"safe_at_home": 70}, found, audit()), "safe_at_home")
    assert safe.verdict == verdict and safe.threshold == 70
    line = safe.survey[0]
    assert (line.band, line.period, line.percent, line.base) == ("child-8-10", PERIOD, percent, 40)
    assert line.meets is (verdict == MET)


def test_the_panels_threshold_replaces_the_default():
    found = surveys(90, child_8_10={"feels_safe_at_home": shown(80)})
    assert criterion(evaluate(CRITERIA, {}, found, audit()), "safe_at_home").verdict == MET
    raised = evaluate(CRITERIA, {"safe_at_home": 85}, found, audit())
    assert criterion(raised, "safe_at_home").verdict == NOT_MET
    assert area(raised, "safeguarding").verdict == NOT_MET and raised.verdict == NOT_YET


def test_one_group_below_the_bar_is_enough_to_miss_it():
    found = surveys(90, care_leaver_16_25={"feels_safe_at_home": shown(50)})
    safe = criterion(evaluate(CRITERIA, {}, found, audit()), "safe_at_home")
    assert safe.verdict == NOT_MET and [line.meets for line in safe.survey] == [True, True, False]


def test_a_group_too_small_to_show_gives_no_evidence_either_way():
    small = IndicatorFigure("too_few", None, None, None, None)
    hidden = IndicatorFigure("c", None, None, None, 15)
    # The care leavers' group is too small: the other groups decide.
    found = surveys(90, care_leaver_16_25={"feels_safe_at_home": small})
    safe = criterion(evaluate(CRITERIA, {}, found, audit()), "safe_at_home")
    assert safe.verdict == MET and safe.survey[2].status == "too_few" and safe.survey[2].meets is None
    # Every group too small or hidden: no evidence, and the area cannot be met without it (required).
    found = surveys(
        90,
        child_8_10={"feels_safe_at_home": small},
        child_11_18={"feels_safe_at_home": hidden},
        care_leaver_16_25={"feels_safe_at_home": small},
    )
    award = evaluate(CRITERIA, {}, found, audit())
    safe = criterion(award, "safe_at_home")
    assert safe.verdict == NO_EVIDENCE and safe.reason == "nothing_shown"
    assert all(line.percent is None for line in safe.survey)
    assert area(award, "safeguarding").verdict == NOT_ENOUGH_EVIDENCE
    assert area(award, "safeguarding").reason == "required_missing"
    assert award.verdict == NOT_YET


def test_missing_surveys_and_questions_are_named_as_such():
    found = surveys(90)
    del found["child-11-18"]
    found["child-8-10"] = SurveyFigures("child-8-10", PERIOD, frozenset(), {})
    figures = dict(found["care_leaver-16-25"].figures)
    del figures["feels_safe_at_home"]
    found["care_leaver-16-25"] = SurveyFigures(
        "care_leaver-16-25", PERIOD, found["care_leaver-16-25"].asked, figures
    )
    safe = criterion(evaluate(CRITERIA, {}, found, audit()), "safe_at_home")
    assert [line.status for line in safe.survey] == [NOT_ASKED, NO_SURVEY, NO_ANSWERS]
    assert safe.verdict == NO_EVIDENCE


def test_an_optional_criterion_without_evidence_does_not_stop_an_area():
    small = IndicatorFigure("too_few", None, None, None, None)
    found = surveys(90, child_8_10={"told_before_moving": small}, child_11_18={"told_before_moving": small})
    award = evaluate(CRITERIA, {}, found, audit())
    assert criterion(award, "safe_told_before_moving").verdict == NO_EVIDENCE
    assert area(award, "safeguarding").verdict == MET and award.verdict == AWARDED


def test_partly_in_place_counts_half_and_the_score_is_rounded_as_shown():
    assert audit_score(["in_place", "in_place", "in_place", "partly", "partly", "not_in_place"]) == (3, 2, 67)
    assert audit_score(["partly", "planned", "rather_not_say", None]) == (0, 1, 13)  # 12.5 rounds up
    answers = {
        "advice_personal_adviser_offered": "in_place",
        "advice_personal_adviser_reachable": "in_place",
        "advice_out_of_hours": "in_place",
        "advice_offer_written": "partly",
        "advice_entitlements_explained": "partly",
        "advice_council_tax_exemption": "not_in_place",
    }
    met = criterion(
        evaluate(CRITERIA, {"advice_promises": 67}, surveys(), audit(**answers)), "advice_promises"
    )
    assert met.verdict == MET and met.audit.score == 67 and (met.audit.in_place, met.audit.partly) == (3, 2)
    assert dict(met.audit.answers)["advice_offer_written"] == "partly"
    missed = evaluate(CRITERIA, {"advice_promises": 68}, surveys(), audit(**answers))
    assert criterion(missed, "advice_promises").verdict == NOT_MET
    assert area(missed, "advice_assistance").verdict == NOT_MET


def test_unanswered_and_rather_not_say_count_nothing_and_none_answered_is_no_evidence():
    some = audit(**{"wellbeing_health_assessment": "rather_not_say", "wellbeing_free_leisure": ""})
    scored = criterion(evaluate(CRITERIA, {}, surveys(), some), "wellbeing_promises")
    assert scored.audit.score == 67 and scored.audit.in_place == 4
    blank = {
        item: "rather_not_say"
        for each in CRITERIA.criteria
        if isinstance(each, SelfAuditCriterion) and each.area == "well_being"
        for item in each.items
    }
    award = evaluate(CRITERIA, {}, surveys(), audit(**blank))
    nothing = criterion(award, "wellbeing_promises")
    assert (
        nothing.verdict == NO_EVIDENCE
        and nothing.reason == "nothing_answered"
        and nothing.audit.score is None
    )
    assert area(award, "well_being").verdict == NOT_ENOUGH_EVIDENCE


def test_promises_without_written_evidence_are_not_met():
    award = evaluate(CRITERIA, {}, surveys(), audit(**{"learning_evidence": "  "}))
    promises = criterion(award, "learning_promises")
    assert (
        promises.verdict == NOT_MET and promises.reason == "nothing_written" and promises.audit.score == 100
    )
    assert area(award, "learning_work").written is None
    assert area(award, "advice_assistance").written is not None


def test_without_a_self_audit_no_area_can_be_met():
    award = evaluate(CRITERIA, {}, surveys(95), None)
    assert all(
        criterion(award, each.id).reason == "no_self_audit"
        for each in CRITERIA.criteria
        if each.kind == "self_audit"
    )
    assert {each.verdict for each in award.areas} == {NOT_ENOUGH_EVIDENCE} and award.verdict == NOT_YET


def test_an_area_with_no_evidence_at_all_is_not_enough_evidence_and_one_miss_is_not_met():
    empty = {band: SurveyFigures(band, PERIOD, frozenset(), {}) for band in BANDS}
    award = evaluate(CRITERIA, {}, empty, None)
    assert all(each.reason == "no_criterion_has_evidence" for each in award.areas)
    low = evaluate(CRITERIA, {}, surveys(10), audit())
    assert {each.verdict for each in low.areas} == {NOT_MET}
    assert all(each.reason == "criteria_not_met" for each in low.areas)


def test_what_councils_wrote_is_redacted_before_it_is_evidence():
    text = "Contact Sian Jenkins on 01443 425000 or sian.jenkins@example.gov.uk for the March figures."
    award = evaluate(CRITERIA, {}, surveys(), audit(advice_evidence=text))
    written = area(award, "advice_assistance").written
    assert written is not None and "March figures" in written
    for identifier in ("Sian", "Jenkins", "01443", "425000", "@example"):
        assert identifier not in written


def test_figures_come_from_released_indicator_tables():
    scoring = {"safe": ("feels_safe_at_home", frozenset({"yes"}))}
    rows = [("A", "yes")] * 30 + [("A", "no")] * 10 + [("B", "yes")] * 4 + [("B", "no")] * 2
    frame = pd.DataFrame(
        [
            {"response_id": f"r{n}", "authority": code, "answers": {"safe": value}}
            for n, (code, value) in enumerate(rows)
        ]
    )
    no_noise = pd.Series(0, index=frame["response_id"])  # cell keys of 0 perturb nothing: exact figures
    given = ResultsInput(scored_answers(frame, scoring), frame, record_keys=no_noise)
    results = build_results(given, DisclosureControl(10))
    mine = survey_figures("child-8-10", PERIOD, results.for_authority("A").indicators, ["feels_safe_at_home"])
    assert mine.figures["feels_safe_at_home"] == IndicatorFigure("shown", 75, 60, 86, 40)
    small = survey_figures(
        "child-8-10", PERIOD, results.for_authority("B").indicators, ["feels_safe_at_home"]
    )
    assert small.figures["feels_safe_at_home"].status == "too_few"
    assert small.figures["feels_safe_at_home"].percent is None
    with pytest.raises(ValueError, match="released indicator tables"):
        survey_figures("child-8-10", PERIOD, results.means, [])


def test_a_councils_self_audit_alone_never_meets_an_area():
    """Growing up, with every promise in place but no group of young people big enough to show a figure."""
    empty = {band: SurveyFigures(band, PERIOD, frozenset(), {}) for band in BANDS}
    award = evaluate(CRITERIA, {}, empty, audit())
    growing_up = area(award, "growing_up")
    assert any(each.verdict == MET for each in growing_up.criteria)  # the self-audit criterion is met
    assert growing_up.verdict == NOT_ENOUGH_EVIDENCE and growing_up.reason == "no_young_peoples_evidence"
    assert award.verdict == NOT_YET

"""From closed campaigns in the database to one period's results for one band.

Only released groups count (`releases`): a campaign's responses from one council enter the figures,
this period's or as the previous period's, only when at least K of them were sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analysis.disclosure import DisclosureControl
from analysis.distributions import LOW_IS_GOOD
from analysis.results import Results, ResultsInput, build_results
from analysis.tidy import NO_ROW, RATHER_NOT_SAY, SCORED_COLUMNS, long_answers, score

from ..content.frozen import FrozenQuestionnaire
from ..content.schema import Indicator
from ..content.wording import indicator_wordings
from ..models import Campaign
from ..store import responses as response_store
from ..store import results as results_store
from ..store.questionnaires import frozen_content
from .comparators import Comparator, comparators_for
from .periods import Band, period_bounds, previous_period
from .releases import counted
from .wording import WordingChanges, wording_changes


@dataclass(frozen=True)
class ResultSet:
    """One period's results for one band, with what is needed to name everything in them."""

    period: str
    band: Band
    campaigns: list[Campaign]
    results: Results
    frozen: FrozenQuestionnaire  # the newest questionnaire of the set: labels for questions and answers
    indicators: dict[str, Indicator]  # every indicator asked in the set
    comparators: dict[str, Comparator]
    previous_period: str
    has_previous: bool
    # Figures whose question was worded differently from last year's or the other councils'.
    wording: WordingChanges = field(default_factory=WordingChanges)


@dataclass
class _Answers:
    scored: list[pd.DataFrame]
    responses: list[pd.DataFrame]
    scales: list[pd.DataFrame]
    grids: list[pd.DataFrame]
    # (authority code, indicator) -> how the campaigns that counted that council's answers asked it
    wordings: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


@dataclass
class _Questions:
    """What the questionnaires of a set say about their 0-10 and grid questions."""

    scale_kinds: dict[str, str]
    scale_indicators: dict[str, str]
    grid_options: dict[str, list[str]]


def _campaign_answers(campaign: Campaign, into: _Answers, questions: _Questions, min_group: int) -> None:
    frozen = frozen_content(campaign.questionnaire_version)
    scoring = frozen.scoring()
    scales = {item.id for item in frozen.items() if item.type == "scale_0_10"}
    grids = {item.id for item in frozen.items() if item.type == "grid"}
    for item in frozen.items():
        if item.id in grids:
            questions.grid_options[item.id] = [
                value for value in frozen.values(item) if value != RATHER_NOT_SAY
            ]
        if item.id in scales:
            positive = frozen.indicators[item.indicator].positive if item.indicator else []
            questions.scale_kinds[item.id] = LOW_IS_GOOD if "0" in positive else "rating"
            if item.indicator:
                questions.scale_indicators[item.id] = item.indicator
    everyone = response_store.response_frame(campaign)
    everyone = everyone.assign(counted=counted(everyone, min_group))
    frame = everyone[everyone["counted"]].reset_index(drop=True)
    asked = indicator_wordings(frozen)
    for authority in frame["authority"].dropna().unique():
        for indicator, digest in asked.items():
            key = (str(authority), indicator)
            into.wordings[key] = into.wordings.get(key, frozenset()) | {digest}
    long = long_answers(frame, keep=set(scoring) | scales | grids)
    given = long[long["value"] != RATHER_NOT_SAY]
    into.scored.append(score(long, scoring))
    # Every response, so that a council whose groups were all too small still shows as "too few".
    into.responses.append(everyone[["response_id", "authority", "counted", "record_key", "mode"]])
    into.scales.append(given[given["item_id"].isin(scales) & (given["row"] == NO_ROW)])
    into.grids.append(given[given["item_id"].isin(grids) & (given["row"] != NO_ROW)])


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    kept = [frame for frame in frames if not frame.empty]
    return pd.concat(kept, ignore_index=True) if kept else None


def gather(period: str, band: Band, today: date, control: DisclosureControl) -> ResultSet | None:
    """The results of every campaign of `band` that closed in `period`; None if none has closed."""
    first, last = period_bounds(period)
    campaigns = results_store.closed_campaigns(band.audience, band.age_band, first, last, today)
    if not campaigns:
        return None
    current, questions = _Answers([], [], [], []), _Questions({}, {}, {})
    for campaign in campaigns:
        _campaign_answers(campaign, current, questions, control.min_group)
    before = previous_period(period)
    first_before, last_before = period_bounds(before)
    earlier = results_store.closed_campaigns(band.audience, band.age_band, first_before, last_before, today)
    previous = _Answers([], [], [], [])
    for campaign in earlier:
        _campaign_answers(campaign, previous, _Questions({}, {}, {}), control.min_group)
    comparators = comparators_for(band.key)
    scored = _joined(current.scored)
    responses = pd.concat(current.responses, ignore_index=True)
    keyed = pd.concat([responses, *previous.responses], ignore_index=True).drop_duplicates("response_id")
    given = ResultsInput(
        scored=scored if scored is not None else pd.DataFrame(columns=SCORED_COLUMNS),
        responses=responses,
        previous_scored=_joined(previous.scored),
        scale_answers=_joined(current.scales),
        scale_kinds=questions.scale_kinds,
        grid_answers=_joined(current.grids),
        grid_options=questions.grid_options,
        comparators={key: each.percent for key, each in comparators.items()},
        record_keys=keyed.set_index("response_id")["record_key"],
        scale_indicators=questions.scale_indicators,
        previous_scale_answers=_joined(previous.scales),
    )
    indicators: dict[str, Indicator] = {}
    for campaign in campaigns:
        indicators.update(frozen_content(campaign.questionnaire_version).indicators)
    return ResultSet(
        period=period,
        band=band,
        campaigns=campaigns,
        results=build_results(given, control),
        frozen=frozen_content(campaigns[-1].questionnaire_version),
        indicators=indicators,
        comparators=comparators,
        previous_period=before,
        has_previous=bool(earlier),
        wording=wording_changes(current.wordings, previous.wordings),
    )

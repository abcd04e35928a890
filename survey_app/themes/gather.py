"""The comments of one period and band: redacted and coded, with analysts' corrections applied.

Comments are free-text answers of complete responses in closed campaigns, grouped like results (a
period and a band). Each is redacted before anything else touches it (`analysis.text.classify`); the
raw words are never kept in what this module returns. The comments of every council are gathered,
because all of Wales is pooled from them; pages show a council only its own, and only when its group
has at least K respondents (`CommentSet.reviewable`). Only released groups count (`results.releases`):
a campaign's comments from one council are gathered at all only when at least K of its responses
from that council were sent.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

import pandas as pd
from flask import current_app

from analysis.disclosure import DisclosureControl
from analysis.text import Codebook, Coded, Theme, classify, load_codebook
from analysis.themes import COMMENT_COLUMNS, ThemeInput, ThemeTables, build_theme_tables

from ..content.schema import Text
from ..models import Campaign, QuestionnaireVersion
from ..results.periods import Band, period_bounds
from ..results.releases import counted
from ..store import responses as response_store
from ..store import results as results_store
from ..store.questionnaires import frozen_content
from . import store

FREE_TEXT = "free_text"
# The self-audit's free text is the council's own evidence, not what children, carers or staff wrote.
NOT_COMMENTS = {"authority"}
EXTRA_COLUMNS = ["key", "campaign", "reviewed_on"]


@cache
def codebook() -> Codebook:
    """The bundled theme codebook (questionnaires/themes.yaml), read once."""
    return load_codebook()


@lru_cache(maxsize=50_000)
def code_comment(text: str, audience: str, fallback_language: str) -> Coded:
    """A comment redacted, its language found and its themes suggested (the same text codes the same)."""
    return classify(text, codebook(), audience=audience, fallback_language=fallback_language)


def comment_key(response_id: str, item_id: str) -> str:
    """The name of a comment in forms and links: it cannot be turned back into a response id."""
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, f"{response_id}\x00{item_id}".encode(), hashlib.sha256).hexdigest()[:20]


def free_text_items(version: QuestionnaireVersion) -> list[Any]:
    return [item for item in frozen_content(version).items() if item.type == FREE_TEXT]


def has_comments(band: Band, campaigns: list[Campaign]) -> bool:
    """Whether a set of campaigns asks for comments that themes are made of."""
    return band.audience not in NOT_COMMENTS and any(
        free_text_items(each.questionnaire_version) for each in campaigns
    )


def closed_in(period: str, band: Band, today: date) -> list[Campaign]:
    first, last = period_bounds(period)
    return results_store.closed_campaigns(band.audience, band.age_band, first, last, today)


@dataclass(frozen=True)
class CommentSet:
    """One period's comments for one band, with their released tables."""

    period: str
    band: Band
    campaigns: list[Campaign]
    themes: list[Theme]  # the codebook's themes for this audience, in the codebook's order
    comments: pd.DataFrame  # redacted comments of every council (COMMENT_COLUMNS + EXTRA_COLUMNS)
    questions: dict[str, Text]  # free-text item id -> its question
    tables: ThemeTables
    min_group: int

    @property
    def theme_ids(self) -> list[str]:
        return [theme.id for theme in self.themes]

    def shown(self, code: str) -> bool:
        """Whether a council's group has at least K respondents, so that its comments may be read."""
        groups = self.tables.groups.frame
        row = groups[groups["authority"] == code]
        return bool(not row.empty and row["status"].iloc[0] != "too_few")

    def reviewable(self, code: str) -> pd.DataFrame:
        """A council's comments for review: none at all unless its group is shown."""
        if not self.shown(code):
            return self.comments.iloc[0:0]
        return self.comments[self.comments["authority"] == code]


def _comment_rows(
    campaign: Campaign, frame: pd.DataFrame, audience: str, reviews: dict[tuple[str, str], Any]
) -> list[dict[str, Any]]:
    """One row per comment in a campaign's complete responses (`frame`), redacted and coded."""
    items = free_text_items(campaign.questionnaire_version)
    rows = []
    for response_id, authority, language, answers in frame[
        ["response_id", "authority", "language", "answers"]
    ].itertuples(index=False):
        for item in items:
            text = (answers or {}).get(item.id)
            if not isinstance(text, str) or not text.strip():
                continue
            coded = code_comment(text, audience, language)
            review = reviews.get((response_id, item.id))
            rows.append(
                {
                    "response_id": response_id,
                    "authority": authority,
                    "item_id": item.id,
                    "language": coded.language or language,
                    "redacted": coded.redacted,
                    "suggested": tuple(review.suggested) if review is not None else tuple(coded.themes),
                    "current_suggestion": tuple(coded.themes),
                    "themes": tuple(review.themes) if review is not None else tuple(coded.themes),
                    "sentiment_score": coded.sentiment.score,
                    "sentiment_scored": coded.sentiment.scored,
                    "reviewed": review is not None,
                    "key": comment_key(response_id, item.id),
                    "campaign": campaign.slug,
                    "reviewed_on": review.reviewed_on if review is not None else None,
                }
            )
    return rows


def gather_comments(period: str, band: Band, today: date, control: DisclosureControl) -> CommentSet | None:
    """Every comment of `band` in campaigns that closed in `period`; None if none closed or none asks."""
    campaigns = closed_in(period, band, today)
    if not has_comments(band, campaigns):
        return None
    reviews = store.reviews_for(each.id for each in campaigns)
    rows: list[dict[str, Any]] = []
    respondents = []
    questions: dict[str, Text] = {}
    for campaign in campaigns:
        everyone = response_store.response_frame(campaign)
        everyone = everyone.assign(counted=counted(everyone, control.min_group))
        rows += _comment_rows(campaign, everyone[everyone["counted"]], band.audience, reviews)
        # Everyone, so that a council whose groups were all too small still shows as too few.
        respondents.append(everyone[["response_id", "authority", "counted", "record_key"]])
        questions |= {item.id: item.text for item in free_text_items(campaign.questionnaire_version)}
    comments = pd.DataFrame(rows, columns=[*COMMENT_COLUMNS, "current_suggestion", *EXTRA_COLUMNS])
    themes = list(codebook().for_audience(band.audience))
    everyone = pd.concat(respondents, ignore_index=True)
    given = ThemeInput(
        comments=comments.dropna(subset=["authority"]),
        respondents=everyone,
        theme_ids=[theme.id for theme in themes],
        record_keys=everyone.set_index("response_id")["record_key"],
    )
    return CommentSet(
        period=period,
        band=band,
        campaigns=campaigns,
        themes=themes,
        comments=comments.dropna(subset=["authority"]).reset_index(drop=True),
        questions=questions,
        tables=build_theme_tables(given, control),
        min_group=control.min_group,
    )

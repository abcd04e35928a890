"""Analysts' themes for comments (ThemeReview): read them for a set of campaigns, save one, log it.

A review points at a comment (response and question); it never copies the comment's words, and the
audit log records which campaign and how many themes, never the text or the themes' words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Response, ThemeReview
from ..store import audit


def reviews_for(campaign_ids: Iterable[int]) -> dict[tuple[str, str], ThemeReview]:
    """Every review of a comment in these campaigns, by (response id, item id)."""
    ids = list(campaign_ids)
    if not ids:
        return {}
    query = (
        select(ThemeReview)
        .join(Response, Response.id == ThemeReview.response_id)
        .where(Response.campaign_id.in_(ids))
    )
    return {(each.response_id, each.item_id): each for each in db.session.scalars(query)}


def save_review(
    response_id: str,
    item_id: str,
    campaign_slug: str,
    suggested: Sequence[str],
    themes: Sequence[str],
    reviewer_id: int | None,
    today: date,
) -> ThemeReview:
    """Keep an analyst's themes for one comment (replacing any earlier review of it), log it, commit.

    `suggested` is what the codebook suggests now, kept so that agreement can still be reported after
    the codebook changes.
    """
    review = db.session.scalar(select(ThemeReview).filter_by(response_id=response_id, item_id=item_id))
    created = review is None
    if review is None:
        review = ThemeReview(response_id=response_id, item_id=item_id)
        db.session.add(review)
    before = set(suggested)
    after = set(themes)
    review.suggested = list(suggested)
    review.themes = list(themes)
    review.reviewed_on = today
    review.reviewer_id = reviewer_id
    audit.record(
        "themes_reviewed",
        campaign_slug,
        detail={
            "question": item_id,
            "review": "added" if created else "replaced",
            "suggested": len(before),
            "themes": len(after),
            "added": len(after - before),
            "removed": len(before - after),
        },
    )
    db.session.commit()
    return review

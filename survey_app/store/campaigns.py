"""Campaigns and authorities."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Authority, Campaign


def campaign_by_slug(slug: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).filter_by(slug=slug))


def authorities(lang: str = "en") -> list[Authority]:
    """All authorities, sorted by their name in the given language."""
    rows = db.session.scalars(select(Authority)).all()
    return sorted(rows, key=lambda each: each.name(lang).casefold())


def authority_by_code(ons_code: str) -> Authority | None:
    return db.session.scalar(select(Authority).filter_by(ons_code=ons_code))


def campaign_slugs() -> list[str]:
    """Every campaign's slug, in order."""
    return list(db.session.scalars(select(Campaign.slug).order_by(Campaign.slug)))

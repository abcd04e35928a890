"""You said, we will: what each authority (or, with no authority, the national coordinator) will do
about a closed campaign's results. Database access only; who may write which is decided by the view."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Campaign, YouSaidWeWill


def statement(campaign: Campaign, authority_id: int | None) -> YouSaidWeWill | None:
    """The statement of one authority (None: the national one) for a campaign, if written."""
    query = select(YouSaidWeWill).where(YouSaidWeWill.campaign_id == campaign.id)
    if authority_id is None:
        # `= NULL` matches nothing in SQL: the national statement is the one with no authority.
        query = query.where(YouSaidWeWill.authority_id.is_(None))
    else:
        query = query.where(YouSaidWeWill.authority_id == authority_id)
    return db.session.scalar(query)


def save(
    campaign: Campaign, authority_id: int | None, text_cy: str, text_en: str, today: date
) -> tuple[YouSaidWeWill, bool]:
    """Write or replace a statement, published today; True if it is new. The caller commits.

    Looking first keeps one national statement a campaign even where the database's unique
    constraint would let two NULL authorities through.
    """
    found = statement(campaign, authority_id)
    created = found is None
    if found is None:
        found = YouSaidWeWill(campaign_id=campaign.id, authority_id=authority_id)
        db.session.add(found)
    found.text_cy = text_cy
    found.text_en = text_en
    found.published_on = today
    db.session.flush()
    return found, created


def statements(campaign: Campaign, lang: str) -> list[YouSaidWeWill]:
    """Every statement for a campaign: the national one first, then each authority's by its name in `lang`.

    For an authority's own campaign only that authority's statement counts.
    """
    query = (
        select(YouSaidWeWill)
        .where(YouSaidWeWill.campaign_id == campaign.id)
        .options(selectinload(YouSaidWeWill.authority))
    )
    if not campaign.is_national:
        query = query.where(YouSaidWeWill.authority_id == campaign.authority_id)
    found = db.session.scalars(query).all()
    return sorted(
        found,
        key=lambda each: (
            each.authority is not None,
            each.authority.name(lang).casefold() if each.authority else "",
        ),
    )

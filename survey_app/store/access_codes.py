"""One-time access codes for campaigns that are not open to anyone with the link."""

from __future__ import annotations

import secrets
from datetime import date
from enum import Enum

from sqlalchemy import delete, select, update

from ..extensions import db
from ..models import AccessCode, AccessCodeBatch, Campaign
from ..respond import codes


class CampaignArchived(Exception):
    """An archived campaign's codes are gone for good: none can be made or withdrawn."""

    def __init__(self, campaign: Campaign):
        super().__init__(f"campaign {campaign.slug!r} was archived on {campaign.archived_on}: no codes")
        self.campaign = campaign


# A used code's hash is replaced, on archiving, by this prefix and random letters: never a code's hash.
FORGOTTEN_PREFIX = "archived:"


class Redeemed(Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"


def create(campaign: Campaign, count: int, batch: AccessCodeBatch | None = None) -> list[str]:
    """Make `count` new codes for a campaign and return them: this is the only time they can be read.

    Codes made together belong to one batch (one printed sheet), so a lost sheet can be withdrawn.
    An archived campaign gets none (CampaignArchived).
    """
    if campaign.is_archived:
        raise CampaignArchived(campaign)
    if batch is None:
        batch = AccessCodeBatch(campaign=campaign, made_on=date.today(), size=count)
        db.session.add(batch)
    made: list[str] = []
    while len(made) < count:
        code = codes.new_code(codes.ACCESS_LENGTH)
        digest = codes.hash_code(codes.normalise(code, codes.ACCESS_LENGTH) or "")
        if db.session.scalar(select(AccessCode.id).filter_by(code_hash=digest)) is not None:
            continue  # vanishingly rare; never hand out the same code twice
        db.session.add(AccessCode(campaign=campaign, code_hash=digest, used=False, batch=batch))
        made.append(code)
    db.session.commit()
    return made


def redeem(campaign: Campaign, raw: str) -> Redeemed:
    """Use up a code for this campaign. Two people racing with one code: only one gets in."""
    found = None
    for digest in (codes.hash_code(raw), codes.legacy_hash(raw)):  # a code stored before codes were keyed
        found = db.session.scalar(select(AccessCode).filter_by(campaign_id=campaign.id, code_hash=digest))
        if found is not None:
            break
    if found is None:
        return Redeemed.UNKNOWN
    claimed = db.session.execute(
        update(AccessCode).where(AccessCode.id == found.id, AccessCode.used.is_(False)).values(used=True)
    )
    db.session.commit()
    return Redeemed.OK if getattr(claimed, "rowcount", 0) == 1 else Redeemed.USED


def counts(campaign: Campaign) -> tuple[int, int]:
    """How many codes a campaign has, and how many are used."""
    rows = db.session.execute(select(AccessCode.used).filter_by(campaign_id=campaign.id)).scalars().all()
    return len(rows), sum(1 for used in rows if used)


def withdraw(batch: AccessCodeBatch) -> int:
    """Stop a batch's unused codes from working (a sheet was lost); used ones stay counted."""
    if batch.campaign.is_archived:
        raise CampaignArchived(batch.campaign)
    removed = db.session.execute(
        delete(AccessCode).where(AccessCode.batch_id == batch.id, AccessCode.used.is_(False))
    )
    batch.withdrawn = True
    return int(getattr(removed, "rowcount", 0) or 0)


def forget(campaign: Campaign) -> int:
    """On archiving: delete every unused code of a campaign and return how many.

    Used codes stay as rows, so the campaign still says how many were used, but their hashes are
    replaced by random text: no printed code can be matched against the database any more.
    """
    removed = db.session.execute(
        delete(AccessCode).where(AccessCode.campaign_id == campaign.id, AccessCode.used.is_(False))
    )
    for code in db.session.scalars(select(AccessCode).filter_by(campaign_id=campaign.id)):
        if not code.code_hash.startswith(FORGOTTEN_PREFIX):
            code.code_hash = FORGOTTEN_PREFIX + secrets.token_hex(27)
    return int(getattr(removed, "rowcount", 0) or 0)

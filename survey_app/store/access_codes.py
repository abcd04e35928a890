"""One-time access codes for campaigns that are not open to anyone with the link."""

from __future__ import annotations

from enum import Enum

from sqlalchemy import select, update

from ..extensions import db
from ..models import AccessCode, Campaign
from ..respond import codes


class Redeemed(Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"


def create(campaign: Campaign, count: int) -> list[str]:
    """Make `count` new codes for a campaign and return them: this is the only time they can be read."""
    made: list[str] = []
    while len(made) < count:
        code = codes.new_code(codes.ACCESS_LENGTH)
        digest = codes.hash_code(codes.normalise(code, codes.ACCESS_LENGTH) or "")
        if db.session.scalar(select(AccessCode.id).filter_by(code_hash=digest)) is not None:
            continue  # vanishingly rare; never hand out the same code twice
        db.session.add(AccessCode(campaign=campaign, code_hash=digest, used=False))
        made.append(code)
    db.session.commit()
    return made


def redeem(campaign: Campaign, raw: str) -> Redeemed:
    """Use up a code for this campaign. Two people racing with one code: only one gets in."""
    digest = codes.hash_code(raw)
    found = db.session.scalar(select(AccessCode).filter_by(campaign_id=campaign.id, code_hash=digest))
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

"""One-time access codes for campaigns that are not open to anyone with the link."""

from __future__ import annotations

import secrets
from datetime import date
from enum import Enum

from sqlalchemy import delete, select, update

from ..extensions import db
from ..models import AccessCode, AccessCodeBatch, Campaign, SentCode
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
    SENT = "sent"  # used, and the answers it started were sent


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
    """Use up a code for this campaign. Two people racing with one code: only one gets in.

    A code that never existed and one already used do the same work (both hashes looked up, the
    sent codes looked up, one update, one commit), so the time taken tells a guesser nothing.
    """
    keyed = codes.hash_code(raw)
    found = None
    for digest in (keyed, codes.legacy_hash(raw)):  # a code stored before codes were keyed
        row = db.session.scalar(select(AccessCode).filter_by(campaign_id=campaign.id, code_hash=digest))
        found = found or row
    was_sent = is_sent(campaign, keyed)
    claimed = db.session.execute(
        update(AccessCode)
        .where(AccessCode.id == (found.id if found is not None else -1), AccessCode.used.is_(False))
        .values(used=True)
    )
    db.session.commit()
    if found is None:
        return Redeemed.UNKNOWN
    if getattr(claimed, "rowcount", 0) == 1:
        return Redeemed.OK
    return Redeemed.SENT if was_sent else Redeemed.USED


def is_sent(campaign: Campaign, digest: str | None) -> bool:
    """Whether the answers a code (by its keyed hash) started, or was for, were sent."""
    if not digest:
        return False
    return (
        db.session.scalar(select(SentCode.code_hash).filter_by(campaign_id=campaign.id, code_hash=digest))
        is not None
    )


def mark_sent(campaign: Campaign, digest: str | None) -> None:
    """Remember that a code's answers were sent: its hash only, nothing that points to the response.

    Not committed here: the caller commits it with the submitted response.
    """
    if digest and not is_sent(campaign, digest):
        db.session.add(SentCode(campaign_id=campaign.id, code_hash=digest))


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
    replaced by random text, and the hashes of codes whose answers were sent (access and resume
    codes) are deleted: no printed or saved code can be matched against the database any more.
    """
    removed = db.session.execute(
        delete(AccessCode).where(AccessCode.campaign_id == campaign.id, AccessCode.used.is_(False))
    )
    db.session.execute(delete(SentCode).where(SentCode.campaign_id == campaign.id))
    for code in db.session.scalars(select(AccessCode).filter_by(campaign_id=campaign.id)):
        if not code.code_hash.startswith(FORGOTTEN_PREFIX):
            code.code_hash = FORGOTTEN_PREFIX + secrets.token_hex(27)
    return int(getattr(removed, "rowcount", 0) or 0)

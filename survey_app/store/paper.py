"""Paper copies typed in by an officer: stored as complete responses marked "paper", nothing more.

A paper copy is a response like any other (random id, random record key, days only) with `mode` "paper".
Nothing records who typed it in, nor when beyond the day: the audit log says that a copy was typed in,
corrected or removed for the campaign, but never which copy (no reference) nor its answers, so no row of
the log can be joined to a response. The officer is shown the copy's reference once it is saved (to write
on the paper): it is the start of the response's random id, and opens only paper copies of that campaign.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import Authority, Campaign, Response, random_id

PAPER = "paper"
REFERENCE_LENGTH = 8  # hex digits of the id: written on the paper copy as ABCD-1234


def reference(response: Response) -> str:
    """The copy's reference as it is written on paper: "3F9A-C27B"."""
    head = response.id[:REFERENCE_LENGTH].upper()
    return f"{head[:4]}-{head[4:]}"


def normalise_reference(typed: str) -> str | None:
    """A reference as typed (any case, spaces or dashes) as the id's start, or None if it cannot be one."""
    raw = re.sub(r"[\s\-]", "", typed or "").lower()
    return raw if re.fullmatch(f"[0-9a-f]{{{REFERENCE_LENGTH}}}", raw) else None


def _free_id(campaign: Campaign) -> str:
    """A random id whose reference no other response of the campaign shares."""
    while True:
        candidate = random_id()
        if _matching(campaign, candidate[:REFERENCE_LENGTH], paper_only=False) == 0:
            return candidate


def _matching(campaign: Campaign, head: str, paper_only: bool = True) -> int:
    query = select(func.count()).where(Response.campaign_id == campaign.id, Response.id.startswith(head))
    if paper_only:
        query = query.where(Response.mode == PAPER)
    return int(db.session.scalar(query) or 0)


def add(
    campaign: Campaign, answers: dict[str, Any], lang: str, authority: Authority | None, today: date
) -> Response:
    """Store one typed-in paper copy as a complete response; the caller has checked the answers."""
    response = Response(
        id=_free_id(campaign),
        campaign=campaign,
        authority=authority if campaign.is_national else campaign.authority,
        language=lang,
        status="complete",
        mode=PAPER,
        answers=answers,
        last_page=0,
        started_on=today,
        updated_on=today,
        submitted_on=today,
    )
    db.session.add(response)
    return response


def by_reference(campaign: Campaign, typed: str) -> Response | None:
    """The paper copy of this campaign with that reference (never a response answered online)."""
    head = normalise_reference(typed)
    if head is None:
        return None
    return db.session.scalar(
        select(Response).where(
            Response.campaign_id == campaign.id,
            Response.mode == PAPER,
            Response.status == "complete",
            Response.id.startswith(head),
        )
    )


def correct(
    response: Response, answers: dict[str, Any], lang: str, authority: Authority | None, today: date
) -> None:
    """Replace a paper copy's answers (its day typed in stays; only the day of the change is kept)."""
    response.answers = answers
    response.language = lang
    if response.campaign.is_national:
        response.authority = authority
    response.updated_on = today


def remove(response: Response) -> None:
    db.session.delete(response)

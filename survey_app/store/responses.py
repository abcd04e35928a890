"""Responses: started, saved page by page, submitted. Only days are stored, never times."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import bindparam, delete, select, text
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Authority, Campaign, Response
from ..respond import codes
from . import access_codes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A browser's secret for its response: only its hash is stored."""
    return secrets.token_urlsafe(32)


def start(
    campaign: Campaign, lang: str, authority: Authority | None, today: date, token: str | None = None
) -> tuple[Response, str]:
    """Create a partial response; return it with the token the respondent's browser keeps.

    A browser is given its token before it starts (see respond.views.introduction), so a Start sent
    twice (a retry after a dropped connection, a double tap, two workers at once) finds the response
    the first one made instead of making a second.
    """
    token = token or new_token()
    existing = by_token(campaign, token)
    if existing is not None:
        return existing, token
    response = Response(
        campaign=campaign,
        authority=authority if campaign.is_national else campaign.authority,
        token_hash=hash_token(token),
        language=lang,
        status="partial",
        answers={},
        last_page=0,
        started_on=today,
        updated_on=today,
    )
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = by_token(campaign, token)
        if existing is None:
            raise
        return existing, token
    return response, token


# Built once (every respondent page looks its response up).
_BY_TOKEN = select(Response).where(
    Response.campaign_id == bindparam("campaign_id"),
    Response.token_hash == bindparam("token_hash"),
    Response.status == "partial",
)


def by_token(campaign: Campaign, token: str | None) -> Response | None:
    """The partial response a browser is carrying on with, if its token matches one."""
    if not token:
        return None
    return db.session.scalar(_BY_TOKEN, {"campaign_id": campaign.id, "token_hash": hash_token(token)})


def new_resume_code(response: Response, today: date) -> str:
    """Give a partial response a new resume code (an earlier one stops working) and return it."""
    while True:
        code = codes.new_code(codes.RESUME_LENGTH)
        digest = codes.hash_code(codes.normalise(code, codes.RESUME_LENGTH) or "")
        if db.session.scalar(select(Response.id).filter_by(resume_hash=digest)) is None:
            break
    response.resume_hash = digest
    response.updated_on = today
    db.session.commit()
    return code


def by_resume_code(campaign: Campaign, raw: str) -> Response | None:
    """The unfinished response a (normalised) resume code belongs to, in this campaign.

    A code stored the old way (plain SHA-256, before codes were keyed) is still found, and its
    hash is replaced by the keyed one there and then.
    """
    keyed = codes.hash_code(raw)
    for digest in (keyed, codes.legacy_hash(raw)):
        found = db.session.scalar(
            select(Response).filter_by(campaign_id=campaign.id, resume_hash=digest, status="partial")
        )
        if found is not None:
            if digest != keyed:
                found.resume_hash = keyed
                db.session.commit()
            return found
    return None


def new_browser_token(response: Response) -> str:
    """Hand a partial response to a new browser: the browser that had it before can no longer open it."""
    token = new_token()
    response.token_hash = hash_token(token)
    db.session.commit()
    return token


def expire_partial(today: date, keep_days: int) -> int:
    """Delete unfinished responses not touched for more than `keep_days` days; return how many."""
    cutoff = today - timedelta(days=keep_days)
    result = db.session.execute(
        delete(Response).where(Response.status == "partial", Response.updated_on < cutoff)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def rewrite_in_random_order() -> bool:
    """On PostgreSQL, rewrite the responses table in the order of its random ids; True if done.

    A PostgreSQL table keeps rows roughly in the order they were last written, which for responses is
    the order people answered in. CLUSTER writes a new copy sorted by the primary key (random ids) and
    drops the old one. SQLite needs nothing: its responses table has no rowid and is kept in id order.
    """
    if db.engine.dialect.name != "postgresql":
        return False
    db.session.execute(text(f"CLUSTER {Response.__tablename__} USING {Response.__tablename__}_pkey"))
    db.session.commit()
    return True


def is_expired(response: Response, today: date, keep_days: int) -> bool:
    return response.status == "partial" and response.updated_on < today - timedelta(days=keep_days)


def save_answers(
    response: Response, answers: dict[str, Any], lang: str, page_number: int, today: date
) -> None:
    """Merge one page's answers into the response; an empty answer removes an earlier one."""
    merged = dict(response.answers or {})
    for item_id, value in answers.items():
        if value in (None, "", []):
            merged.pop(item_id, None)
        else:
            merged[item_id] = value
    response.answers = merged
    response.language = lang
    response.last_page = max(response.last_page, page_number)
    response.updated_on = today
    _commit_keeping_values()


def _commit_keeping_values() -> None:
    """Commit without expiring what was just written: the page's redirect reads the answers again, and
    reading back what this session has just written would cost another query for nothing."""
    session = db.session()
    kept = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = kept


def set_authority(response: Response, authority: Authority | None, today: date) -> None:
    """Record (or change) which council looks after the respondent, in a survey run across Wales."""
    response.authority = authority
    response.updated_on = today
    db.session.commit()


def submit(
    response: Response,
    kept_answers: dict[str, Any],
    lang: str,
    today: date,
    access_code_hash: str | None = None,
) -> None:
    """Mark a response complete and forget the token, so it can no longer be linked to a browser.

    The resume code's hash, and that of the access code that started it (kept in the browser's
    session until now), go to the sent codes, so either typed again is told the answers were sent;
    nothing there points back to this response.
    """
    access_codes.mark_sent(response.campaign, response.resume_hash)
    access_codes.mark_sent(response.campaign, access_code_hash)
    response.answers = kept_answers
    response.language = lang
    response.status = "complete"
    response.submitted_on = today
    response.updated_on = today
    response.token_hash = None
    response.resume_hash = None
    db.session.commit()


def response_frame(campaign: Campaign) -> pd.DataFrame:
    """A campaign's complete responses as a data frame for the analysis package.

    Columns: response_id, authority (ONS code, or None when the respondent was not sure), language,
    submitted_on, answers (a dict per row), record_key (for the perturbation of released counts), mode
    ("online", or "paper" for a paper copy typed in: counted like any other, reported apart in totals).
    """
    query = (
        select(
            Response.id,
            Authority.ons_code,
            Response.language,
            Response.submitted_on,
            Response.answers,
            Response.record_key,
            Response.mode,
        )
        .outerjoin(Authority, Response.authority_id == Authority.id)
        .where(Response.campaign_id == campaign.id, Response.status == "complete")
        .order_by(Response.id)
    )
    rows = db.session.execute(query).all()
    return pd.DataFrame(
        rows,
        columns=["response_id", "authority", "language", "submitted_on", "answers", "record_key", "mode"],
    )

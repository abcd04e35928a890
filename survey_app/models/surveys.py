"""Database models.

Nothing stored with a response can identify the person who gave it: no name, IP address,
user agent or time of day. Dates are kept to the day and response ids are random, so that
the order of rows does not reveal the order in which people answered.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import false

from ..extensions import db

LANGUAGES = ("cy", "en")
RESPONSE_STATUSES = ("partial", "complete")
# How a response came in: answered online, or a paper copy typed in by an officer (staff.paper).
RESPONSE_MODES = ("online", "paper")
# How respondents get into a campaign: an open link, or a one-time access code each.
ACCESS_MODES = ("open", "codes")
VERSION_STATUSES = ("draft", "published")


def random_id() -> str:
    """A random identifier that carries no order and no time."""
    return uuid.uuid4().hex


RECORD_KEYS = 256  # record keys run 0-255, as in the ONS cell-key method


def random_record_key() -> int:
    """A response's record key for the cell-key perturbation of released counts (analysis.disclosure)."""
    return secrets.randbelow(RECORD_KEYS)


class Authority(db.Model):  # type: ignore[name-defined]
    """A Welsh principal council, identified by its ONS code."""

    __tablename__ = "authorities"
    __table_args__ = (
        CheckConstraint("name_en <> '' AND name_cy <> ''", name="authority_named_in_both_languages"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ons_code: Mapped[str] = mapped_column(String(9), unique=True)
    name_en: Mapped[str] = mapped_column(String(80))
    name_cy: Mapped[str] = mapped_column(String(80))

    def name(self, lang: str) -> str:
        return self.name_cy if lang == "cy" else self.name_en


class QuestionnaireVersion(db.Model):  # type: ignore[name-defined]
    """A frozen version of a questionnaire: its whole resolved content and the hash of that content."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "version", name="one_number_per_version"),
        UniqueConstraint("questionnaire_id", "content_hash", name="one_version_per_content"),
        CheckConstraint("status IN ('draft', 'published')", name="known_version_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(20))
    age_band: Mapped[str | None] = mapped_column(String(10))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="published")
    published_on: Mapped[date | None] = mapped_column(Date)
    # Whose questionnaire this is: an authority's own adaptation, or (None) the shared library.
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)

    authority: Mapped[Authority | None] = relationship()


class Campaign(db.Model):  # type: ignore[name-defined]
    """A questionnaire version open to respondents between two dates.

    A campaign belongs to one authority, or, with no authority, is run across Wales and asks each
    respondent which council looks after them.
    """

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="campaign_closes_after_it_opens"),
        CheckConstraint("access IN ('open', 'codes')", name="campaign_access_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    access: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    # The day the campaign was archived (a day, never a time): its unfinished answers and unused codes
    # were deleted then, and it can no longer change. Its sent answers stay for results.
    archived_on: Mapped[date | None] = mapped_column(Date)

    authority: Mapped[Authority | None] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()

    @property
    def is_national(self) -> bool:
        return self.authority_id is None

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def is_closed_on(self, day: date) -> bool:
        """Closed from the day after its closing day (results can be read from then)."""
        return self.closes_on < day

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None

    @property
    def needs_code(self) -> bool:
        return self.access == "codes"


class AccessCodeBatch(db.Model):  # type: ignore[name-defined]
    """Codes made together for one sheet, so a lost sheet's unused codes can be withdrawn."""

    __tablename__ = "access_code_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    made_on: Mapped[date] = mapped_column(Date)
    size: Mapped[int] = mapped_column(Integer)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    campaign: Mapped[Campaign] = relationship()


class AccessCode(db.Model):  # type: ignore[name-defined]
    """A one-time code that lets one person start a campaign's survey.

    Only the hash is kept, and a code is never linked to the response it started: whoever handed
    out the codes cannot tell whose answers are whose.
    """

    __tablename__ = "access_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("access_code_batches.id"), index=True)

    campaign: Mapped[Campaign] = relationship()
    batch: Mapped[AccessCodeBatch | None] = relationship()


class SentCode(db.Model):  # type: ignore[name-defined]
    """The keyed hash of a code whose answers were sent: an access code that started them, or their
    resume code. It lets a code typed again be told "already sent" instead of "not right".

    Nothing links it to the response: no response id, no date, and (on SQLite) no rowid, so rows
    sit in the order of their random hashes, not the order in which answers were sent.
    """

    __tablename__ = "sent_codes"
    __table_args__ = ({"sqlite_with_rowid": False},)

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)


class Response(db.Model):  # type: ignore[name-defined]
    """One respondent's answers to one campaign.

    `token_hash` lets the browser that started a response carry on with it; `resume_hash` lets the
    respondent carry on from another device with a resume code. Both are cleared when the response is
    submitted, so that a complete response cannot be linked to any browser or code.
    """

    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint("language IN ('cy', 'en')", name="response_language_known"),
        CheckConstraint("status IN ('partial', 'complete')", name="response_status_known"),
        CheckConstraint(
            "(status = 'complete') = (submitted_on IS NOT NULL)", name="complete_exactly_when_submitted"
        ),
        CheckConstraint(f"record_key BETWEEN 0 AND {RECORD_KEYS - 1}", name="record_key_in_range"),
        CheckConstraint("mode IN ('online', 'paper')", name="response_mode_known"),
        # SQLite keeps rows in a table without rowid in the order of their (random) primary key, so the
        # file holds no trace of the order in which people answered.
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(10), default="partial")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_page: Mapped[int] = mapped_column(Integer, default=0)
    started_on: Mapped[date] = mapped_column(Date)
    updated_on: Mapped[date] = mapped_column(Date)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    # Random, drawn once: what the released counts of any group holding this response are perturbed by.
    record_key: Mapped[int] = mapped_column(Integer, default=random_record_key, nullable=False)
    # "paper": a paper copy typed in by an officer; nothing records who typed it, nor when beyond the day.
    mode: Mapped[str] = mapped_column(String(10), default="online", server_default="online")

    campaign: Mapped[Campaign] = relationship()
    authority: Mapped[Authority | None] = relationship()

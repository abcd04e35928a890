"""Database models for staff: accounts, their audit trail, questionnaire drafts, help contacts,
what each authority will do about a campaign's results ("you said, we will"), analysts' corrections to
the themes of comments, and the kite-mark thresholds the young people's panel set.

Nothing here holds respondent data (a theme review points at a comment; it never copies its words).
Staff are adults signing in to do a job, so the time of their actions is kept (the audit log needs it);
respondents' times never are.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import true

from ..extensions import db
from .surveys import Authority, Campaign, QuestionnaireVersion

ROLES = ("admin", "officer", "analyst", "national", "panel")
# The national coordinator sees every authority's aggregates and makes the panel's accounts.
NATIONAL_ROLE = "national"
# The young people's panel is a national body: it sets the kite mark's bar for every council.
PANEL_ROLE = "panel"
# The roles that belong to no authority.
NATIONAL_ROLES = (NATIONAL_ROLE, PANEL_ROLE)
DISPLAY_NAME_LENGTH = 80


class User(db.Model):  # type: ignore[name-defined]
    """A member of staff who signs in. Every role but the national coordinator and the young people's
    panel belongs to one authority."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'officer', 'analyst', 'national', 'panel')", name="user_role_known"
        ),
        CheckConstraint(
            "(role IN ('national', 'panel')) = (authority_id IS NULL)", name="user_authority_unless_national"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # None until the person sets a password from their one-time link.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_on: Mapped[date] = mapped_column(Date)
    # A one-time link to set a password: only its hash is kept, and it runs out.
    password_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_token_expires: Mapped[datetime | None] = mapped_column(DateTime)
    # Raised on every password change or deactivation: sessions signed in before it stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The name a panel member chose to be shown beside the thresholds they set (never their e-mail).
    display_name: Mapped[str | None] = mapped_column(String(DISPLAY_NAME_LENGTH))

    authority: Mapped[Authority | None] = relationship()

    @property
    def is_national(self) -> bool:
        return self.role == NATIONAL_ROLE


class SignInFailures(db.Model):  # type: ignore[name-defined]
    """Wrong sign-in tries for one e-mail address typed, known account or not (keyed by its HMAC).

    Kept in the database so that every app server sees the same count; a row is deleted when the
    account signs in, and rows for addresses with no account go once their last failure is old.
    """

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failure: Mapped[datetime] = mapped_column(DateTime, index=True)


class AuditEvent(db.Model):  # type: ignore[name-defined]
    """One staff action: who did what to which thing, and when. Never any respondent data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as text too, so the trail still reads after an account is removed.
    actor: Mapped[str] = mapped_column(String(254))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    authority: Mapped[Authority | None] = relationship()


class QuestionnaireDraft(db.Model):  # type: ignore[name-defined]
    """A questionnaire being written or adapted: its source document, editable until published.

    `translated_from` records, for each text's context, the English its Welsh was last written or
    checked against (the same rule as the bundled files' translated_from.yaml).
    """

    __tablename__ = "questionnaire_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(80), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    translated_from: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_versions.id"))
    updated_on: Mapped[date] = mapped_column(Date)
    # The council's own answer sets, by id, in the shape of option_sets.yaml entries: merged with the
    # shared catalogue when the draft is checked and published.
    option_sets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # Counts the changes saved: a form based on an older revision is refused, so that two people
    # editing one draft are told rather than overwriting each other.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    authority: Mapped[Authority | None] = relationship()
    based_on: Mapped[QuestionnaireVersion | None] = relationship()
    history: Mapped[list[QuestionnaireDraftHistory]] = relationship(
        cascade="all, delete-orphan", order_by="QuestionnaireDraftHistory.sequence"
    )


class QuestionnaireDraftHistory(db.Model):  # type: ignore[name-defined]
    """A draft as it was before one change, so that the change can be undone (the day only)."""

    __tablename__ = "questionnaire_draft_history"
    __table_args__ = (UniqueConstraint("draft_id", "sequence", name="draft_history_sequence_unique"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_drafts.id", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    option_sets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    translated_from: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    saved_on: Mapped[date] = mapped_column(Date)
    # What the change was, as a short code ("item_moved", "item_added", "text_edited").
    change: Mapped[str] = mapped_column(String(40))


class AuthorityHelpContact(db.Model):  # type: ignore[name-defined]
    """A council's own help contact, shown to its respondents of one audience or all; an advocacy one
    replaces that audience's default."""

    __tablename__ = "authority_help_contacts"
    __table_args__ = (
        CheckConstraint(
            "name_en <> '' AND name_cy <> '' AND description_en <> '' AND description_cy <> ''",
            name="help_contact_in_both_languages",
        ),
        CheckConstraint("kind IN ('advocacy', 'contact')", name="help_contact_kind_known"),
        CheckConstraint(
            "audience IN ('everyone', 'child', 'care_leaver', 'foster_carer', 'staff')",
            name="help_contact_audience_known",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="contact")
    # Whose pages show it: "everyone", or one audience (see survey_app.content.schema.COUNCIL_AUDIENCES).
    audience: Mapped[str] = mapped_column(String(20), default="everyone", server_default="everyone")
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_en: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str] = mapped_column(String(120))
    description_en: Mapped[str] = mapped_column(String(400))
    description_cy: Mapped[str] = mapped_column(String(400))
    phone: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))

    authority: Mapped[Authority] = relationship()


class YouSaidWeWill(db.Model):  # type: ignore[name-defined]
    """What an authority will do about a closed campaign's results, shown on the campaign's link.

    One per campaign and authority; `authority_id` NULL is the national coordinator's statement for a
    campaign run across Wales. NULLs never collide in a unique constraint (on PostgreSQL or SQLite), so a
    partial unique index keeps that one to a campaign too, and the store looks for it before adding one.
    """

    __tablename__ = "you_said_we_will"
    __table_args__ = (
        UniqueConstraint("campaign_id", "authority_id", name="one_you_said_per_authority"),
        Index(
            "one_national_you_said_per_campaign",
            "campaign_id",
            unique=True,
            postgresql_where=text("authority_id IS NULL"),
            sqlite_where=text("authority_id IS NULL"),
        ),
        CheckConstraint("text_cy <> '' AND text_en <> ''", name="you_said_in_both_languages"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    text_cy: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    published_on: Mapped[date] = mapped_column(Date)

    campaign: Mapped[Campaign] = relationship()
    authority: Mapped[Authority | None] = relationship()

    def text_in(self, lang: str) -> str:
        return self.text_cy if lang == "cy" else self.text_en


class ThemeReview(db.Model):  # type: ignore[name-defined]
    """An analyst's themes for one comment (a free-text answer), which replace the codebook's suggestion.

    `suggested` keeps what the codebook suggested when the comment was reviewed, so that agreement
    between suggested and corrected themes can still be reported after the codebook changes.
    """

    __tablename__ = "theme_reviews"
    __table_args__ = (UniqueConstraint("response_id", "item_id", name="one_review_per_comment"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    suggested: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    reviewed_on: Mapped[date] = mapped_column(Date)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class KitemarkThreshold(db.Model):  # type: ignore[name-defined]
    """A threshold the young people's panel set for one kite-mark criterion.

    Never updated in place: the newest row for a criterion applies, and the older ones are the
    evidence trail of who changed the bar, when and why.
    """

    __tablename__ = "kitemark_thresholds"
    __table_args__ = (
        CheckConstraint("threshold >= 0 AND threshold <= 100", name="kitemark_threshold_is_a_percentage"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(80), index=True)
    threshold: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    set_on: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The panel member's chosen name when they set it: the trail still reads if the account goes.
    set_by_name: Mapped[str | None] = mapped_column(String(DISPLAY_NAME_LENGTH))

    set_by: Mapped[User | None] = relationship()

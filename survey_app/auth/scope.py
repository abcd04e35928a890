"""The one place that decides which authority's things a member of staff may see and change.

Every staff view asks `scope()` for campaigns, questionnaire versions and drafts, code batches,
help contacts, accounts, audit events and response totals; no view builds its own query for them.
Something outside the caller's authority is "not found" (404), never "forbidden": a URL must not
even confirm that another authority's campaign exists.

The rules:
- staff of an authority see their authority's things, the shared questionnaire library, and campaigns
  run across Wales (of which they see only their own authority's response totals);
- the national coordinator sees every authority's aggregates and manages the shared library and the
  campaigns run across Wales, and the young people's panel's accounts (which belong to no authority),
  but no authority's own drafts, settings or accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, func, or_, select

from ..extensions import db
from ..models import (
    PANEL_ROLE,
    AccessCode,
    AccessCodeBatch,
    AuditEvent,
    Authority,
    AuthorityHelpContact,
    Campaign,
    QuestionnaireDraft,
    QuestionnaireVersion,
    Response,
    User,
)
from ..results.periods import Band, period_of


@dataclass(frozen=True)
class Totals:
    """How many responses a campaign has: totals only, never answers."""

    complete: int
    in_progress: int
    paper: int = 0  # of the complete ones, paper copies typed in by an officer


@dataclass(frozen=True)
class Scope:
    """What one member of staff may reach. `authority_id` is None for the national coordinator."""

    authority_id: int | None
    national: bool

    # Campaigns ------------------------------------------------------------------------------------
    def campaigns(self) -> Select[Any]:
        query = select(Campaign).order_by(Campaign.opens_on.desc(), Campaign.slug)
        if self.national:
            return query
        return query.where(or_(Campaign.authority_id == self.authority_id, Campaign.authority_id.is_(None)))

    def campaign(self, slug: str) -> Campaign:
        found = db.session.scalar(self.campaigns().where(Campaign.slug == slug))
        return found if found is not None else abort(404)

    def may_manage_campaign(self, campaign: Campaign) -> bool:
        """Staff manage their own authority's campaigns; the coordinator manages those across Wales."""
        return campaign.authority_id == self.authority_id if not self.national else campaign.is_national

    def managed_campaign(self, slug: str) -> Campaign:
        campaign = self.campaign(slug)
        return campaign if self.may_manage_campaign(campaign) else abort(404)

    def authorities_for_campaigns(self) -> list[Authority]:
        """The authorities this person may open a campaign for (none: the coordinator runs national ones)."""
        if self.national:
            return []
        return [db.session.get_one(Authority, self.authority_id)]

    def totals(self, campaign: Campaign) -> Totals:
        """Response totals of a campaign, counting only the caller's authority unless national."""
        query = select(Response.status, Response.mode, func.count()).where(
            Response.campaign_id == campaign.id
        )
        if not self.national:
            query = query.where(Response.authority_id == self.authority_id)
        counted: dict[str, int] = {}
        paper = 0
        for status, mode, count in db.session.execute(query.group_by(Response.status, Response.mode)).all():
            counted[status] = counted.get(status, 0) + count
            paper += count if (status, mode) == ("complete", "paper") else 0
        return Totals(complete=counted.get("complete", 0), in_progress=counted.get("partial", 0), paper=paper)

    def totals_by_authority(self, campaign: Campaign) -> dict[int | None, Totals]:
        """For the coordinator only: each authority's totals in a campaign across Wales."""
        if not self.national:
            abort(404)
        rows = db.session.execute(
            select(Response.authority_id, Response.status, Response.mode, func.count())
            .where(Response.campaign_id == campaign.id)
            .group_by(Response.authority_id, Response.status, Response.mode)
        ).all()
        found: dict[int | None, dict[str, int]] = {}
        for authority_id, status, mode, count in rows:
            counts = found.setdefault(authority_id, {})
            counts[status] = counts.get(status, 0) + count
            if (status, mode) == ("complete", "paper"):
                counts["paper"] = counts.get("paper", 0) + count
        return {
            key: Totals(
                complete=value.get("complete", 0),
                in_progress=value.get("partial", 0),
                paper=value.get("paper", 0),
            )
            for key, value in found.items()
        }

    # Access codes ---------------------------------------------------------------------------------
    def batches(self, campaign: Campaign) -> list[tuple[AccessCodeBatch, int]]:
        """A managed campaign's code batches, each with how many of its codes are used."""
        self.managed_campaign(campaign.slug)
        used = (
            select(AccessCode.batch_id, func.count().label("used"))
            .where(AccessCode.used.is_(True))
            .group_by(AccessCode.batch_id)
            .subquery()
        )
        rows = db.session.execute(
            select(AccessCodeBatch, func.coalesce(used.c.used, 0))
            .outerjoin(used, used.c.batch_id == AccessCodeBatch.id)
            .where(AccessCodeBatch.campaign_id == campaign.id)
            .order_by(AccessCodeBatch.id)
        ).all()
        return [(batch, int(count)) for batch, count in rows]

    def batch(self, campaign: Campaign, batch_id: int) -> AccessCodeBatch:
        found = db.session.scalar(
            select(AccessCodeBatch).filter_by(
                id=batch_id, campaign_id=self.managed_campaign(campaign.slug).id
            )
        )
        return found if found is not None else abort(404)

    # Questionnaires -------------------------------------------------------------------------------
    def versions(self) -> Select[Any]:
        """Published versions: the shared library and the caller's authority's own (all, if national)."""
        query = select(QuestionnaireVersion).order_by(
            QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.version.desc()
        )
        if self.national:
            return query
        return query.where(
            or_(
                QuestionnaireVersion.authority_id.is_(None),
                QuestionnaireVersion.authority_id == self.authority_id,
            )
        )

    def version(self, version_id: int) -> QuestionnaireVersion:
        found = db.session.scalar(self.versions().where(QuestionnaireVersion.id == version_id))
        return found if found is not None else abort(404)

    def drafts(self) -> Select[Any]:
        """Drafts the caller may edit: their authority's, or (national) the shared library's."""
        query = select(QuestionnaireDraft).order_by(QuestionnaireDraft.questionnaire_id)
        if self.national:
            return query.where(QuestionnaireDraft.authority_id.is_(None))
        return query.where(QuestionnaireDraft.authority_id == self.authority_id)

    def draft(self, draft_id: int) -> QuestionnaireDraft:
        found = db.session.scalar(self.drafts().where(QuestionnaireDraft.id == draft_id))
        return found if found is not None else abort(404)

    def owns_questionnaire_id(self, questionnaire_id: str) -> bool:
        """Whether the caller may publish under this id: new, or already theirs (shared, if national)."""
        owners = set(
            db.session.scalars(
                select(QuestionnaireVersion.authority_id).filter_by(questionnaire_id=questionnaire_id)
            )
        )
        others = set(
            db.session.scalars(
                select(QuestionnaireDraft.authority_id).filter_by(questionnaire_id=questionnaire_id)
            )
        )
        return owners <= {self.authority_id} and others <= {self.authority_id}

    # Settings, accounts and the audit log -----------------------------------------------------------
    def help_contacts(self) -> list[AuthorityHelpContact]:
        if self.national:
            return []
        return list(
            db.session.scalars(
                select(AuthorityHelpContact)
                .filter_by(authority_id=self.authority_id)
                .order_by(AuthorityHelpContact.kind, AuthorityHelpContact.position, AuthorityHelpContact.id)
            )
        )

    def help_contact(self, contact_id: int) -> AuthorityHelpContact:
        found = next((each for each in self.help_contacts() if each.id == contact_id), None)
        return found if found is not None else abort(404)

    def users(self) -> Select[Any]:
        """An authority's accounts; for the coordinator, the young people's panel's (national) ones."""
        query = select(User).order_by(User.email)
        if self.national:
            return query.where(User.authority_id.is_(None), User.role == PANEL_ROLE)
        return query.where(User.authority_id == self.authority_id)

    def user(self, user_id: int) -> User:
        found = db.session.scalar(self.users().where(User.id == user_id))
        return found if found is not None else abort(404)

    def audit_events(self) -> Select[Any]:
        """An authority's administrators see its own log; the coordinator sees the national one."""
        query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        if self.national:
            return query.where(AuditEvent.authority_id.is_(None))
        return query.where(AuditEvent.authority_id == self.authority_id)

    def authority(self) -> Authority | None:
        return db.session.get(Authority, self.authority_id) if self.authority_id is not None else None

    # Results --------------------------------------------------------------------------------------
    def result_sets(self, today: date) -> list[tuple[str, Band]]:
        """The results (period, band) the caller may open: those of closed campaigns they can see.

        Newest period first. Staff of an authority see results for their own campaigns and for campaigns
        run across Wales; what they see in them is their own authority's figures beside the others'.
        """
        closed = db.session.scalars(self.campaigns().where(Campaign.closes_on < today))
        found = {
            (
                period_of(each.closes_on),
                Band(each.questionnaire_version.audience, each.questionnaire_version.age_band),
            )
            for each in closed
        }
        return sorted(found, key=lambda pair: (-int(pair[0][:4]), pair[1].key))

    def result_set(self, period: str, band_key: str, today: date) -> tuple[str, Band]:
        try:
            band = Band.from_key(band_key)
        except ValueError:
            abort(404)
        return (period, band) if (period, band) in self.result_sets(today) else abort(404)

    def results_authority(self, code: str | None) -> Authority | None:
        """Whose figures the caller sees: their own authority's; the coordinator's choice, or all (None)."""
        if not self.national:
            own = self.authority()
            return own if own is not None and code in (None, own.ons_code) else abort(404)
        if code is None:
            return None
        found = db.session.scalar(select(Authority).filter_by(ons_code=code))
        return found if found is not None else abort(404)


def scope() -> Scope:
    """The scope of the signed-in member of staff (views that call this have declared a permission)."""
    if not current_user.is_authenticated:
        abort(403)
    return Scope(authority_id=current_user.authority_id, national=current_user.is_national)


# Kite mark ------------------------------------------------------------------------------------------
# The kite mark is one national standard. The young people's panel (a national body: its members
# belong to no authority) and the national coordinator see every authority's evidence and award;
# other staff see only their own authority's. Kept apart from `Scope`, which never looks at the role.


@dataclass(frozen=True)
class KitemarkScope:
    """Whose kite mark the caller may see. `authority_id` is None for the national coordinator."""

    authority_id: int | None
    every_authority: bool

    def authorities(self, lang: str) -> list[Authority]:
        """The authorities whose kite mark the caller may see, by name in `lang`."""
        query = select(Authority)
        if not self.every_authority:
            query = query.where(Authority.id == self.authority_id)
        return sorted(db.session.scalars(query), key=lambda each: each.name(lang).casefold())

    def authority(self, code: str) -> Authority:
        """An authority by ONS code, if the caller may see its kite mark; 404 otherwise."""
        found = db.session.scalar(select(Authority).filter_by(ons_code=code))
        if found is None or not (self.every_authority or found.id == self.authority_id):
            abort(404)
        return found

    def periods(self, today: date, bands: list[Band]) -> list[str]:
        """Periods with kite-mark evidence the caller can see, newest first: a closed campaign of one
        of `bands`, or a closed self-audit (audience "authority"), run across Wales or by an authority
        the caller may see."""
        query = (
            select(Campaign.closes_on, QuestionnaireVersion.audience, QuestionnaireVersion.age_band)
            .join(QuestionnaireVersion, Campaign.questionnaire_version_id == QuestionnaireVersion.id)
            .where(Campaign.closes_on < today)
        )
        if not self.every_authority:
            query = query.where(
                or_(Campaign.authority_id == self.authority_id, Campaign.authority_id.is_(None))
            )
        wanted = set(bands) | {Band("authority", None)}
        found = {
            period_of(closes_on)
            for closes_on, audience, age_band in db.session.execute(query.distinct())
            if Band(audience, age_band) in wanted
        }
        return sorted(found, key=lambda period: -int(period[:4]))

    def period(self, period: str, today: date, bands: list[Band]) -> str:
        return period if period in self.periods(today, bands) else abort(404)


def kitemark_scope() -> KitemarkScope:
    """The kite-mark scope of the signed-in member of staff (views that call this declare a permission)."""
    if not current_user.is_authenticated:
        abort(403)
    every = bool(current_user.is_national or current_user.role == PANEL_ROLE)
    return KitemarkScope(authority_id=current_user.authority_id, every_authority=every)

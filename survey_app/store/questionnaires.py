"""Questionnaire versions: publishing frozen content, and reading it back as typed objects."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..content.frozen import FrozenQuestionnaire
from ..extensions import db
from ..models import QuestionnaireVersion


def publish(
    frozen: FrozenQuestionnaire, today: date, *, authority_id: int | None = None
) -> tuple[QuestionnaireVersion, bool]:
    """Store a frozen questionnaire as a new published version, unless identical content exists.

    `authority_id` is the owner: an authority's own questionnaire, or None for the shared library.
    Returns the version and whether it was created.
    """
    questionnaire_id = frozen.questionnaire.id
    content_hash = frozen.content_hash()
    existing = db.session.scalar(
        select(QuestionnaireVersion).filter_by(questionnaire_id=questionnaire_id, content_hash=content_hash)
    )
    if existing is not None:
        return existing, False
    latest = db.session.scalar(
        select(func.max(QuestionnaireVersion.version)).filter_by(questionnaire_id=questionnaire_id)
    )
    version = QuestionnaireVersion(
        questionnaire_id=questionnaire_id,
        version=(latest or 0) + 1,
        audience=frozen.questionnaire.audience,
        age_band=frozen.questionnaire.age_band,
        content=frozen.model_dump(mode="json"),
        content_hash=content_hash,
        status="published",
        published_on=today,
        authority_id=authority_id,
    )
    db.session.add(version)
    db.session.flush()
    return version, True


def questionnaire_ids() -> list[str]:
    """Every questionnaire that has a published version, by id."""
    return list(
        db.session.scalars(
            select(QuestionnaireVersion.questionnaire_id)
            .filter_by(status="published")
            .distinct()
            .order_by(QuestionnaireVersion.questionnaire_id)
        )
    )


def latest_published(questionnaire_id: str) -> QuestionnaireVersion | None:
    return db.session.scalar(
        select(QuestionnaireVersion)
        .filter_by(questionnaire_id=questionnaire_id, status="published")
        .order_by(QuestionnaireVersion.version.desc())
        .limit(1)
    )


_PARSED: dict[str, FrozenQuestionnaire] = {}


def frozen_content(version: QuestionnaireVersion) -> FrozenQuestionnaire:
    """The typed content of a version, parsed once per content hash (published content never changes)."""
    parsed = _PARSED.get(version.content_hash)
    if parsed is None:
        parsed = FrozenQuestionnaire.model_validate(version.content)
        _PARSED[version.content_hash] = parsed
    return parsed

"""The item bank: every question of the latest published version of each questionnaire a scope can see.

The shared library's questionnaires (no authority) are everyone's bank; a council's own published
questionnaires add their questions to that council's bank only ("the council's own"), so a council adds
questions to its bank by publishing a questionnaire that asks them. The national coordinator's bank is
the shared library's. An entry's key, "<version_id>:<item_id>", stays the same as long as that version
is the latest (published versions never change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_

from ..auth.scope import Scope
from ..extensions import db
from ..models import QuestionnaireVersion
from ..store.questionnaires import frozen_content
from .frozen import FrozenQuestionnaire
from .schema import Indicator, Item, OptionSet, Text
from .wording import item_wording


@dataclass(frozen=True)
class SharedWith:
    """Another shared questionnaire that asks the same indicator in exactly the same words."""

    questionnaire_id: str
    title: Text
    age_band: str | None


@dataclass(frozen=True)
class BankEntry:
    key: str
    item: Item
    frozen: FrozenQuestionnaire
    version_id: int
    version: int
    questionnaire_id: str
    title: Text
    audience: str
    age_band: str | None
    page_title: Text
    indicator: Indicator | None
    option_set: OptionSet | None
    own: bool  # the council's own question (from its own published questionnaire)
    shared_with: tuple[SharedWith, ...] = ()

    @property
    def domain(self) -> str | None:
        return self.indicator.domain if self.indicator else None

    def searchable(self) -> str:
        """Its words in both languages, folded for a case-insensitive search."""
        texts = [self.item.text, *([self.item.hint] if self.item.hint else [])]
        texts += [row.text for row in self.item.rows or []]
        return " ".join(f"{text.en} {text.cy}" for text in texts).casefold()


def _bank_versions(scope: Scope) -> list[QuestionnaireVersion]:
    """The latest version of each questionnaire in the scope's bank: shared, and the council's own."""
    mine: list[ColumnElement[bool]] = [QuestionnaireVersion.authority_id.is_(None)]
    if scope.authority_id is not None:
        mine.append(QuestionnaireVersion.authority_id == scope.authority_id)
    latest: dict[str, QuestionnaireVersion] = {}
    query = scope.versions().where(or_(*mine), QuestionnaireVersion.status == "published")
    for version in db.session.scalars(query):
        latest.setdefault(version.questionnaire_id, version)  # newest first within each id
    return list(latest.values())


def _wordings(versions: Iterable[QuestionnaireVersion]) -> dict[tuple[str, str], list[SharedWith]]:
    """(indicator, wording digest) -> the shared questionnaires asking it in those words."""
    found: dict[tuple[str, str], list[SharedWith]] = {}
    for version in versions:
        if version.authority_id is not None:
            continue
        frozen = frozen_content(version)
        where = SharedWith(version.questionnaire_id, frozen.questionnaire.title, version.age_band)
        for item in frozen.items():
            if item.indicator:
                found.setdefault((item.indicator, item_wording(frozen, item.id)), []).append(where)
    return found


def _by_age(shared: SharedWith) -> tuple[int, str]:
    """Youngest band first; questionnaires without an age band after them."""
    start = shared.age_band.split("-")[0] if shared.age_band else ""
    return (int(start) if start.isdigit() else 99, shared.questionnaire_id)


def bank_entries(scope: Scope) -> list[BankEntry]:
    """Every question in the scope's bank: shared questionnaires first, then the council's own."""
    versions = sorted(_bank_versions(scope), key=lambda v: (v.authority_id is not None, v.questionnaire_id))
    wordings = _wordings(versions)
    entries = []
    for version in versions:
        frozen = frozen_content(version)
        questionnaire = frozen.questionnaire
        for page in questionnaire.pages:
            for item in page.items:
                if not item.answerable:
                    continue
                shared: tuple[SharedWith, ...] = ()
                if item.indicator:
                    same = wordings.get((item.indicator, item_wording(frozen, item.id)), [])
                    shared = tuple(
                        sorted(
                            (each for each in same if each.questionnaire_id != questionnaire.id), key=_by_age
                        )
                    )
                entries.append(
                    BankEntry(
                        key=f"{version.id}:{item.id}",
                        item=item,
                        frozen=frozen,
                        version_id=version.id,
                        version=version.version,
                        questionnaire_id=questionnaire.id,
                        title=questionnaire.title,
                        audience=questionnaire.audience,
                        age_band=questionnaire.age_band,
                        page_title=page.title,
                        indicator=frozen.indicators.get(item.indicator) if item.indicator else None,
                        option_set=frozen.option_sets.get(item.options) if item.options else None,
                        own=version.authority_id is not None,
                        shared_with=shared,
                    )
                )
    return entries


def bank_entry(scope: Scope, key: str) -> BankEntry | None:
    """One entry by its key; None if it is not in this scope's bank (or no longer the latest version)."""
    version_id, _, item_id = key.partition(":")
    if not version_id.isdigit() or not item_id:
        return None
    if not any(version.id == int(version_id) for version in _bank_versions(scope)):
        return None
    return next((entry for entry in bank_entries(scope) if entry.key == key), None)


def search(
    entries: Iterable[BankEntry],
    text: str = "",
    audience: str = "",
    age_band: str = "",
    domain: str = "",
    indicator: str = "",
) -> list[BankEntry]:
    """The entries that match every filter given (an empty filter matches all); text in either language."""
    words = text.casefold().split()
    return [
        entry
        for entry in entries
        if (not audience or entry.audience == audience)
        and (not age_band or entry.age_band == age_band)
        and (not domain or entry.domain == domain)
        and (not indicator or entry.item.indicator == indicator)
        and all(word in entry.searchable() for word in words)
    ]

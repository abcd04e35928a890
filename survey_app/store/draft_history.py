"""Saving a change to a draft: the state before it is kept (for Undo) and the revision goes up.

A form carries the revision it was based on; a change based on an older revision is refused
(`StaleDraft`), so that two people editing one draft are told rather than overwriting each other.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from ..extensions import db
from ..models import QuestionnaireDraft, QuestionnaireDraftHistory
from . import audit

# Undo goes back this many changes; older states are forgotten.
KEEP = 50


class StaleDraft(Exception):
    """The draft changed since the form was shown."""


def check_revision(draft: QuestionnaireDraft, based_on: str | int | None) -> None:
    """Raise StaleDraft unless the form was based on the draft's current revision."""
    try:
        revision = int(str(based_on))
    except ValueError:
        raise StaleDraft() from None
    if revision != (draft.revision or 0):
        raise StaleDraft()


def save_change(
    draft: QuestionnaireDraft,
    change: str,
    source: dict[str, Any],
    option_sets: dict[str, Any] | None = None,
    translated_from: dict[str, str] | None = None,
) -> None:
    """Save a new state of the draft, keeping the one before it for Undo."""
    sequence = max((each.sequence for each in draft.history), default=0) + 1
    draft.history.append(
        QuestionnaireDraftHistory(
            sequence=sequence,
            source=copy.deepcopy(draft.source),
            option_sets=copy.deepcopy(draft.option_sets or {}),
            translated_from=copy.deepcopy(draft.translated_from or {}),
            saved_on=date.today(),
            change=change[:40],
        )
    )
    for old in draft.history[:-KEEP]:
        draft.history.remove(old)
    draft.source = source
    if option_sets is not None:
        draft.option_sets = option_sets
    if translated_from is not None:
        draft.translated_from = translated_from
    draft.revision = (draft.revision or 0) + 1
    draft.updated_on = date.today()
    db.session.flush()


def undo(draft: QuestionnaireDraft) -> str | None:
    """Put the draft back as it was before its last change; the change's code, or None if none."""
    if not draft.history:
        return None
    last = draft.history[-1]
    draft.source = copy.deepcopy(last.source)
    draft.option_sets = copy.deepcopy(last.option_sets or {})
    draft.translated_from = copy.deepcopy(last.translated_from or {})
    draft.history.remove(last)
    draft.revision = (draft.revision or 0) + 1
    draft.updated_on = date.today()
    audit.record("draft_edited", draft.questionnaire_id, draft.authority_id, {"undone": last.change})
    db.session.flush()
    return last.change


def recent(draft: QuestionnaireDraft, count: int = 10) -> list[QuestionnaireDraftHistory]:
    """The latest changes, newest first."""
    return list(reversed(draft.history[-count:]))

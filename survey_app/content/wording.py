"""How an indicator is asked: its question's text, its answers and which of them count as positive.

Two versions that ask an indicator in different words can no longer be compared like with like:
the draft editor warns before such a version is published, and results mark such figures.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .frozen import FrozenQuestionnaire


def _asked(frozen: FrozenQuestionnaire, item_id: str) -> dict[str, Any]:
    item = frozen.item(item_id)
    indicator = frozen.indicators[str(item.indicator)]
    return {
        "text": item.text.model_dump(mode="json"),
        "anchors": item.anchors.model_dump(mode="json") if item.anchors else None,
        "rows": [row.text.model_dump(mode="json") for row in item.rows or []],
        "options": [[option.value, option.label.model_dump(mode="json")] for option in frozen.options(item)],
        "positive": sorted(indicator.positive),
    }


def indicator_wordings(frozen: FrozenQuestionnaire) -> dict[str, str]:
    """indicator id -> a digest of how a questionnaire asks it (every item carrying it, in order)."""
    asked: dict[str, list[dict[str, Any]]] = {}
    for item in frozen.items():
        if item.indicator:
            asked.setdefault(item.indicator, []).append(_asked(frozen, item.id))
    return {
        key: hashlib.sha256(json.dumps(each, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
        for key, each in asked.items()
    }


def reworded(before: FrozenQuestionnaire, after: FrozenQuestionnaire) -> list[str]:
    """Indicators asked by both versions, in the order `after` asks them, whose wording differs."""
    old, new = indicator_wordings(before), indicator_wordings(after)
    return [key for key, digest in new.items() if key in old and old[key] != digest]


def item_wording(frozen: FrozenQuestionnaire, item_id: str) -> str:
    """A digest of how one item asks its indicator (text in both languages, answers, positive answers):
    two items with the same digest ask the same indicator in the same words."""
    digest = json.dumps(_asked(frozen, item_id), sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(digest).hexdigest()[:16]

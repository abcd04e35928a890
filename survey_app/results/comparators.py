"""Published figures shown beside indicators as labelled external comparators (comparators.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import Field

from ..content.schema import Identifier, Strict, Text
from ..paths import QUESTIONNAIRE_DIR

COMPARATORS_FILE = QUESTIONNAIRE_DIR / "comparators.yaml"


class Comparator(Strict):
    indicator: Identifier
    bands: list[str] = Field(min_length=1)
    percent: int = Field(ge=0, le=100)
    published: Text
    source: Text


class ComparatorFile(Strict):
    comparators: list[Comparator]


@cache
def load_comparators(path: Path = COMPARATORS_FILE) -> tuple[Comparator, ...]:
    with path.open(encoding="utf-8") as handle:
        return tuple(ComparatorFile.model_validate(yaml.safe_load(handle)).comparators)


def comparators_for(band_key: str) -> dict[str, Comparator]:
    """The comparators that apply to a band, by indicator id."""
    return {each.indicator: each for each in load_comparators() if band_key in each.bands}

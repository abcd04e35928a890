"""The bilingual theme codebook (questionnaires/themes.yaml), loaded and checked.

Each theme has an id, a group ("young_people" or "carers"), a label and a one-sentence description
in both languages, and terms in both languages: phrases matched on lemmatised, lower-case words
(see :mod:`analysis.text.matching`), with optional ``not:`` phrases that stop a term counting where
it is part of one ("pocket money" is money; "school holidays" may not be school).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .matching import Phrase, ThemeIndex, ThemeMatcher, compile_phrase

GROUPS = ("young_people", "carers")
# Which themes each questionnaire audience gets (survey_app.content.schema.Audience, plus
# "young_person" for callers that name the 11-18 band that way).
AUDIENCE_GROUPS: dict[str, str] = {
    "child": "young_people",
    "young_person": "young_people",
    "care_leaver": "young_people",
    "foster_carer": "carers",
    "staff": "carers",
    "authority": "carers",
}
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "questionnaires" / "themes.yaml"


class CodebookError(ValueError):
    """The codebook file is missing something or has something wrong; the message says where."""


@dataclass(frozen=True)
class Theme:
    id: str
    group: str
    label_en: str
    label_cy: str
    description_en: str
    description_cy: str
    terms_en: tuple[str, ...] = ()
    terms_cy: tuple[str, ...] = ()
    not_en: tuple[str, ...] = ()
    not_cy: tuple[str, ...] = ()

    def label(self, language: str) -> str:
        return self.label_cy if language == "cy" else self.label_en

    def description(self, language: str) -> str:
        return self.description_cy if language == "cy" else self.description_en


@dataclass(frozen=True)
class Codebook:
    version: str
    notes: str
    themes: tuple[Theme, ...]
    index: ThemeIndex = field(repr=False, compare=False)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.themes)

    def get(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def for_audience(self, audience: str) -> tuple[Theme, ...]:
        """The themes for a questionnaire audience (child, care_leaver, foster_carer, staff...)."""
        try:
            group = AUDIENCE_GROUPS[audience]
        except KeyError:
            known = ", ".join(AUDIENCE_GROUPS)
            raise ValueError(f"unknown audience {audience!r}: expected one of {known}") from None
        return tuple(theme for theme in self.themes if theme.group == group)


def _text_pair(raw: Any, where: str, key: str) -> tuple[str, str]:
    if not isinstance(raw, Mapping) or not all(
        isinstance(raw.get(lang), str) and raw[lang].strip() for lang in ("en", "cy")
    ):
        raise CodebookError(f"{where}: {key} needs non-empty 'en' and 'cy' text")
    return raw["en"].strip(), raw["cy"].strip()


def _phrases(raw: Any, where: str, key: str, required: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if raw is None and not required:
        return (), ()
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{where}: {key} needs 'en' and 'cy' lists")
    pair: list[tuple[str, ...]] = []
    for lang in ("en", "cy"):
        items = raw.get(lang) or []
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            raise CodebookError(f"{where}: {key}.{lang} must be a list of phrases")
        if required and not items:
            raise CodebookError(f"{where}: {key}.{lang} is empty")
        pair.append(tuple(item.strip() for item in items))
    return pair[0], pair[1]


def _theme(raw: Any, where: str) -> Theme:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise CodebookError(f"{where}: each theme needs an id")
    where = f"{where}, theme {raw['id']}"
    if raw.get("group") not in GROUPS:
        raise CodebookError(f"{where}: group must be one of {', '.join(GROUPS)}")
    label = _text_pair(raw.get("label"), where, "label")
    description = _text_pair(raw.get("description"), where, "description")
    terms = _phrases(raw.get("terms"), where, "terms", required=True)
    exclusions = _phrases(raw.get("not"), where, "not", required=False)
    return Theme(raw["id"], raw["group"], *label, *description, *terms, *exclusions)


def _matcher(theme: Theme) -> ThemeMatcher:
    def compiled(phrases: tuple[str, ...], language: str) -> tuple[tuple[str, Phrase], ...]:
        try:
            return tuple((phrase, compile_phrase(phrase, language)) for phrase in phrases)
        except ValueError as error:
            raise CodebookError(f"theme {theme.id}: {error}") from error

    return ThemeMatcher(
        theme.id,
        {"en": compiled(theme.terms_en, "en"), "cy": compiled(theme.terms_cy, "cy")},
        {"en": compiled(theme.not_en, "en"), "cy": compiled(theme.not_cy, "cy")},
    )


def load_codebook(path: Path | None = None) -> Codebook:
    """Read and check the codebook (default: questionnaires/themes.yaml of this project)."""
    path = path or DEFAULT_PATH
    where = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CodebookError(f"{where}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise CodebookError(f"{where}: is not valid YAML ({error})") from error
    if not isinstance(raw, Mapping) or not isinstance(raw.get("themes"), list) or not raw["themes"]:
        raise CodebookError(f"{where}: needs a non-empty 'themes' list")
    themes = tuple(_theme(item, where) for item in raw["themes"])
    seen: set[str] = set()
    for theme in themes:
        if theme.id in seen:
            raise CodebookError(f"{where}: theme id {theme.id} is used twice")
        seen.add(theme.id)
    try:
        index = ThemeIndex.build(tuple(_matcher(theme) for theme in themes))
    except CodebookError as error:
        raise CodebookError(f"{where}, {error}") from error
    return Codebook(str(raw.get("version", "")), str(raw.get("notes", "")).strip(), themes, index)

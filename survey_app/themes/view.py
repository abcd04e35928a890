"""What a themes page shows: one council's themes beside all of Wales, or all of Wales on its own.

Everything here is read from the released tables of `analysis.themes` (counts, quotes, sentiment,
word clouds) and named in the reader's language; nothing reads the comments themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from analysis.disclosure import TOO_FEW, DisclosureControl, ShownCount
from analysis.text import Agreement, Theme
from analysis.themes import POLARITIES, WALES, ThemeTables
from analysis.wordclouds import cloud_words, png_data_uri

from .gather import CommentSet

LANGUAGE_LABELS: dict[str, LazyString] = {"cy": _l("Welsh"), "en": _l("English")}
POLARITY_LABELS: dict[str, LazyString] = {
    "positive": _l("Positive"),
    "neutral": _l("Neither"),
    "negative": _l("Negative"),
}


def _value(value: Any) -> Any:
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(key): _value(value) for key, value in row.items()} for row in frame.to_dict("records")]


def theme_label(theme: Theme, lang: str) -> str:
    return theme.label_cy if lang == "cy" else theme.label_en


def theme_description(theme: Theme, lang: str) -> str:
    return theme.description_cy if lang == "cy" else theme.description_en


@dataclass(frozen=True)
class AgreementView:
    """Agreement between suggested and corrected themes, as whole percentages (None: nothing to divide)."""

    comments: ShownCount  # how many were reviewed, as staff may see it (see response_totals)
    exact: int | None
    precision: int | None
    recall: int | None
    f1: int | None
    kappa: float | None
    themes: list[tuple[str, int | None, int | None, float | None]]  # label, precision, recall, kappa


def _percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def agreement_view(
    found: Agreement | None, themes: list[Theme], lang: str, control: DisclosureControl
) -> AgreementView | None:
    if found is None or not found.comments:
        return None
    return AgreementView(
        comments=control.response_totals(found.comments)[0],
        exact=_percent(found.exact),
        precision=_percent(found.micro_precision),
        recall=_percent(found.micro_recall),
        f1=_percent(found.micro_f1),
        kappa=found.mean_kappa,
        themes=[
            (theme_label(theme, lang), _percent(each.precision), _percent(each.recall), each.kappa)
            for theme in themes
            for each in [found.per_theme.get(theme.id)]
            if each is not None and any(value is not None for value in each)
        ],
    )


@dataclass(frozen=True)
class Cloud:
    language: str
    image: str | None  # a data: URI
    words: list[tuple[str, int]]  # the cloud's text equivalent: each word with its rounded count


@dataclass(frozen=True)
class SentimentRow:
    language: str
    cells: list[dict[str, Any]]  # one per polarity (POLARITIES), each percent and status
    total: int | None  # people whose comments were scored, rounded
    unscored: dict[str, Any] | None  # people, status

    @property
    def shown(self) -> bool:
        return any(cell.get("status") == "shown" for cell in self.cells)


@dataclass(frozen=True)
class ThemeSection:
    theme: Theme
    label: str
    description: str
    own: dict[str, Any]  # people, percent, status: this council's, or all of Wales's
    wales: dict[str, Any] | None  # all of Wales beside a council's own (None on the Wales page)
    quotes: list[dict[str, Any]]
    sentiment: list[SentimentRow]
    clouds: list[Cloud]

    @property
    def mentioned(self) -> bool:
        return (
            bool(self.quotes or self.clouds or self.sentiment)
            or self.own.get("status") == "c"
            or bool(self.own.get("people"))
        )


@dataclass
class ThemesView:
    comment_set: CommentSet
    code: str  # a council's ONS code, or WALES
    lang: str
    group: dict[str, Any] | None  # respondents, writers (rounded), status; None on the Wales page
    pooled: int  # councils pooled into the all-Wales figures (0: too few to pool)
    sections: list[ThemeSection] = field(default_factory=list)
    reviewed_percent: int = 0
    agreement: AgreementView | None = None
    councils: list[dict[str, Any]] = field(default_factory=list)  # the Wales page: each council's group

    @property
    def shown(self) -> bool:
        return self.group is None or self.group["status"] != TOO_FEW


def _cell(frame: pd.DataFrame, code: str, theme: str) -> dict[str, Any] | None:
    rows = _records(frame[(frame["authority"] == code) & (frame["theme"] == theme)])
    return rows[0] if rows else None


def _sentiment(tables: ThemeTables, code: str, theme: str) -> list[SentimentRow]:
    frame = tables.sentiment.frame
    mine = frame[(frame["authority"] == code) & (frame["theme"] == theme)]
    unscored = tables.unscored.frame
    rows = []
    for language in sorted(set(mine["language"]) | set(_only(unscored, code, theme)["language"])):
        cells = {row["polarity"]: row for row in _records(mine[mine["language"] == language])}
        ordered = [cells.get(polarity, {"percent": None, "status": TOO_FEW}) for polarity in POLARITIES]
        total = next((cell.get("total") for cell in ordered if cell.get("total") is not None), None)
        theirs = _only(unscored, code, theme)
        left = _records(theirs[theirs["language"] == language])
        rows.append(SentimentRow(language, ordered, total, left[0] if left else None))
    return rows


def _only(frame: pd.DataFrame, code: str, theme: str) -> pd.DataFrame:
    return frame[(frame["authority"] == code) & (frame["theme"] == theme)]


def _clouds(tables: ThemeTables, code: str, theme: str) -> list[Cloud]:
    found = []
    for language in ("cy", "en"):
        words = cloud_words(tables.clouds, code, theme, language)
        if words:
            ranked = sorted(words.items(), key=lambda pair: (-pair[1], pair[0]))
            found.append(Cloud(language, png_data_uri(words), ranked))
    return found


def _quotes(tables: ThemeTables, code: str, theme: str) -> list[dict[str, Any]]:
    return _records(_only(tables.quotes.frame, code, theme).sort_values("rank"))


def themes_view(comment_set: CommentSet, code: str | None, lang: str, clouds: bool = True) -> ThemesView:
    """A council's themes page (`code`), or all of Wales (None)."""
    whole = comment_set.tables
    tables = whole.for_authority(code) if code is not None else whole.for_wales()
    key = code if code is not None else WALES
    counts = whole.counts.frame
    wales_rows = counts[counts["authority"] == WALES]
    pooled = int(wales_rows["authorities"].iloc[0]) if not wales_rows.empty else 0
    group = None
    if code is not None:
        found = _records(tables.groups.frame[tables.groups.frame["authority"] == code])
        group = found[0] if found else {"respondents": None, "writers": None, "status": TOO_FEW}
    view = ThemesView(comment_set=comment_set, code=key, lang=lang, group=group, pooled=pooled)
    if code is None:
        view.councils = _records(whole.groups.frame)
    if not view.shown:
        return view
    for theme in comment_set.themes:
        own = _cell(tables.counts.frame, key, theme.id) or {
            "people": None,
            "percent": None,
            "status": TOO_FEW,
        }
        view.sections.append(
            ThemeSection(
                theme=theme,
                label=theme_label(theme, lang),
                description=theme_description(theme, lang),
                own=own,
                wales=_cell(tables.counts.frame, WALES, theme.id) if code is not None else None,
                quotes=_quotes(tables, key, theme.id),
                sentiment=_sentiment(tables, key, theme.id),
                clouds=_clouds(tables, key, theme.id) if clouds else [],
            )
        )
    reviews = _records(tables.reviews.frame[tables.reviews.frame["authority"] == key])
    if reviews:
        view.reviewed_percent = int(reviews[0]["reviewed_percent"])
    control = DisclosureControl(comment_set.min_group)
    view.agreement = agreement_view(tables.agreements.get(key), comment_set.themes, lang, control)
    return view

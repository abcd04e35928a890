"""What people wrote, as tables that may leave: theme counts, quotes, sentiment and word clouds.

Callers hand in comments that are already redacted and coded (`analysis.text.classify`, then an
analyst's corrections), one row per comment, and everyone who answered in the same period and band.
Only groups (authority x band) of at least K respondents count at all, and people, not comments, are
counted: someone who wrote three comments on one theme is one person. Everything returned is a
`ReleasedTable` made under `analysis.disclosure`'s rules for free text; figures pooled over Wales come
only from shown groups, and only from at least MIN_POOLED_AUTHORITIES of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .disclosure import (
    MAX_QUOTES,
    MIN_POOLED_AUTHORITIES,
    TOO_FEW,
    DisclosureControl,
    DisclosureError,
    ReleasedTable,
    perturbed,
    released,
)
from .text import Agreement, agreement, tokens_for_cloud

COMMENT_COLUMNS = [
    "response_id",
    "authority",
    "item_id",
    "language",
    "redacted",
    "themes",  # the final themes: an analyst's where reviewed, else the codebook's suggestion
    "suggested",  # the codebook's suggestion (what agreement is measured against)
    "sentiment_score",
    "sentiment_scored",
    "reviewed",
]
WALES = "wales"  # the `authority` of rows pooled over every shown group in Wales
POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"
POLARITIES = (POSITIVE, NEUTRAL, NEGATIVE)
# A person's comments on a theme are positive above this average score and negative below its opposite.
POLARITY_CUT = 0.1
MAX_CLOUD_WORDS = 40
QUOTE_LENGTH = (12, 320)  # shortest and longest quote, in characters: a few words, never an essay


@dataclass(frozen=True)
class ThemeInput:
    """comments: one row per comment (COMMENT_COLUMNS); respondents: response_id and authority of
    everyone who answered in the period and band, optionally with `counted` (False for a response
    whose group is too small to count: it keeps its authority listed as too few, and its comments
    are left out); theme_ids: the codebook's themes for the audience; record_keys: each response's
    record key, which the perturbation of every count of people is chosen by (the app always gives
    them; tests of exact figures leave them out, which perturbs nothing)."""

    comments: pd.DataFrame
    respondents: pd.DataFrame
    theme_ids: Sequence[str]
    record_keys: pd.Series | None = None  # response_id -> record key; without them nothing is perturbed


@dataclass(frozen=True)
class ThemeTables:
    groups: ReleasedTable  # authority: respondents, people who wrote (rounded), status
    counts: ReleasedTable  # authority (or WALES) x theme: people (rounded), percent, status
    quotes: ReleasedTable  # authority (or WALES) x theme: rank, language, text, reviewed
    sentiment: ReleasedTable  # authority (or WALES) x theme x language x polarity: percent, total, status
    unscored: ReleasedTable  # authority (or WALES) x theme x language: people not scored (rounded), status
    clouds: ReleasedTable  # authority (or WALES) x theme x language x word: weight (rounded people)
    reviews: ReleasedTable  # authority (or WALES): comments reviewed, comments
    agreements: Mapping[str, Agreement] = field(default_factory=dict)  # authority (or WALES) -> agreement

    def for_authority(self, code: str) -> ThemeTables:
        """One council's tables: its own rows, and all of Wales only for the theme counts beside them."""
        return self._only({code}, counts_also=WALES)

    def for_wales(self) -> ThemeTables:
        """The all-Wales view: pooled rows, with every council's group status and counts side by side."""
        return ThemeTables(
            groups=self.groups,
            counts=self.counts,
            quotes=_rows_of(self.quotes, {WALES}),
            sentiment=_rows_of(self.sentiment, {WALES}),
            unscored=_rows_of(self.unscored, {WALES}),
            clouds=_rows_of(self.clouds, {WALES}),
            reviews=self.reviews,
            agreements=dict(self.agreements),
        )

    def _only(self, codes: set[str], counts_also: str) -> ThemeTables:
        return ThemeTables(
            groups=_rows_of(self.groups, codes),
            counts=_rows_of(self.counts, codes | {counts_also}),
            quotes=_rows_of(self.quotes, codes),
            sentiment=_rows_of(self.sentiment, codes),
            unscored=_rows_of(self.unscored, codes),
            clouds=_rows_of(self.clouds, codes),
            reviews=_rows_of(self.reviews, codes),
            agreements={key: value for key, value in self.agreements.items() if key in codes},
        )


def _rows_of(table: ReleasedTable, codes: set[str]) -> ReleasedTable:
    return released(table.kind, table.frame[table.frame["authority"].isin(codes)])


def build_theme_tables(given: ThemeInput, control: DisclosureControl) -> ThemeTables:
    """Every council's theme tables for one period and band, and all of Wales, ready to leave."""
    respondents = given.respondents.dropna(subset=["authority"])
    listed = respondents.groupby("authority")["response_id"].nunique()
    comments = given.comments
    if "counted" in respondents:
        respondents = respondents[respondents["counted"].astype(bool)]
        comments = comments[comments["response_id"].isin(respondents["response_id"])]
    per_group = respondents.groupby("authority")["response_id"].nunique().reindex(listed.index, fill_value=0)
    shown = control.comments_shown(per_group)
    shown_codes = set(per_group.index[shown.to_numpy()])
    comments = comments[comments["authority"].isin(shown_codes)]
    comments = comments.assign(themes=comments["themes"].map(_known(given.theme_ids)))
    pooled = len(shown_codes) >= MIN_POOLED_AUTHORITIES
    keys = _Keys(given.record_keys)
    by_theme = _by_theme(comments)
    return ThemeTables(
        groups=_groups(per_group, shown, comments, respondents, keys, control),
        counts=_counts(per_group, shown_codes, comments, by_theme, given.theme_ids, pooled, keys, control),
        quotes=released("quotes", _quotes(by_theme, comments, pooled, control)),
        sentiment=released("sentiment", _sentiment(by_theme, pooled, keys, control)),
        unscored=released("unscored", _unscored(by_theme, pooled, keys, control)),
        clouds=released("clouds", _clouds(by_theme, pooled, control)),
        reviews=released("reviews", _reviews(comments, pooled, control)),
        agreements=_agreements(comments, given.theme_ids, pooled),
    )


class _Keys:
    """Sums of record keys of the distinct people in each group of a frame (with response_id)."""

    def __init__(self, record_keys: pd.Series | None) -> None:
        self.record_keys = record_keys

    def people(self, frame: pd.DataFrame, by: list[str]) -> pd.Series:
        distinct = frame.drop_duplicates([*by, "response_id"])
        if self.record_keys is None or distinct.empty:
            return distinct.groupby(by)["response_id"].size() * 0
        keys = distinct["response_id"].map(self.record_keys)
        if keys.isna().any():
            raise DisclosureError("a comment's response has no record key")
        return keys.astype("int64").groupby([distinct[column] for column in by]).sum()


def _known(theme_ids: Sequence[str]) -> Callable[[Any], tuple[str, ...]]:
    """Keep only the codebook's themes (a review may name a theme the codebook has since dropped)."""
    wanted = set(theme_ids)
    return lambda themes: tuple(theme for theme in (themes or ()) if theme in wanted)


def _by_theme(comments: pd.DataFrame) -> pd.DataFrame:
    """One row per comment and theme it carries (comments with no theme drop out)."""
    exploded = comments.explode("themes").dropna(subset=["themes"])
    return exploded.rename(columns={"themes": "theme"}).reset_index(drop=True)


def _with_wales(frame: pd.DataFrame, pooled: bool) -> pd.DataFrame:
    """The rows again under authority WALES, when enough councils are shown to pool them."""
    if not pooled or frame.empty:
        return frame
    return pd.concat([frame, frame.assign(authority=WALES)], ignore_index=True)


def _groups(
    per_group: pd.Series,
    shown: pd.Series,
    comments: pd.DataFrame,
    respondents: pd.DataFrame,
    keys: _Keys,
    control: DisclosureControl,
) -> ReleasedTable:
    writers = comments.groupby("authority")["response_id"].nunique().reindex(per_group.index, fill_value=0)
    writers_key = keys.people(comments, ["authority"]).reindex(per_group.index, fill_value=0)
    group_key = keys.people(respondents, ["authority"]).reindex(per_group.index, fill_value=0)
    safe = control.people_counts(writers, per_group, shown, writers_key, group_key)
    everyone = pd.Series(perturbed(per_group, group_key), index=per_group.index)
    frame = pd.DataFrame(
        {
            "respondents": control.rounded(everyone, shown),
            "writers": safe["people"],
            "writers_percent": safe["percent"],
            "status": safe["status"].where(shown, TOO_FEW),
        }
    )
    return released("groups", frame.rename_axis("authority").reset_index())


def _counts(
    per_group: pd.Series,
    shown_codes: set[str],
    comments: pd.DataFrame,
    by_theme: pd.DataFrame,
    theme_ids: Sequence[str],
    pooled: bool,
    keys: _Keys,
    control: DisclosureControl,
) -> ReleasedTable:
    themed = _with_wales(by_theme, pooled).groupby(["authority", "theme"])["response_id"].nunique()
    themed_key = keys.people(_with_wales(by_theme, pooled), ["authority", "theme"])
    writers = _with_wales(comments, pooled).groupby("authority")["response_id"].nunique()
    writers_key = keys.people(_with_wales(comments, pooled), ["authority"])
    codes = [*per_group.index, *([WALES] if pooled else [])]
    grid = pd.MultiIndex.from_product([codes, list(theme_ids)], names=["authority", "theme"])
    frame = themed.reindex(grid, fill_value=0).rename("count").reset_index()
    frame["key"] = themed_key.reindex(grid, fill_value=0).to_numpy()
    base = frame["authority"].map(writers).fillna(0).astype("int64")
    base_key = frame["authority"].map(writers_key).fillna(0).astype("int64")
    is_shown = frame["authority"].isin(shown_codes | {WALES})
    safe = control.people_counts(frame["count"], base, is_shown, frame["key"], base_key)
    frame = frame.drop(columns="key")
    frame = frame.drop(columns="count").join(safe)
    frame["authorities"] = np.where(frame["authority"] == WALES, len(shown_codes), 1)
    return released("counts", frame)


def _order_key(response_id: str, item_id: str) -> str:
    """A fixed, meaningless order for choosing quotes: the same every time, favouring no one."""
    return hashlib.sha256(f"{response_id}\x00{item_id}".encode()).hexdigest()


def _quotes(
    by_theme: pd.DataFrame, comments: pd.DataFrame, pooled: bool, control: DisclosureControl
) -> pd.DataFrame:
    columns = ["authority", "theme", "rank", "language", "text", "reviewed"]
    if by_theme.empty:
        return pd.DataFrame(columns=columns)
    text = by_theme["redacted"].fillna("").str.strip()
    short, long = QUOTE_LENGTH
    candidates = by_theme[(text.str.len() >= short) & (text.str.len() <= long)].assign(text=text)
    candidates = _with_wales(candidates, pooled)
    writers = _with_wales(comments, pooled).groupby("authority")["response_id"].nunique()
    people = _with_wales(by_theme, pooled).groupby(["authority", "theme"])["response_id"].nunique()
    group_writers = pd.Series(
        people.index.get_level_values("authority").map(writers.to_dict()), index=people.index
    )
    quotable = people.index[control.quotable(group_writers, people).to_numpy()]
    groups = pd.MultiIndex.from_frame(candidates[["authority", "theme"]])
    candidates = candidates[groups.isin(quotable)]
    candidates = candidates.assign(
        order=[
            _order_key(*pair) for pair in zip(candidates["response_id"], candidates["item_id"], strict=True)
        ],
        same_text=candidates["text"].str.casefold(),
    )
    # Reviewed comments first (an analyst has read them), then the fixed order; one quote per person,
    # and never the same words twice.
    ordered = candidates.sort_values(
        ["authority", "theme", "reviewed", "order"], ascending=[True, True, False, True]
    )
    ordered = ordered.drop_duplicates(["authority", "theme", "response_id"])
    ordered = ordered.drop_duplicates(["authority", "theme", "same_text"])
    chosen = ordered.groupby(["authority", "theme"], sort=False).head(MAX_QUOTES).copy()
    chosen["rank"] = chosen.groupby(["authority", "theme"]).cumcount() + 1
    chosen["reviewed"] = chosen["reviewed"].astype(bool)
    return chosen[columns].reset_index(drop=True)


def _person_polarity(by_theme: pd.DataFrame) -> pd.DataFrame:
    """Per person, theme and language: their average sentiment score, or NaN if none was scored."""
    scored = by_theme["sentiment_scored"].astype(bool)
    scores = by_theme["sentiment_score"].astype(float).where(scored)
    people = (
        by_theme.assign(score=scores)
        .groupby(["authority", "theme", "language", "response_id"])["score"]
        .mean()
        .reset_index()
    )
    people["polarity"] = np.select(
        [people["score"] > POLARITY_CUT, people["score"] < -POLARITY_CUT, people["score"].notna()],
        [POSITIVE, NEGATIVE, NEUTRAL],
        "",
    )
    return people


def _sentiment(by_theme: pd.DataFrame, pooled: bool, keys: _Keys, control: DisclosureControl) -> pd.DataFrame:
    columns = ["authority", "theme", "language", "polarity", "percent", "total", "status"]
    people = _person_polarity(_with_wales(by_theme, pooled)) if not by_theme.empty else pd.DataFrame()
    scored = people[people["polarity"] != ""] if not people.empty else people
    if scored.empty:
        return pd.DataFrame(columns=columns)
    group = ["authority", "theme", "language"]
    counts = scored.groupby([*group, "polarity"])["response_id"].nunique()
    cell_keys = keys.people(scored, [*group, "polarity"]).rename("key")
    groups = scored[group].drop_duplicates()
    grid = groups.merge(pd.DataFrame({"polarity": list(POLARITIES)}), how="cross")
    full = grid.merge(counts.rename("count").reset_index(), on=[*group, "polarity"], how="left")
    full["count"] = full["count"].fillna(0).astype("int64")
    full = full.merge(cell_keys.reset_index(), on=[*group, "polarity"], how="left")
    full["key"] = full["key"].fillna(0).astype("int64")
    return control.distribution(full, group, "polarity")[columns]


def _unscored(by_theme: pd.DataFrame, pooled: bool, keys: _Keys, control: DisclosureControl) -> pd.DataFrame:
    columns = ["authority", "theme", "language", "people", "status"]
    if by_theme.empty:
        return pd.DataFrame(columns=columns)
    people = _person_polarity(_with_wales(by_theme, pooled))
    people = people.assign(unscored=people["polarity"] == "")
    counts = people.groupby(["authority", "theme", "language"])["unscored"].sum().reset_index()
    group = ["authority", "theme", "language"]
    unscored_key = keys.people(people[people["unscored"]], group).rename("key").reset_index()
    counts = counts.merge(unscored_key, on=group, how="left")
    key = counts["key"].fillna(0).astype("int64")
    safe = control.counted_people(counts["unscored"], pd.Series(True, index=counts.index), key)
    counts = counts.drop(columns="key")
    return counts.drop(columns="unscored").join(safe)[columns]


@lru_cache(maxsize=50_000)
def _cloud_tokens(text: str, language: str) -> tuple[str, ...]:
    """The distinct words of one comment that may enter a cloud (stop words and placeholders gone)."""
    return tuple(sorted(set(tokens_for_cloud(text, language))))


def _clouds(by_theme: pd.DataFrame, pooled: bool, control: DisclosureControl) -> pd.DataFrame:
    columns = ["authority", "theme", "language", "word", "weight"]
    if by_theme.empty:
        return pd.DataFrame(columns=columns)
    tokens = pd.Series(
        [
            _cloud_tokens(str(text), str(language))
            for text, language in zip(by_theme["redacted"].fillna(""), by_theme["language"], strict=True)
        ],
        index=by_theme.index,
        dtype=object,
    )
    words = by_theme.assign(word=tokens).explode("word")
    words = _with_wales(words.dropna(subset=["word"]), pooled)
    if words.empty:
        return pd.DataFrame(columns=columns)
    used = (
        words.groupby(["authority", "theme", "language", "word"])["response_id"]
        .nunique()
        .rename("people")
        .reset_index()
    )
    kept = control.cloud_words(used).sort_values(
        ["authority", "theme", "language", "weight", "word"], ascending=[True, True, True, False, True]
    )
    return (
        kept.groupby(["authority", "theme", "language"]).head(MAX_CLOUD_WORDS)[columns].reset_index(drop=True)
    )


def _reviews(comments: pd.DataFrame, pooled: bool, control: DisclosureControl) -> pd.DataFrame:
    frame = _with_wales(comments, pooled)
    totals = frame.groupby("authority")["reviewed"].agg(["sum", "size"])
    rows = [
        (code, control.review_share(int(reviewed), int(size))) for code, (reviewed, size) in totals.iterrows()
    ]
    return pd.DataFrame(rows, columns=["authority", "reviewed_percent"])


def _agreements(comments: pd.DataFrame, theme_ids: Sequence[str], pooled: bool) -> dict[str, Agreement]:
    """Agreement between the codebook's suggestions and analysts' codes, for each group with reviews."""
    reviewed = _with_wales(comments[comments["reviewed"].astype(bool)], pooled)
    return {
        str(code): agreement(_pairs(group["suggested"], group["themes"]), list(theme_ids))
        for code, group in reviewed.groupby("authority")
    }


def _pairs(suggested: Iterable[object], final: Iterable[object]) -> list[tuple[set[str], set[str]]]:
    return [
        (set(before or ()), set(after or ()))  # type: ignore[call-overload]
        for before, after in zip(suggested, final, strict=True)
    ]

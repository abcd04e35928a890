"""Disclosure control: the one place that decides what may leave the system.

Every table that leaves (page, CSV, XLSX, PDF, command line) is a `ReleasedTable`, and only this
module makes them. The rules, with K = `LLEISIAU_MIN_GROUP` (default 10, never below 5):

- A group (authority x band x indicator, a grid row, a 0-10 question) is shown only with at least K
  respondents; otherwise every figure of it is removed, not just hidden.
- Within a shown group, a count of 1-4 is shown as "c". Where that leaves exactly one hidden cell in
  a row, the next smallest cell is hidden too, so the hidden cell cannot be worked out from the
  total. A share is a two-cell row (positive, not positive): if either is 1-4 the share shows "c".
- Percentages need a base of K; bases and totals that leave are rounded to the nearest 5.
- Figures pooled over several authorities (benchmarks, all-Wales rows) are built only from groups
  that are shown, and only from at least MIN_POOLED_AUTHORITIES of them: so no pooled figure, and no
  difference between two pooled figures, says anything about a group under K, and no benchmark is
  one other council's figure in disguise.
- Breakdowns are fixed (period x band x authority), so two reports cannot be differenced into a
  small group.
- Free text leaves only redacted and only from groups of at least K respondents (quotes: at least K
  who wrote something, and only for a theme whose count is shown): as counts of people
  per theme (the rules above), at most MAX_QUOTES quotes per theme, and word-cloud words that at least
  SMALLEST_SHOWN_COUNT different people used, so that a rare word (a name redaction missed) never does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from .stats import wilson_interval

SMALLEST_ALLOWED_GROUP = 5
SMALLEST_SHOWN_COUNT = 5  # counts of 1-4 show as "c"
MIN_POOLED_AUTHORITIES = 3
MAX_QUOTES = 3  # quotes per theme and group, from comments already redacted
SHOWN = "shown"
TOO_FEW = "too_few"  # the group is under K: nothing about it is shown
SMALL_CELL = "c"  # a count of 1-4 (or the cell hidden to protect one) in a shown group
_RELEASE = object()


class DisclosureError(ValueError):
    """A disclosure rule was asked for that would be unsafe."""


@dataclass(frozen=True)
class ReleasedTable:
    """A table that disclosure control has passed: the only kind of table writers accept."""

    kind: str
    frame: pd.DataFrame
    _token: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._token is not _RELEASE:
            raise DisclosureError("only analysis.disclosure may release a table")


def released(kind: str, frame: pd.DataFrame) -> ReleasedTable:
    """Wrap a frame this module has made safe (used by the functions below and nowhere else)."""
    return ReleasedTable(kind, frame.reset_index(drop=True), _RELEASE)


def small_cells(counts: np.ndarray) -> np.ndarray:
    """Which cells of each row to hide: counts of 1-4, and a second cell wherever only one is hidden.

    `counts` is 2-D (rows x cells). The second cell is the smallest other non-zero one, so that a
    row total cannot give the first one away.
    """
    counts = np.asarray(counts)
    hidden = (counts >= 1) & (counts < SMALLEST_SHOWN_COUNT)
    lonely = hidden.sum(axis=1) == 1
    if lonely.any():
        candidates = np.where(hidden | (counts <= 0), np.inf, counts.astype(float))
        next_smallest = np.argmin(candidates, axis=1)
        rows = np.nonzero(lonely & np.isfinite(candidates.min(axis=1)))[0]
        hidden[rows, next_smallest[rows]] = True
    return hidden


@dataclass(frozen=True)
class ShownCount:
    """A count as staff may see it: `about` (rounded to the nearest 5; 0 for none), or, for a count of
    1 to K-1, only `fewer_than` K, the count itself withheld. See `DisclosureControl.response_totals`."""

    about: int | None = None
    fewer_than: int | None = None


@dataclass(frozen=True)
class DisclosureControl:
    min_group: int = 10

    def __post_init__(self) -> None:
        if self.min_group < SMALLEST_ALLOWED_GROUP:
            raise DisclosureError(
                f"the minimum group size must be at least {SMALLEST_ALLOWED_GROUP}, not {self.min_group}"
            )

    @staticmethod
    def round_count(count: int) -> int:
        """Round a count to the nearest 5 (halves up), as every base and total that leaves is."""
        return int((count + 2) // 5 * 5)

    def rounded(self, counts: pd.Series, shown: pd.Series) -> pd.Series:
        """Counts rounded to the nearest 5 where shown, missing elsewhere."""
        values = ((counts.astype("int64") + 2) // 5 * 5).astype("Int64")
        return values.where(shown, pd.NA)

    def big_enough(self, base: pd.Series) -> pd.Series:
        """Whether each group has at least K respondents."""
        return base >= self.min_group

    def shares(self, table: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
        """Replace a share's exact counts (`{prefix}base`, `{prefix}positive`) by what may be shown.

        Adds `{prefix}percent`, `{prefix}ci_low`, `{prefix}ci_high` (whole percentages, Wilson 95%)
        and `{prefix}status`; the base is rounded to 5; the exact positive count never leaves.
        """
        base, positive = table[f"{prefix}base"].fillna(0), table[f"{prefix}positive"].fillna(0)
        cells = np.column_stack([positive.to_numpy(), (base - positive).to_numpy()])
        group_shown = self.big_enough(base)
        cell_hidden = small_cells(cells).any(axis=1) & group_shown.to_numpy()
        figures_shown = group_shown & ~cell_hidden
        low, high = wilson_interval(positive, base)
        safe = table.drop(columns=[f"{prefix}positive"])
        safe[f"{prefix}percent"] = _whole_percent(positive / base.where(base > 0), figures_shown)
        safe[f"{prefix}ci_low"] = _whole_percent(pd.Series(low, index=table.index), figures_shown)
        safe[f"{prefix}ci_high"] = _whole_percent(pd.Series(high, index=table.index), figures_shown)
        safe[f"{prefix}base"] = self.rounded(base, group_shown)
        safe[f"{prefix}status"] = np.select([~group_shown, cell_hidden], [TOO_FEW, SMALL_CELL], SHOWN)
        return safe

    def distribution(self, counts: pd.DataFrame, group: list[str], cell: str) -> pd.DataFrame:
        """A distribution (one row per group and cell, column `count`) made safe to show.

        Every cell of every group appears (missing ones as 0). Groups under K lose every figure;
        small cells show as "c" with secondary suppression; `total` is the group's base rounded to 5;
        `percent` is each shown cell's whole percentage of the exact base. Counts do not leave.
        """
        if counts.empty:
            empty = counts.drop(columns=["count"])
            return empty.assign(total=pd.Series(dtype="Int64"), percent=pd.Series(dtype="Int64"), status="")
        wide = counts.pivot_table(index=group, columns=cell, values="count", aggfunc="sum", fill_value=0)
        values = wide.to_numpy()
        total = values.sum(axis=1)
        group_shown = total >= self.min_group
        hidden = small_cells(values) & group_shown[:, None]
        status = np.where(~group_shown[:, None], TOO_FEW, np.where(hidden, SMALL_CELL, SHOWN))
        long = cast(pd.Series, wide.stack()).rename("count").reset_index()
        long["status"] = status.ravel()
        long["total"] = np.repeat(total, values.shape[1])
        # The pivot gives every group every cell seen in any group: keep only the cells asked of it.
        long = long.merge(counts[[*group, cell]].drop_duplicates(), on=[*group, cell])
        visible = long["status"] == SHOWN
        long["percent"] = _whole_percent(long["count"] / long["total"].where(long["total"] > 0), visible)
        long["total"] = self.rounded(long["total"], long["status"] != TOO_FEW)
        # Exact cell counts would add up to the exact base: only percentages and the rounded base leave.
        return long.drop(columns=["count"])

    def means(self, table: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
        """Means of 0-10 answers (`{prefix}mean`, `{prefix}base`): one decimal, shown only on a base of K."""
        shown = self.big_enough(table[f"{prefix}base"].fillna(0))
        safe = table.copy()
        safe[f"{prefix}mean"] = table[f"{prefix}mean"].round(1).where(shown)
        safe[f"{prefix}base"] = self.rounded(table[f"{prefix}base"].fillna(0), shown)
        safe[f"{prefix}status"] = np.where(shown, SHOWN, TOO_FEW)
        return safe

    def poolable(self, base: pd.Series) -> pd.Series:
        """Which groups may enter a figure pooled over authorities: those that are themselves shown."""
        return self.big_enough(base.fillna(0))

    def response_totals(self, *counts: int) -> tuple[ShownCount, ...]:
        """Counts of responses that staff watch while a campaign runs (sent, started, codes used,
        comments to review), as they may see them: one `ShownCount` for each count given.

        A count of 1 to K-1 is withheld ("fewer than K"): beside the results page, which shows such a
        group as too few, and beside a code sheet handed to a few named children, an exact small count
        says who answered. Other counts are rounded to the nearest 5, like every base and total that
        leaves, so that a total does not hand over the exact base that the rounded figures protect.
        None (0) is shown as it is: it tells nothing about anyone. The breakdown is never finer than by
        authority; counts by day, band or answer are never offered. A counter watched while it moves
        still shows when it passes a rounding step, which is why nothing here is broken down further.
        """
        if any(count < 0 for count in counts):
            raise DisclosureError("response totals cannot be negative")
        return tuple(
            ShownCount(fewer_than=self.min_group)
            if 0 < count < self.min_group
            else ShownCount(about=self.round_count(count))
            for count in counts
        )

    # Free text ------------------------------------------------------------------------------------
    def comments_shown(self, respondents: pd.Series) -> pd.Series:
        """Which groups' comments may leave at all: those of at least K respondents (answering or not)."""
        return self.big_enough(respondents.fillna(0))

    def people_counts(self, people: pd.Series, base: pd.Series, shown: pd.Series) -> pd.DataFrame:
        """How many people (out of `base` who wrote anything) said something, made safe to show.

        Returns columns `people`, `percent` and `status`, on the index of `people`. Groups not `shown`
        lose every figure; 1-4 people show as "c"; other counts are rounded to 5; the whole percentage
        is of the exact base, and only where that base is at least K. Themes overlap (one comment can
        carry several), so no total can give a hidden count away.
        """
        people = people.fillna(0).astype("int64")
        small = (people >= 1) & (people < SMALLEST_SHOWN_COUNT)
        shown_at = shown.to_numpy(dtype=bool)
        status = pd.Series(
            np.select([~shown_at, small.to_numpy()], [TOO_FEW, SMALL_CELL], SHOWN), index=people.index
        )
        visible = status == SHOWN
        fraction = people / base.where(base > 0)
        return pd.DataFrame(
            {
                "people": self.rounded(people, visible),
                "percent": _whole_percent(fraction, visible & self.big_enough(base.fillna(0))),
                "status": status,
            },
            index=people.index,
        )

    def counted_people(self, people: pd.Series, shown: pd.Series) -> pd.DataFrame:
        """A count of people on its own (e.g. comments sentiment could not score): rounded, or "c"."""
        return self.people_counts(people, pd.Series(0, index=people.index), shown).drop(columns="percent")

    @staticmethod
    def cloud_words(words: pd.DataFrame) -> pd.DataFrame:
        """Words for a word cloud: only those that at least SMALLEST_SHOWN_COUNT different people used.

        `words` has a `people` column (how many different respondents used the word, counting only
        comments from groups that are shown). Kept words get `weight`, their count rounded to 5, so
        that the cloud says no more than the table beside it; the exact count does not leave.
        """
        kept = words[words["people"] >= SMALLEST_SHOWN_COUNT].copy()
        kept["weight"] = ((kept["people"].astype("int64") + 2) // 5 * 5).astype("int64")
        return kept.drop(columns=["people"])

    def quotable(self, writers: pd.Series, theme_people: pd.Series) -> pd.Series:
        """Which (group, theme) pairs may be quoted word for word: at least K people in the group wrote
        something, and the theme's own count of people is shown (not "c"), so a quote never stands for
        one of a handful and the number of quotes says nothing about a hidden count."""
        return (writers.fillna(0) >= self.min_group) & (theme_people.fillna(0) >= SMALLEST_SHOWN_COUNT)

    @staticmethod
    def review_share(reviewed: int, comments: int) -> int:
        """The whole percentage of comments an analyst has reviewed: never the two counts, which beside
        a rounded count of people who wrote would give the exact number away."""
        if not 0 <= reviewed <= comments:
            raise DisclosureError("reviewed comments must be between 0 and the number of comments")
        return round(100 * reviewed / comments) if comments else 0


def _whole_percent(fraction: pd.Series, shown: pd.Series) -> pd.Series:
    # Whole percentages only: a decimal place would let a reader work back to exact counts.
    return (100 * fraction.astype(float)).round(0).astype("Int64").where(shown.to_numpy(), pd.NA)

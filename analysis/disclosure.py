"""Disclosure control: the one place that decides what may leave the system.

Every table that leaves (page, CSV, XLSX, PDF, command line) is a `ReleasedTable`, and only this
module makes them. The rules, with K = `LLEISIAU_MIN_GROUP` (default 10, never below 5):

- A group (authority x band x indicator, a grid row, a 0-10 question) is shown only with at least K
  respondents; otherwise every figure of it is removed, not just hidden.
- Within a shown group, a count of 1-4 is shown as "c". Where that leaves exactly one hidden cell in
  a row, the next smallest cell is hidden too, so the hidden cell cannot be worked out from the
  total. A share is a two-cell row (positive, not positive): if either is 1-4 the share shows "c".
  What is hidden is decided on the true counts.
- Every count that a released figure is made from is perturbed first, by the cell-key method of the
  Office for National Statistics (Census 2021): each response carries a random record key (0-255,
  drawn once when it is started); a count's cell key is the sum of its records' keys modulo 256, and
  PERTURBATION_TABLE gives the count's perturbation for that cell key. The same records always give
  the same perturbation (asking again, or in another download, averages nothing away), and two
  overlapping counts (before and after a campaign, a council and a pool) are perturbed independently,
  so their difference is noisy. Percentages and intervals are computed from the perturbed counts:
  working back from them (audit B1) gives perturbed counts, never true ones.
- Percentages need a base of K; bases and totals that leave are perturbed and rounded to 5.
- Figures pooled over several authorities (benchmarks, all-Wales rows) are built only from groups
  shown in full (at least K and no "c" in them), and only from at least MIN_POOLED_AUTHORITIES of
  them, and are perturbed as counts of their own: so no pooled figure, and no difference between two
  pooled figures, says anything about a hidden cell or a group under K.
- Tables from one question are suppressed together: where a 0-10 question's distribution hides a
  cell for an authority, its mean and the indicator on the same question ("7 or more") show "c" too,
  this period and (for the change since last year) the last.
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
RECORD_KEYS = 256  # record and cell keys run 0-255
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


def _perturbation_table() -> np.ndarray:
    """Row 0: counts of 0-5; row 1: a count of 6; row 2: counts of 7 or more. Column: the cell key.

    Counts of 7 or more move by 0 (128 of the 256 keys, probability 0.5), +1 or -1 (51 keys each,
    about 0.2) or +2 or -2 (13 keys each, about 0.05): unbiased, variance 0.8. A count of 6 moves by
    at most 1 and a count of 5 not at all, so that no shown count is perturbed into the 1-4 that
    shows as "c" (and counts of 1-4 are never shown). Zero stays zero, as in the ONS table.
    """
    table = np.zeros((3, RECORD_KEYS), dtype=np.int64)
    table[1, 154:205], table[1, 205:] = 1, -1
    table[2, 128:179], table[2, 179:230], table[2, 230:243], table[2, 243:] = 1, -1, 2, -2
    table.setflags(write=False)
    return table


PERTURBATION_TABLE = _perturbation_table()


def perturbed(counts: np.ndarray | pd.Series, keys: np.ndarray | pd.Series) -> np.ndarray:
    """Each count plus its perturbation, looked up from its cell key (the sum of its records' keys)."""
    counts = np.asarray(counts, dtype=np.int64)
    cell_keys = np.mod(np.asarray(keys, dtype=np.int64), RECORD_KEYS)
    row = np.select([counts >= 7, counts == 6], [2, 1], 0)
    return counts + PERTURBATION_TABLE[row, cell_keys]


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

    def share_shown(self, base: pd.Series, positive: pd.Series) -> pd.Series:
        """Whether a share is shown in full: a group of K or more with neither cell 1-4."""
        base, positive = base.fillna(0), positive.fillna(0)
        cells = np.column_stack([positive.to_numpy(), (base - positive).to_numpy()])
        hidden = np.asarray(small_cells(cells).any(axis=1), dtype=bool)
        return self.big_enough(base) & pd.Series(~hidden, index=base.index, dtype=bool)

    def protect_shares(self, table: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
        """Decide what a share may show from its true counts, then perturb the counts.

        `table` has `{prefix}base`, `{prefix}positive` and their key sums `{prefix}base_key`,
        `{prefix}positive_key`. Returns the same rows with `{prefix}status` (from the true counts) and
        the two counts perturbed; the key sums are gone. Nothing here may leave yet: `shares` makes it
        safe to show (significance tests run on the perturbed counts in between).
        """
        base, positive = table[f"{prefix}base"].fillna(0), table[f"{prefix}positive"].fillna(0)
        group_shown = self.big_enough(base)
        cell_hidden = ~self.share_shown(base, positive) & group_shown
        safe = table.drop(columns=[f"{prefix}base_key", f"{prefix}positive_key"])
        safe[f"{prefix}status"] = np.select([~group_shown, cell_hidden], [TOO_FEW, SMALL_CELL], SHOWN)
        known = table[f"{prefix}base"].notna().to_numpy()
        # The two cells (positive, not positive) are perturbed each by its own cell key, and the base is
        # their sum: a share of 0% or 100% stays so, and no perturbed count exceeds its base.
        positive_key = table[f"{prefix}positive_key"].fillna(0)
        new_positive = perturbed(positive, positive_key)
        split = new_positive + perturbed(base - positive, table[f"{prefix}base_key"].fillna(0) - positive_key)
        # A share not shown in full keeps only its base, perturbed whole: a base made of its two
        # cells would move with the hidden split between them.
        whole = perturbed(base, table[f"{prefix}base_key"].fillna(0))
        new_base = np.where(cell_hidden.to_numpy(), whole, split)
        safe[f"{prefix}base"] = pd.Series(np.where(known, new_base, np.nan), index=table.index)
        safe[f"{prefix}positive"] = pd.Series(np.where(known, new_positive, np.nan), index=table.index)
        return safe

    def hide_linked(self, table: pd.DataFrame, hidden: pd.Series, prefix: str = "") -> pd.DataFrame:
        """Show as "c" the shares (of a protected table) whose question hides a cell in another table."""
        safe = table.copy()
        column = f"{prefix}status"
        safe[column] = np.where(
            hidden.to_numpy() & (safe[column] == SHOWN).to_numpy(), SMALL_CELL, safe[column]
        )
        return safe

    def shares(self, table: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
        """Replace a protected share's counts (`protect_shares`) by what may be shown.

        Adds `{prefix}percent`, `{prefix}ci_low`, `{prefix}ci_high` (whole percentages, Wilson 95%,
        from the perturbed counts); the perturbed base is rounded to 5; no count of positive answers
        leaves.
        """
        base, positive = table[f"{prefix}base"].fillna(0), table[f"{prefix}positive"].fillna(0)
        positive = positive.clip(upper=base)  # only where not shown: a hidden share's base is perturbed whole
        status = table[f"{prefix}status"]
        figures_shown = status == SHOWN
        low, high = wilson_interval(positive, base)
        safe = table.drop(columns=[f"{prefix}positive"])
        safe[f"{prefix}percent"] = _whole_percent(positive / base.where(base > 0), figures_shown)
        safe[f"{prefix}ci_low"] = _whole_percent(pd.Series(low, index=table.index), figures_shown)
        safe[f"{prefix}ci_high"] = _whole_percent(pd.Series(high, index=table.index), figures_shown)
        safe[f"{prefix}base"] = self.rounded(base, status != TOO_FEW)
        return safe

    def distribution_status(self, counts: pd.DataFrame, group: list[str], cell: str) -> pd.DataFrame:
        """What each cell of a distribution may show, from the true counts: adds `status`.

        `counts` has one row per group and cell with `count`. Groups under K are TOO_FEW; small cells
        and their secondary cells SMALL_CELL. Rows stay in their order.
        """
        if counts.empty:
            return counts.assign(status=pd.Series(dtype=object))
        wide = counts.pivot_table(index=group, columns=cell, values="count", aggfunc="sum", fill_value=0)
        values = wide.to_numpy()
        group_shown = values.sum(axis=1) >= self.min_group
        hidden = small_cells(values) & group_shown[:, None]
        status = np.where(~group_shown[:, None], TOO_FEW, np.where(hidden, SMALL_CELL, SHOWN))
        statuses = cast(pd.Series, pd.DataFrame(status, index=wide.index, columns=wide.columns).stack())
        statuses = statuses.rename("status")
        return counts.join(statuses, on=[*group, cell])

    def shown_in_full(self, counts: pd.DataFrame, group: list[str], cell: str) -> pd.Series:
        """For each row, whether its whole group is shown with no hidden cell (so it may be pooled)."""
        if counts.empty:
            return pd.Series(dtype=bool)
        status = self.distribution_status(counts, group, cell)["status"]
        whole = (status == SHOWN).groupby([counts[column] for column in group], sort=False).transform("all")
        return whole.astype(bool)

    def distribution(self, counts: pd.DataFrame, group: list[str], cell: str) -> pd.DataFrame:
        """A distribution (one row per group and cell, columns `count` and `key`) made safe to show.

        `key` is the sum of the record keys of the people in the cell. Every cell of every group
        appears (missing ones as 0). Groups under K lose every figure; small cells show as "c" with
        secondary suppression (both decided on the true counts); each cell is perturbed by its cell
        key; `total` is the sum of the perturbed cells, rounded to 5; `percent` is each shown cell's
        perturbed count as a whole percentage of that total. Counts do not leave.
        """
        if counts.empty:
            empty = counts.drop(columns=["count", "key"], errors="ignore")
            return empty.assign(total=pd.Series(dtype="Int64"), percent=pd.Series(dtype="Int64"), status="")
        if "key" not in counts:
            raise DisclosureError("a distribution needs the key sum of each cell")
        wide = counts.pivot_table(
            index=group, columns=cell, values=["count", "key"], aggfunc="sum", fill_value=0
        )
        values, keys = wide["count"].to_numpy(), wide["key"].to_numpy()
        cells = perturbed(values, keys)
        group_shown = values.sum(axis=1) >= self.min_group
        hidden = small_cells(values) & group_shown[:, None]
        # The perturbed cells' own total, so that percentages add up; where a cell is hidden, the
        # group's base perturbed whole, which does not move with how the hidden cells are split.
        whole = perturbed(values.sum(axis=1), keys.sum(axis=1))
        total = np.where(hidden.any(axis=1), whole, cells.sum(axis=1))
        status = np.where(~group_shown[:, None], TOO_FEW, np.where(hidden, SMALL_CELL, SHOWN))
        # One row per group and cell, in the order of the arrays (rows, then cells).
        long = cast(pd.Series, wide["count"].stack()).rename("count").reset_index()
        long["count"] = cells.ravel()
        long["status"] = status.ravel()
        long["total"] = np.repeat(total, len(wide["count"].columns))
        # The pivot gives every group every cell seen in any group: keep only the cells asked of it.
        long = long.merge(counts[[*group, cell]].drop_duplicates(), on=[*group, cell])
        visible = long["status"] == SHOWN
        long["percent"] = _whole_percent(long["count"] / long["total"].where(long["total"] > 0), visible)
        long["total"] = self.rounded(long["total"], long["status"] != TOO_FEW)
        # Cell counts would add up to the base: only percentages and the rounded base leave.
        return long.drop(columns=["count"])

    def means(self, table: pd.DataFrame, prefix: str = "", hidden: pd.Series | None = None) -> pd.DataFrame:
        """Means of 0-10 answers (`{prefix}mean`, `{prefix}base`, `{prefix}base_key`) made safe to show.

        One decimal, shown only on a base of K, and as "c" where `hidden` says the question's
        distribution hides a cell (so the mean cannot help work the cell out). The base that leaves is
        perturbed (the same as the distribution's) and rounded to 5.
        """
        base = table[f"{prefix}base"].fillna(0)
        big_enough = self.big_enough(base)
        linked = hidden.to_numpy(dtype=bool) if hidden is not None else np.zeros(len(table), dtype=bool)
        shown = big_enough & ~linked
        safe = table.drop(columns=[f"{prefix}base_key"])
        safe[f"{prefix}mean"] = table[f"{prefix}mean"].round(1).where(shown)
        base_out = pd.Series(perturbed(base, table[f"{prefix}base_key"].fillna(0)), index=table.index)
        safe[f"{prefix}base"] = self.rounded(base_out, big_enough)
        safe[f"{prefix}status"] = np.select([~big_enough, linked], [TOO_FEW, SMALL_CELL], SHOWN)
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

    def people_counts(
        self,
        people: pd.Series,
        base: pd.Series,
        shown: pd.Series,
        people_key: pd.Series | None = None,
        base_key: pd.Series | None = None,
    ) -> pd.DataFrame:
        """How many people (out of `base` who wrote anything) said something, made safe to show.

        Returns columns `people`, `percent` and `status`, on the index of `people`. Groups not `shown`
        lose every figure; 1-4 people show as "c" (decided on the true counts); both counts are
        perturbed by their key sums (`people_key`, `base_key`: zero where not given) like every other
        count; the people count leaves rounded to 5, and the whole percentage is of the perturbed
        base, only where the base is at least K. Themes overlap (one comment can carry several), so
        no total can give a hidden count away.
        """
        people = people.fillna(0).astype("int64")
        base = base.fillna(0).astype("int64")
        small = (people >= 1) & (people < SMALLEST_SHOWN_COUNT)
        shown_at = shown.to_numpy(dtype=bool)
        status = pd.Series(
            np.select([~shown_at, small.to_numpy()], [TOO_FEW, SMALL_CELL], SHOWN), index=people.index
        )
        visible = status == SHOWN
        zero = pd.Series(0, index=people.index)
        seen = pd.Series(
            perturbed(people, (people_key if people_key is not None else zero).fillna(0)), index=people.index
        )
        seen_base = pd.Series(
            perturbed(base, (base_key if base_key is not None else zero).fillna(0)), index=people.index
        )
        fraction = seen.clip(upper=seen_base) / seen_base.where(seen_base > 0)
        return pd.DataFrame(
            {
                "people": self.rounded(seen, visible),
                "percent": _whole_percent(fraction, visible & self.big_enough(base)),
                "status": status,
            },
            index=people.index,
        )

    def counted_people(
        self, people: pd.Series, shown: pd.Series, key: pd.Series | None = None
    ) -> pd.DataFrame:
        """A count of people on its own (e.g. those sentiment could not score): perturbed, rounded or "c"."""
        return self.people_counts(people, pd.Series(0, index=people.index), shown, key).drop(
            columns="percent"
        )

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

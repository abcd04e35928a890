"""Disclosure control: the one place that decides what may leave the system.

A group is shown only when at least K respondents are in it (K defaults to 10 and is never
below 5); otherwise its figures are removed, not just hidden. Counts that leave in downloads
are rounded to the nearest 5.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SMALLEST_ALLOWED_GROUP = 5
SHOWN = "shown"
TOO_FEW = "too_few"


class DisclosureError(ValueError):
    """A disclosure rule was asked for that would be unsafe."""


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
        """Round a count to the nearest 5 (halves up), as every count in a download is."""
        return int((count + 2) // 5 * 5)

    def shares(self, table: pd.DataFrame, group_size: str = "respondents") -> pd.DataFrame:
        """Apply the rules to a table of shares.

        `table` has a group-size column (`respondents`, the base of each share), `positive` and
        `percent`. Rows whose base is under K lose every figure and get status `too_few`; shown rows
        keep their percentage, their base rounded to the nearest 5, and drop the exact positive count.
        """
        safe = table.copy()
        enough = safe[group_size] >= self.min_group
        safe[group_size] = safe[group_size].map(self.round_count).astype("Int64")
        safe["status"] = SHOWN
        return self.withhold(safe.drop(columns=["positive"]), ~enough, group_size)

    @staticmethod
    def withhold(table: pd.DataFrame, rows: pd.Series, group_size: str = "respondents") -> pd.DataFrame:
        """Remove the figures of the given rows and mark them `too_few`."""
        safe = table.copy()
        safe.loc[rows, "percent"] = float("nan")
        safe.loc[rows, group_size] = pd.NA
        safe.loc[rows, "status"] = TOO_FEW
        return safe

    @staticmethod
    def response_totals(complete: int, in_progress: int) -> tuple[int, int]:
        """Totals that the people running a campaign watch while it is open.

        They are shown exactly, on the campaign's own pages only: they hold no answers, and the only
        breakdown ever offered is by authority (the coordinator's view of a campaign across Wales).
        Counts by day, band or any answer are never offered, since with small numbers they would
        let someone who handed out the codes tell who had answered.
        """
        if complete < 0 or in_progress < 0:
            raise DisclosureError("response totals cannot be negative")
        return complete, in_progress

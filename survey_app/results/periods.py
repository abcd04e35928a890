"""Results periods and bands: the fixed breakdown every result belongs to.

A period is a Welsh local-government year, 1 April to 31 March, named like "2026-27"; a campaign
belongs to the period in which it closes. A band is who answered: the audience and, for children
and young people, the age band ("child-8-10", "care_leaver-16-25", "foster_carer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def period_of(day: date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period; ValueError if it is not a period name."""
    match = PERIOD_PATTERN.match(period)
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"not a results period: {period!r}")
    start = int(match[1])
    return date(start, 4, 1), date(start + 1, 3, 31)


def previous_period(period: str) -> str:
    start, _ = period_bounds(period)
    return period_of(date(start.year - 1, 4, 1))


@dataclass(frozen=True)
class Band:
    audience: str
    age_band: str | None

    @property
    def key(self) -> str:
        return f"{self.audience}-{self.age_band}" if self.age_band else self.audience

    @classmethod
    def from_key(cls, key: str) -> Band:
        audience, _, age_band = key.partition("-")
        if not re.fullmatch(r"[a-z_]+", audience) or (age_band and not re.fullmatch(r"\d+-\d+", age_band)):
            raise ValueError(f"not a results band: {key!r}")
        return cls(audience, age_band or None)

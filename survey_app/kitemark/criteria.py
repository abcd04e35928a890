"""The kite mark's criteria, read once from questionnaires/kitemark.yaml."""

from __future__ import annotations

from functools import cache

from analysis.kitemark import Kitemark, load_kitemark

from ..config import PROJECT_ROOT
from ..results.periods import Band

KITEMARK_FILE = PROJECT_ROOT / "questionnaires" / "kitemark.yaml"


@cache
def kitemark() -> Kitemark:
    return load_kitemark(KITEMARK_FILE)


def survey_bands() -> list[Band]:
    """The survey bands the criteria draw on."""
    return [Band.from_key(key) for key in kitemark().bands]

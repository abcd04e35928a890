"""The kite mark's criteria, read once from questionnaires/kitemark.yaml."""

from __future__ import annotations

from functools import cache

from analysis.kitemark import Kitemark, load_kitemark

from ..paths import QUESTIONNAIRE_DIR
from ..results.periods import Band

KITEMARK_FILE = QUESTIONNAIRE_DIR / "kitemark.yaml"


@cache
def kitemark() -> Kitemark:
    return load_kitemark(KITEMARK_FILE)


def survey_bands() -> list[Band]:
    """The survey bands the criteria draw on."""
    return [Band.from_key(key) for key in kitemark().bands]

"""Names for results pages and downloads in the reader's language: domains, verdicts, bands, statuses."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from analysis.distributions import ANXIETY_BANDS, RATING_BANDS
from analysis.results import BRIGHT_SPOT, DOWN, NO_CLEAR_CHANGE, SIMILAR, TO_IMPROVE, UP

from .periods import Band

DOMAIN_NAMES: dict[str, LazyString] = {
    "relationships": _l("Relationships"),
    "rights": _l("Rights"),
    "resilience": _l("Resilience"),
    "recovery": _l("Recovery"),
    "well_being": _l("Well-being"),
    "support": _l("Support"),
    "training": _l("Training"),
    "involvement": _l("Involvement"),
}

VERDICT_NAMES: dict[str, LazyString] = {
    BRIGHT_SPOT: _l("Bright spot"),
    TO_IMPROVE: _l("Area for improvement"),
    SIMILAR: _l("No clear difference"),
    "": _l("Not compared"),
}

CHANGE_NAMES: dict[str, LazyString] = {
    UP: _l("Up"),
    DOWN: _l("Down"),
    NO_CLEAR_CHANGE: _l("No clear change"),
    "": _l("Not compared"),
}

SCALE_BAND_NAMES: dict[str, LazyString] = {
    "low": _l("Low (0-4)"),
    "medium": _l("Medium (5-6)"),
    "high": _l("High (7-8)"),
    "very_high": _l("Very high (9-10)"),
}
ANXIETY_BAND_NAMES: dict[str, LazyString] = {
    "very_low": _l("Very low (0-1)"),
    "low": _l("Low (2-3)"),
    "medium": _l("Medium (4-5)"),
    "high": _l("High (6-10)"),
}
assert [name for *_, name in RATING_BANDS] == list(SCALE_BAND_NAMES)
assert [name for *_, name in ANXIETY_BANDS] == list(ANXIETY_BAND_NAMES)

AGE_BAND_NAMES: dict[str, LazyString] = {
    "child-4-7": _l("Children aged 4-7"),
    "child-8-10": _l("Children aged 8-10"),
    "child-11-18": _l("Young people aged 11-18"),
    "care_leaver-16-25": _l("Care leavers aged 16-25"),
    "foster_carer": _l("Foster carers"),
    "staff": _l("Social care staff"),
    "authority": _l("The authority (self-audit)"),
}


def band_name(band: Band) -> str:
    known = AGE_BAND_NAMES.get(band.key)
    return str(known) if known is not None else band.key

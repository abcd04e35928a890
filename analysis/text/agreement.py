"""Agreement between the themes the codebook suggested and the themes an analyst settled on.

For each theme, the suggestion is read as a prediction and the analyst's correction as the truth:
precision (share of suggestions the analyst kept), recall (share of the analyst's codes that were
suggested) and Cohen's kappa (agreement beyond chance over all comments). Micro figures pool every
(comment, theme) decision. A figure with nothing to divide by is None, never a made-up 0 or 1.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple


class ThemeAgreement(NamedTuple):
    precision: float | None
    recall: float | None
    kappa: float | None


@dataclass(frozen=True)
class Agreement:
    comments: int
    exact: float | None  # share of comments whose suggested and corrected themes are identical
    per_theme: dict[str, ThemeAgreement]
    micro_precision: float | None
    micro_recall: float | None
    micro_f1: float | None
    mean_kappa: float | None  # Cohen's kappa averaged over the themes where it is defined


def _ratio(top: int, bottom: int) -> float | None:
    return top / bottom if bottom else None


def _kappa(both: int, only_suggested: int, only_corrected: int, neither: int) -> float | None:
    total = both + only_suggested + only_corrected + neither
    if not total:
        return None
    observed = (both + neither) / total
    suggested_yes = (both + only_suggested) / total
    corrected_yes = (both + only_corrected) / total
    chance = suggested_yes * corrected_yes + (1 - suggested_yes) * (1 - corrected_yes)
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def agreement(
    pairs: Iterable[tuple[Collection[str], Collection[str]]], theme_ids: Sequence[str]
) -> Agreement:
    """Agreement over ``pairs`` of (suggested, corrected) theme sets, for the themes ``theme_ids``."""
    counts = {theme: [0, 0, 0, 0] for theme in theme_ids}  # both, only suggested, only corrected, neither
    comments = identical = 0
    for suggested, corrected in pairs:
        suggested_set, corrected_set = set(suggested), set(corrected)
        comments += 1
        identical += suggested_set & set(theme_ids) == corrected_set & set(theme_ids)
        for theme, cells in counts.items():
            if theme in suggested_set and theme in corrected_set:
                cells[0] += 1
            elif theme in suggested_set:
                cells[1] += 1
            elif theme in corrected_set:
                cells[2] += 1
            else:
                cells[3] += 1
    per_theme = {
        theme: ThemeAgreement(
            _ratio(both, both + only_suggested), _ratio(both, both + only_corrected), _kappa(*cells)
        )
        for theme, cells in counts.items()
        for both, only_suggested, only_corrected, _ in [cells]
    }
    both = sum(cells[0] for cells in counts.values())
    suggested_total = both + sum(cells[1] for cells in counts.values())
    corrected_total = both + sum(cells[2] for cells in counts.values())
    precision, recall = _ratio(both, suggested_total), _ratio(both, corrected_total)
    f1 = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    kappas = [value.kappa for value in per_theme.values() if value.kappa is not None]
    return Agreement(
        comments,
        _ratio(identical, comments),
        per_theme,
        precision,
        recall,
        f1,
        sum(kappas) / len(kappas) if kappas else None,
    )

"""The two statistics the results rest on: Wilson intervals and the two-proportion z-test."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

Numbers = npt.ArrayLike
SIGNIFICANCE = 0.05


def wilson_interval(positive: Numbers, base: Numbers) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score 95% interval of each share, as fractions (NaN where the base is 0).

    Wilson rather than the textbook normal interval: it stays inside 0-100% and is honest for the
    small bases (10 to 50) that most authorities have.
    """
    positive = np.asarray(positive, dtype=float)
    base = np.asarray(base, dtype=float)
    safe_base = np.where(base > 0, base, 1.0)
    low, high = proportion_confint(positive, safe_base, alpha=SIGNIFICANCE, method="wilson")
    empty = base <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def two_proportion_p(
    positive_a: Numbers, base_a: Numbers, positive_b: Numbers, base_b: Numbers
) -> np.ndarray:
    """Two-sided p-value of the pooled two-proportion z-test, element by element.

    The same test as statsmodels' `proportions_ztest` on two samples (tests compare the two), written
    over whole arrays because a full set of reports runs it tens of thousands of times. NaN where
    either base is 0; 1.0 where both groups are all positive or all negative (nothing to tell apart).
    """
    x1, n1 = np.asarray(positive_a, dtype=float), np.asarray(base_a, dtype=float)
    x2, n2 = np.asarray(positive_b, dtype=float), np.asarray(base_b, dtype=float)
    valid = (n1 > 0) & (n2 > 0)
    n1s, n2s = np.where(valid, n1, 1.0), np.where(valid, n2, 1.0)
    x1s, x2s = np.where(valid, x1, 0.0), np.where(valid, x2, 0.0)
    pooled = (x1s + x2s) / (n1s + n2s)
    spread = np.sqrt(np.clip(pooled * (1 - pooled), 0.0, None) * (1 / n1s + 1 / n2s))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(spread > 0, (x1s / n1s - x2s / n2s) / np.where(spread > 0, spread, 1.0), 0.0)
    p = 2 * norm.sf(np.abs(z))
    return np.where(valid, p, np.nan)

"""Textbook reference computations the reliability and trend figures are checked against.

Each is the formula as a methods text writes it, computed directly with pandas or numpy, so a
test compares our counting shortcuts with an independent route to the same number.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd


def cronbach_alpha(frame: pd.DataFrame) -> float:
    """α = k/(k−1) · (1 − Σ var(item) / var(total)), sample variances, listwise complete rows."""
    complete = frame.dropna(how="any")
    k = complete.shape[1]
    item_variances = complete.var(axis=0, ddof=1).sum()
    total_variance = complete.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - item_variances / total_variance))


def icc1_and_icc1k(scores: npt.NDArray[np.float64]) -> tuple[float, float]:
    """ICC(1) and ICC(1,k) of a balanced one-way layout (rows: targets, columns: raters), from
    the one-way ANOVA mean squares between and within the targets."""
    targets, raters = scores.shape
    row_means = scores.mean(axis=1)
    between = raters * float(((row_means - scores.mean()) ** 2).sum()) / (targets - 1)
    within = float(((scores - row_means[:, np.newaxis]) ** 2).sum()) / (targets * (raters - 1))
    icc1 = (between - within) / (between + (raters - 1) * within)
    return icc1, (between - within) / between

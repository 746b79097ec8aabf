"""The bands a partnership's health falls in, by the overall mean (1-5) of its last closed
check: the rows of the portfolio view's importance × health matrix and the dashboard's health
distribution use the same bands, so the two always agree.

A mean is banded as it is shown (`stats.shown`): a partnership shown with 2.5 is never listed
below 2.5. A check closed with fewer than 3 respondents has no mean, so it has no band of its
own: the partnership waits with those that have no check yet.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from django.utils.translation import gettext as _

from partnerscan.scoring import stats

Band = Literal["low", "middle", "high", "none"]
BANDS: tuple[Band, ...] = ("low", "middle", "high", "none")
MEASURED: tuple[Band, ...] = ("low", "middle", "high")

# The agreement scale's midpoint is 3; a band one point wide around it reads as "neither".
LOW_BELOW = Fraction(5, 2)
HIGH_FROM = Fraction(7, 2)


def band_of(mean: float | None) -> Band:
    shown = stats.shown(mean)
    if shown is None:
        return "none"
    return "low" if shown < LOW_BELOW else "high" if shown >= HIGH_FROM else "middle"


def band_labels() -> dict[Band, str]:
    """In the active language; the figures written out, so no colour is needed to read them."""
    return {
        "low": _("below 2.5"),
        "middle": _("2.5 to 3.5"),
        "high": _("3.5 and up"),
        "none": _("no result yet"),
    }

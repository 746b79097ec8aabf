"""The error of a response matrix whose current answers are not a 2-D array names the shape."""

from __future__ import annotations

import re

import numpy as np
import pytest

from partnerscan.scoring import ResponseMatrix
from partnerscan.scoring.matrix import Labels


def test_a_one_dimensional_current_is_refused_with_any_number_of_respondents() -> None:
    # The number of respondents is unknown without rows, so the message shows -1 for it.
    codes = np.zeros((4, 2), dtype=np.int8)
    labels = Labels.missing(4)
    message = "current must be an int8 array of shape (-1, 2)"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        ResponseMatrix(("goals", "themes"), codes[:, 0].copy(), codes, labels, labels, labels)

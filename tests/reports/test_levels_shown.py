"""A shown mean never contradicts its level (docs/method.md): a reader who rounds the mean they
see half up gets the level beside it, on the pages, in the PDF (the same filters) and in the
terminal report."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from partnerscan.capability.loader import load_file
from partnerscan.reports.templatetags.reports import num
from partnerscan.scoring import ResponseMatrix, score, stats
from partnerscan.scoring.records import AspectAnswer, RespondentRecord, Value
from partnerscan.scoring.text_report import render_text

MINI = load_file(Path(__file__).resolve().parents[1] / "fixtures" / "mini-1.0.yaml")
ASPECTS = [a.id for a in MINI.aspects]
value = st.sampled_from([1, 2, 3, 4, 5, "dk", None])
rows_st = st.lists(
    st.lists(st.tuples(value, value), min_size=5, max_size=5), min_size=3, max_size=40
)


def reader_level(shown: str) -> int:
    """What a board member does: read the shown mean and round it half up."""
    number = Decimal(shown.replace(",", "."))
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def records(rows: list[list[tuple[Value, Value]]]) -> list[RespondentRecord]:
    return [
        RespondentRecord(
            str(i),
            None,
            None,
            None,
            {a: AspectAnswer(*p) for a, p in zip(ASPECTS, row, strict=True)},
        )
        for i, row in enumerate(rows)
    ]


@settings(max_examples=80, deadline=None)
@given(rows=rows_st)
# Strategy 2.45 (11 respondents at 2, 9 at 3) has level 2, so it is shown as 2,45, not 2,5.
@example(rows=[[(2, 3)] * 5] * 11 + [[(3, 3)] * 5] * 9)
# Strategy scores 7/3 three times and 3 twice: 2.6 through thirds.
@example(rows=[[(2, 2), (2, 2), (3, 3), (2, 2), (3, 3)]] * 3 + [[(3, 3)] * 5] * 2)
def test_every_shown_mean_rounds_to_the_level_beside_it(
    rows: list[list[tuple[Value, Value]]],
) -> None:
    results = score(MINI, ResponseMatrix.from_records(MINI, records(rows)), min_group=3)
    means = {a.id: a.current.mean for a in results.aspects}
    with translation.override("nl"):
        shown = [
            (num(c.current.mean), c.level) for c in results.conditions if c.current.mean is not None
        ]
        if results.overall.current.mean is not None:
            shown.append((num(results.overall.current.mean), results.overall.level))
        shown += [(num(means[lead.aspect]), lead.level) for lead in results.leads]
        # A display that computes the level itself (ambition, plans) uses the same rule.
        shown += [
            (num(c.ambition.mean), stats.level_of(c.ambition.mean))
            for c in results.conditions
            if c.ambition.mean is not None
        ]
    assert [reader_level(text) for text, _ in shown] == [level for _, level in shown]
    text = render_text(MINI, results)
    for mean_text, level in re.findall(r"(\d,\d+) → \S+ +(\d) ", text):
        assert reader_level(mean_text) == int(level)


@settings(max_examples=300, deadline=None)
@given(numerator=st.integers(20, 5000), denominator=st.integers(2, 2000))
def test_a_shown_mean_gets_the_level_of_the_exact_mean(numerator: int, denominator: int) -> None:
    mean = Fraction(numerator, denominator)
    if mean > 5:
        return
    with translation.override("nl"):
        shown = num(float(mean))
    assert (stats.level_of(mean), stats.level_of(float(mean))) == (reader_level(shown),) * 2
    # and the shown number is the exact mean at one decimal half up (not float noise), or, where
    # that would round to another level, the exact mean cut off at two decimals
    one = Fraction(math.floor(mean * 10 + Fraction(1, 2)), 10)
    if math.floor(one + Fraction(1, 2)) != math.floor(mean + Fraction(1, 2)):
        one = Fraction(math.floor(mean * 100), 100)
    assert Decimal(shown.replace(",", ".")) == Decimal(one.numerator) / Decimal(one.denominator)

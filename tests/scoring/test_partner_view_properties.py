"""Properties of the partner view on random partners (hypothesis): every shown partner figure
rests on at least k partners who answered it, no difference of shown figures singles out fewer
than k, and neither the order of partners nor padding with answerless ones changes anything."""

from __future__ import annotations

import statistics
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from partnerscan.capability.loader import load_file
from partnerscan.scoring.partner_view import PartnerRecord, PartnerView
from partnerscan.scoring.records import DK

from .helpers import FIXTURE
from .partner_support import PARTNER_ASPECTS, partner, view, with_partner_view
from .test_partner_view import OWN

MODEL = with_partner_view(load_file(FIXTURE))
CONDITIONS = {"strategy": ("goals", "themes"), "culture": ("leadership", "learning")}
answers = st.sampled_from([1, 2, 3, 4, 5, DK, None])
one_partner = st.builds(
    lambda organisation, kind, values: partner("x", organisation, kind, values),
    st.sampled_from(["Alpha", "Beta", "Gamma", "Delta", None]),
    st.sampled_from(["public", "private", None]),
    st.lists(answers, min_size=len(PARTNER_ASPECTS), max_size=len(PARTNER_ASPECTS)),
)
crowd = st.lists(one_partner, min_size=5, max_size=45)
ks = st.sampled_from([3, 4, 5])


def counting(partners: list[PartnerRecord]) -> list[PartnerRecord]:
    return [p for p in partners if any(isinstance(v, int) for v in p.answers.values())]


def value(p: PartnerRecord, figure: str) -> Fraction | None:
    """A partner's answer on an aspect, or their score on a condition (60% of its aspects)."""
    if figure in CONDITIONS:
        values = [v for a in CONDITIONS[figure] if isinstance(v := p.answers.get(a), int)]
        return Fraction(sum(values), len(values)) if len(values) * 5 >= 3 * 2 else None
    answer = p.answers.get(figure)
    return Fraction(answer) if isinstance(answer, int) else None


def label(p: PartnerRecord, breakdown: str) -> str | None:
    name = p.organisation if breakdown == "by_organisation" else p.kind
    return (name.strip() or None) if name is not None else None


def scored(partners: list[PartnerRecord], k: int) -> PartnerView:
    assume(len(counting(partners)) >= k)
    return view(MODEL, OWN, partners, min_group=k)[0]


@settings(max_examples=150, deadline=None)
@given(crowd, ks)
def test_no_shown_figure_rests_on_fewer_than_k_partners(
    partners: list[PartnerRecord], k: int
) -> None:
    result = scored(partners, k)
    people = counting(partners)
    totals = {a.id: a.partners for a in result.aspects} | {
        c.id: c.partners for c in result.conditions
    }
    for figure, total in totals.items():
        answered = [p for p in people if value(p, figure) is not None]
        assert total.n == len(answered)
        assert (total.mean is not None) == (len(answered) >= k)
        for breakdown in ("by_organisation", "by_kind"):
            shown = _shown(getattr(result, breakdown), figure, k)
            assert all(n >= k for _, _, n, _ in shown)
            if not shown:
                continue
            assert len(shown) >= 2  # one group would just repeat the total
            # The total minus the shown groups: nothing, or at least k partners.
            rest = len(answered) - sum(n for _, _, n, _ in shown)
            assert rest == 0 or rest >= k
            for name, kind, n, mean in shown:
                if kind != "other":  # a real group is exactly its own partners' answers
                    own = [
                        v
                        for p in answered
                        if label(p, breakdown) == name and (v := value(p, figure)) is not None
                    ]
                    assert n == len(own)
                    assert mean == pytest.approx(statistics.fmean(own))


def _shown(breakdown: Any, figure: str, k: int) -> list[tuple[str | None, str, int, float | None]]:
    """(group, kind, n, mean) of each group shown for one figure."""
    shown = []
    for group in breakdown.groups:
        assert group.n >= k
        for item in (*group.aspects, *group.conditions):
            if item.id == figure and item.n:
                shown.append((group.group, group.kind, item.n, item.mean))
    return shown


@settings(max_examples=60, deadline=None)
@given(crowd, ks, st.randoms(use_true_random=False))
def test_permuting_partners_changes_nothing(
    partners: list[PartnerRecord], k: int, random: Any
) -> None:
    shuffled = list(partners)
    random.shuffle(shuffled)
    assert scored(shuffled, k).to_dict() == scored(partners, k).to_dict()


@settings(max_examples=60, deadline=None)
@given(crowd, ks, st.lists(st.tuples(one_partner, st.sampled_from([DK, None])), max_size=6))
def test_padding_with_answerless_partners_changes_no_figure(
    partners: list[PartnerRecord], k: int, pads: list[tuple[PartnerRecord, Any]]
) -> None:
    padding = [
        partner("pad", p.organisation, p.kind, [blank] * len(PARTNER_ASPECTS)) for p, blank in pads
    ]
    assert scored(partners + padding, k).to_dict() == scored(partners, k).to_dict()


def _bucket(p: PartnerRecord, breakdown: str, shown: list[Any]) -> tuple[str, str | None]:
    """The group a partner's answer to one figure is counted in: its own, or "other"."""
    name = label(p, breakdown)
    for group, kind, _n, _mean in shown:
        if kind != "other" and group == name:
            return (kind, group)
    return ("other", None)


@settings(max_examples=150, deadline=None)
@given(crowd, ks)
def test_the_two_breakdowns_together_single_out_no_fewer_than_k(
    partners: list[PartnerRecord], k: int
) -> None:
    """By organisation and by kind describe the same partners: every cell of the two (a
    partner's bucket in one × in the other) holds none or at least k of a figure's partners,
    so no sum or difference of shown figures isolates fewer than k."""
    result = scored(partners, k)
    people = counting(partners)
    for figure in [*PARTNER_ASPECTS, *CONDITIONS]:
        answered = [p for p in people if value(p, figure) is not None]
        by_org = _shown(result.by_organisation, figure, k)
        by_kind = _shown(result.by_kind, figure, k)
        if not by_org or not by_kind:
            continue
        cells: dict[tuple[Any, Any], int] = {}
        for p in answered:
            key = (_bucket(p, "by_organisation", by_org), _bucket(p, "by_kind", by_kind))
            cells[key] = cells.get(key, 0) + 1
        assert all(n >= k for n in cells.values()), cells

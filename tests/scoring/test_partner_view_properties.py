"""Properties of the partner view on random partners (hypothesis): every shown partner figure
rests on at least k partners who answered it, no difference of shown figures singles out fewer
than k, no combination of shown figures (conditions and aspects, totals and groups) gives one
partner's answer or a small organisation's, and neither the order of partners nor padding with
answerless ones changes anything."""

from __future__ import annotations

import json
import statistics
from fractions import Fraction
from typing import Any

import numpy as np
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
        if figure in CONDITIONS:  # also hidden beside its aspects: see the test below
            assert total.mean is None or len(answered) >= k
        else:
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


# --- every shown mean as a sum of answers ----------------------------------------------------


def _weights(p: PartnerRecord, figure: str) -> dict[str, Fraction]:
    """How a partner's answers enter the sum behind one figure: 1 for an aspect, 1/q on each
    of q answers for a condition they have a score on."""
    if figure not in CONDITIONS:
        return {figure: Fraction(1)} if value(p, figure) is not None else {}
    if value(p, figure) is None:
        return {}
    answered = [a for a in CONDITIONS[figure] if isinstance(p.answers.get(a), int)]
    return {a: Fraction(1, len(answered)) for a in answered}


def _members(
    people: list[PartnerRecord], breakdown: str, shown: list[Any], name: Any, kind: str
) -> list[PartnerRecord]:
    bucket = ("other", None) if kind == "other" else (kind, name)
    return [p for p in people if _bucket(p, breakdown, shown) == bucket]


def _known_sums(result: PartnerView, people: list[PartnerRecord], k: int) -> list[list[float]]:
    """One row per shown mean (over all partners or of a group): the weights of the sum it
    gives (mean × n), over the unknowns (partner, aspect) in `people` × PARTNER_ASPECTS."""
    position = {id(p): i for i, p in enumerate(people)}  # equal partners are still two

    def row(members: list[PartnerRecord], figure: str) -> list[float]:
        cells = [0.0] * (len(people) * len(PARTNER_ASPECTS))
        for p in members:
            i = position[id(p)]
            for aspect, weight in _weights(p, figure).items():
                cells[i * len(PARTNER_ASPECTS) + PARTNER_ASPECTS.index(aspect)] = float(weight)
        return cells

    rows = []
    totals = [(a.id, a.partners.mean) for a in result.aspects]
    totals += [(c.id, c.partners.mean) for c in result.conditions]
    for figure, mean in totals:
        if mean is None:
            continue
        rows.append(row(people, figure))
        for breakdown in ("by_organisation", "by_kind"):
            shown = _shown(getattr(result, breakdown), figure, k)
            for name, kind, _n, _mean in shown:
                rows.append(row(_members(people, breakdown, shown, name, kind), figure))
    return rows


def _small_sets(people: list[PartnerRecord], k: int) -> list[tuple[str, list[float]]]:
    """What must stay unknown: each partner's answer on each aspect, and the sum of the answers
    on an aspect of an organisation (or kind) with between 1 and k − 1 partners answering it."""
    size = len(people) * len(PARTNER_ASPECTS)
    targets = []
    for j, aspect in enumerate(PARTNER_ASPECTS):
        answered = [i for i, p in enumerate(people) if value(p, aspect) is not None]
        for i in answered:
            cells = [0.0] * size
            cells[i * len(PARTNER_ASPECTS) + j] = 1.0
            targets.append((f"partner {i} on {aspect}", cells))
        for breakdown in ("by_organisation", "by_kind"):
            for name in {label(people[i], breakdown) for i in answered}:
                group = [i for i in answered if label(people[i], breakdown) == name]
                if 1 < len(group) < k:
                    cells = [0.0] * size
                    for i in group:
                        cells[i * len(PARTNER_ASPECTS) + j] = 1.0
                    targets.append((f"{name} ({len(group)}) on {aspect}", cells))
    return targets


@settings(max_examples=150, deadline=None)
@given(crowd, ks)
def test_no_combination_of_shown_means_gives_a_partner_or_a_small_organisation(
    partners: list[PartnerRecord], k: int
) -> None:
    """Every shown mean with its n is a known weighted sum of answers. A partner's answer, or
    the answers of a small organisation, can be computed from them exactly when its indicator
    lies in the span of those sums; it never may. (Condition scores weigh a partner's answers
    by 1/q, so without the rule of docs/method.md, "Conditions beside their aspects", one
    partner who skipped an aspect of a condition would be total − condition − other aspect.)"""
    result = scored(partners, k)
    people = counting(partners)
    known = np.array(_known_sums(result, people, k), dtype=float).reshape(-1, len(people) * 4)
    rank = np.linalg.matrix_rank(known) if len(known) else 0
    for name, target in _small_sets(people, k):
        extended = np.vstack([known, np.array(target)])
        assert np.linalg.matrix_rank(extended) > rank, f"{name} can be computed"


@settings(max_examples=80, deadline=None)
@given(crowd, ks)
def test_a_stored_partner_view_reads_back_equal_through_json(
    partners: list[PartnerRecord], k: int
) -> None:
    """The form partnerview/view_store.py keeps: every field back, of the same value."""
    result = scored(partners, k)
    again = PartnerView.from_stored(json.loads(json.dumps(result.to_stored())))
    assert again == result
    assert again.to_dict() == result.to_dict()
    assert json.dumps(again.to_dict()) == json.dumps(result.to_dict())

"""Properties of the engine on random data (hypothesis), checked against a plain reference."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score
from partnerscan.scoring.pooling import pool_groups
from partnerscan.scoring.records import RespondentRecord

from .helpers import respondent, rounded
from .references import cronbach_alpha

values = st.sampled_from([1, 2, 3, 4, 5, "dk", None])
labels = st.sampled_from(["a", "b", "c", "d", None])
records_st = st.lists(
    st.builds(
        lambda i, answers, role, dept: respondent("x", answers, role, dept),
        st.just(0),
        st.lists(st.tuples(values, values), min_size=5, max_size=5),
        labels,
        labels,
    ),
    min_size=3,
    max_size=40,
)


def counting(records: list[RespondentRecord]) -> list[RespondentRecord]:
    """The respondents who gave at least one numeric answer: the only ones that count."""
    return [
        r
        for r in records
        if any(isinstance(v, int) for answer in r.answers.values() for v in answer)
    ]


def scored(model: CapabilityModel, records: list[RespondentRecord], k: int = 3) -> dict:  # type: ignore[type-arg]
    assume(len(counting(records)) >= 3)
    return score(model, ResponseMatrix.from_records(model, records), min_group=k).to_dict()


@settings(max_examples=60, deadline=None)
@given(records=records_st, seed=st.integers(0, 2**32 - 1))
def test_permuting_respondents_changes_nothing(
    mini: CapabilityModel, records: list[RespondentRecord], seed: int
) -> None:
    shuffled = list(np.random.default_rng(seed).permutation(np.array(records, dtype=object)))
    assert scored(mini, shuffled) == scored(mini, records)


@settings(max_examples=30, deadline=None)
@given(level=st.integers(1, 5), n=st.integers(2, 30))
def test_a_unanimous_group_agrees_fully(mini: CapabilityModel, level: int, n: int) -> None:
    records = [respondent(str(i), [(level, 5)] * 5) for i in range(max(n, 3))]
    for aspect in scored(mini, records)["aspects"]:
        assert aspect["agreement"] == {"ad_m": 0.0, "rwg": 1.0, "views_differ": False}


def numeric(values_: list[object]) -> list[int]:
    return [v for v in values_ if isinstance(v, int)]


def reference_aspect(answers: list[tuple[object, object]]) -> dict:  # type: ignore[type-arg]
    """§4 for one aspect, written as plainly as possible: nothing below 3 numeric answers."""
    current = numeric([a[0] for a in answers])
    gaps = [a[1] - a[0] for a in answers if isinstance(a[0], int) and isinstance(a[1], int)]  # type: ignore[operator]
    shown, gap_shown = len(current) >= 3, len(gaps) >= 3
    mean = statistics.fmean(current) if shown else None
    return {
        "n": len(current),
        "mean": mean,
        "median": statistics.median(current) if shown else None,
        "sd": statistics.stdev(current) if shown else None,
        "ad_m": statistics.fmean(abs(v - mean) for v in current) if shown else None,  # type: ignore[operator]
        "rwg": min(1, max(0, 1 - statistics.variance(current) / 2)) if shown else None,
        "gap": statistics.fmean(gaps) if gap_shown else None,
        "gap_median": statistics.median(gaps) if gap_shown else None,
    }


def reference_condition(rows: list[list[object]]) -> float | None:
    scores = []
    for row in rows:
        answered = numeric(row)
        if len(answered) >= 0.6 * len(row):
            scores.append(statistics.fmean(answered))
    return statistics.fmean(scores) if len(scores) >= 3 else None


@settings(max_examples=60, deadline=None)
@given(records=records_st)
def test_results_match_a_plain_reference(
    mini: CapabilityModel, records: list[RespondentRecord]
) -> None:
    results = scored(mini, records)
    records = counting(records)
    for i, aspect in enumerate(mini.aspects):
        answers = [tuple(r.answers[aspect.id]) for r in records]
        got = results["aspects"][i]
        expected = reference_aspect(answers)  # type: ignore[arg-type]
        actual = {
            "n": got["current"]["n"],
            "mean": got["current"]["mean"],
            "median": got["current"]["median"],
            "sd": got["current"]["sd"],
            "ad_m": got["agreement"]["ad_m"],
            "rwg": got["agreement"]["rwg"],
            "gap": got["gap"]["mean"],
            "gap_median": got["gap"]["median"],
        }
        assert rounded(actual) == rounded(
            {k: float(v) if isinstance(v, int) and k != "n" else v for k, v in expected.items()}
        )
    for c, condition in enumerate(mini.conditions):
        for part, index in (("current", 0), ("ambition", 1)):
            rows = [[r.answers[a.id][index] for a in condition.aspects] for r in records]
            assert rounded(results["conditions"][c][part]["mean"]) == rounded(
                reference_condition(rows)
            )


@settings(max_examples=40, deadline=None)
@given(data=st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=3, max_size=30))
def test_alpha_equals_the_textbook_formula_on_complete_data(
    mini: CapabilityModel, data: list[list[int]]
) -> None:
    records = [
        respondent(str(i), [(v, v) for v in row] + [(None, None)] * 2) for i, row in enumerate(data)
    ]
    alpha = scored(mini, records)["conditions"][0]["alpha"]
    frame = pd.DataFrame(data, dtype=float)
    if frame.sum(axis=1).var() == 0:
        assert alpha is None
    else:
        assert alpha == pytest.approx(cronbach_alpha(frame), rel=1e-9, abs=1e-12)


# --- pooling --------------------------------------------------------------------------------------

sizes_st = st.lists(st.integers(0, 12), min_size=1, max_size=8)


@settings(max_examples=300)
@given(sizes=sizes_st, k=st.integers(3, 8))
def test_no_shown_group_is_below_k(sizes: list[int], k: int) -> None:
    pooling = pool_groups(sizes, [f"g{i}" for i in range(len(sizes))], k)
    assert all(bucket.n >= k for bucket in pooling.buckets)
    if not pooling.suppressed:
        assert sum(b.n for b in pooling.buckets) == sum(sizes)
        assert len(pooling.buckets) >= 2


@settings(max_examples=300)
@given(sizes=sizes_st, k=st.integers(3, 8))
def test_no_small_group_can_be_recovered_by_subtraction(sizes: list[int], k: int) -> None:
    names = [f"g{i}" for i in range(len(sizes))]
    pooling = pool_groups(sizes, names, k)
    # Each shown bucket as a set of original groups; "other" holds every group not shown by name.
    named = {b.label for b in pooling.buckets if b.kind != "other"}
    everyone = {i for i, n in enumerate(sizes) if n > 0}
    buckets = [
        {names.index(b.label)}
        if b.kind != "other"
        else {i for i in everyone if names[i] not in named}
        for b in pooling.buckets
    ]  # type: ignore[arg-type]
    hidden = [{i} for i in everyone if sizes[i] < k]
    # The whole selection is public anyway (the overall results); subtract one or more buckets.
    for r in range(1, len(buckets) + 1):
        for subset in itertools.combinations(buckets, r):
            rest = everyone - set().union(*subset)
            assert rest not in hidden


@given(sizes=sizes_st, k=st.integers(3, 8))
def test_pooling_depends_on_sizes_not_on_label_order(sizes: list[int], k: int) -> None:
    names = [f"g{i}" for i in range(len(sizes))]
    forward = pool_groups(sizes, names, k)
    backward = pool_groups(sizes[::-1], names[::-1], k)
    assert forward.buckets == backward.buckets


@settings(max_examples=60, deadline=None)
@given(records=records_st, k=st.integers(3, 6))
def test_breakdowns_never_show_a_group_below_k(
    mini: CapabilityModel, records: list[RespondentRecord], k: int
) -> None:
    """Figure by figure: every shown bucket rests on at least k respondents who answered that
    figure, a named group's n is exactly its answerers, and the shown buckets partition the
    figure's answerers, so no group below k is the difference of shown figures."""
    breakdowns = scored(mini, records, k)["breakdowns"]
    for name, grouping in (("role", lambda r: r.role), ("department", lambda r: r.department)):
        for i, aspect in enumerate(mini.aspects):
            answered = [r for r in records if isinstance(r.answers[aspect.id][0], int)]
            sizes = Counter(grouping(r) for r in answered)
            shown = [g for g in breakdowns[name]["groups"] if g["aspects"][i]["current"]["n"]]
            assert all(g["aspects"][i]["current"]["n"] >= k for g in shown)
            assert not shown or sum(g["aspects"][i]["current"]["n"] for g in shown) == len(answered)
            for g in shown:
                if g["kind"] != "other":
                    assert g["aspects"][i]["current"]["n"] == sizes[g["group"]]


@settings(max_examples=60, deadline=None)
@given(
    records=records_st,
    padding=st.lists(
        st.builds(
            lambda answers, role, dept: respondent("pad", answers, role, dept),
            st.lists(
                st.tuples(st.sampled_from(["dk", None]), st.sampled_from(["dk", None])),
                min_size=5,
                max_size=5,
            ),
            labels,
            labels,
        ),
        min_size=1,
        max_size=12,
    ),
    k=st.integers(3, 6),
)
def test_padding_without_numeric_answers_changes_nothing(
    mini: CapabilityModel,
    records: list[RespondentRecord],
    padding: list[RespondentRecord],
    k: int,
) -> None:
    """Submissions of blanks and "don't know" in any group cannot make a figure appear."""
    assert scored(mini, records + padding, k) == scored(mini, records, k)


@settings(max_examples=20, deadline=None)
@given(records=records_st)
def test_one_tally_per_grouping_gives_the_same_results(
    mini: CapabilityModel, records: list[RespondentRecord]
) -> None:
    # Many combinations of groups switch the engine to one tally per grouping.
    combined = scored(mini, records)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("partnerscan.scoring.engine.MAX_CELLS", 1)
        assert scored(mini, records) == combined

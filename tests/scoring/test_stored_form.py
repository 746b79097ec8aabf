"""Results stored as JSON read back as the very same results (assessments/stored_results.py)."""

from __future__ import annotations

import json

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, Results, score
from partnerscan.scoring.partner_results import PartnerView
from partnerscan.scoring.records import RespondentRecord
from partnerscan.scoring.results import shape, stored_shape

from .helpers import respondent

values = st.sampled_from([1, 2, 3, 4, 5, "dk", None])
labels = st.sampled_from(["a", "b", "c", None])
records_st = st.lists(
    st.builds(
        lambda answers, role, dept, group: respondent("x", answers, role, dept, group),
        st.lists(st.tuples(values, values), min_size=5, max_size=5),
        labels,
        labels,
        labels,
    ),
    min_size=3,
    max_size=60,
)
shares_st = st.sampled_from([None, {"chain": 0.5, "regional": 0.3, "innovation": 0.2}])


@settings(max_examples=80, deadline=None)
@given(
    records=records_st, shares=shares_st, k=st.integers(3, 6), lang=st.sampled_from(["nl", "en"])
)
def test_stored_results_read_back_equal_through_json(
    mini: CapabilityModel,
    records: list[RespondentRecord],
    shares: dict[str, float] | None,
    k: int,
    lang: str,
) -> None:
    matrix = ResponseMatrix.from_records(mini, records)
    assume(int(((matrix.current % 6 > 0) | (matrix.ambition % 6 > 0)).any(axis=1).sum()) >= 3)
    results = score(mini, matrix, shares=shares, min_group=k, lang=lang)
    again = Results.from_stored(json.loads(json.dumps(results.to_stored())))
    assert again == results
    assert again.to_dict() == results.to_dict()
    assert [c.current.sd for c in again.conditions] == [c.current.sd for c in results.conditions]


def test_the_stored_form_keeps_what_the_results_json_leaves_out(mini: CapabilityModel) -> None:
    records = [respondent(str(i), [(i % 5 + 1, 5)] * 5) for i in range(4)]
    results = score(mini, ResponseMatrix.from_records(mini, records), min_group=3)
    assert "sd" not in results.to_dict()["conditions"][0]["current"]
    assert results.to_stored()["conditions"][0]["current"]["sd"] == results.conditions[0].current.sd


def test_the_stored_forms_shape_holds_every_class_and_field_of_the_results() -> None:
    """The shape is part of the stored results' key: a field added anywhere changes it."""
    found = shape()
    assert set(found) == {
        "Results", "ModelRef", "Mean", "Distribution", "Gap", "Agreement", "AspectResult",
        "Score", "ConditionResult", "Overall", "Lead", "GroupCondition", "GroupAspect",
        "BreakdownGroup", "Breakdown", "Breakdowns",
    }  # fmt: skip
    assert [name for name, _type in found["Score"]] == ["n", "mean", "sd"]
    assert ("counts", "tuple[int, ...] | None") in found["Distribution"]


def test_the_partner_views_shape_holds_its_own_classes_and_has_a_digest_of_its_own() -> None:
    """The partner view is stored the same way (partnerview/view_store.py), keyed by its own
    shape."""
    found = shape(PartnerView)
    assert set(found) == {
        "PartnerView", "PartnerAspect", "PartnerCondition", "Side", "ScoreSide",
        "PartnerBreakdown", "PartnerGroup", "PartnerFigure", "PartnerLead",
    }  # fmt: skip
    assert ("kind", "typing.Literal['value', 'missing', 'other']") in found["PartnerGroup"]
    assert stored_shape(PartnerView) != stored_shape() == stored_shape(None)

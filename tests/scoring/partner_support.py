"""Models and respondents for the partner view's tests: the mini model with a partner view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score
from partnerscan.scoring.partner_view import PartnerRecord, PartnerView, partner_view
from partnerscan.scoring.records import RespondentRecord, Value
from partnerscan.scoring.results import Results

# The mini model's aspects in model order: goals, themes, selection (strategy); leadership,
# learning (culture). Partners are asked about all but selection.
PARTNER_ASPECTS = ("goals", "themes", "leadership", "learning")


def with_partner_view(
    model: CapabilityModel, internal: Sequence[str] = ("selection",)
) -> CapabilityModel:
    """`model` with partner wording on every aspect but those in `internal`."""
    data = model.model_dump()
    for condition in data["conditions"]:
        for aspect in condition["aspects"]:
            aspect["partner"] = (
                "internal"
                if aspect["id"] in internal
                else {
                    "question": {
                        "nl": "Hoe doet {organisation} het?",
                        "en": "How does {organisation} do?",
                    },
                    "anchors": aspect["anchors"],
                }
            )
    return CapabilityModel.model_validate(data)


def partner(
    pid: str, organisation: str | None, kind: str | None, values: Sequence[Value], **extra: Value
) -> PartnerRecord:
    """A partner with answers on goals, themes, leadership and learning, in that order."""
    answers = dict(zip(PARTNER_ASPECTS, values, strict=True))
    return PartnerRecord(pid, organisation, kind, {**answers, **extra})


def view(
    model: CapabilityModel,
    own: Sequence[RespondentRecord] | ResponseMatrix,
    partners: Sequence[PartnerRecord],
    *,
    min_group: int = 5,
    shares: Mapping[str, float] | None = None,
) -> tuple[PartnerView, Results]:
    """The partner view (in English) beside the own results it extends."""
    matrix = own if isinstance(own, ResponseMatrix) else ResponseMatrix.from_records(model, own)
    own_results = score(model, matrix, shares=shares, lang="en")
    result = partner_view(
        model,
        matrix,
        partners,
        min_group=min_group,
        own_results=own_results,
        shares=shares,
        lang="en",
    )
    return result, own_results

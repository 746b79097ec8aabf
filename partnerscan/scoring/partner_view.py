"""The partner view: how partner organisations see the organisation beside how it sees itself
(PRODUCT.md §6; docs/method.md, "Partner view").

Partners rate the organisation's current level on the aspects a partner can observe
(`model.partner_aspects`). Per aspect, and per condition over its partner aspects only, the
organisation's own current answers are set beside the partners': their difference, Welch's test
of it, and the verdict (blind spot, hidden strength or the same). A blind spot adds to the
aspect's priority, which can change the leads. Partner figures rest on at least k partners who
answered them, each breakdown group too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

from partnerscan.capability.schema import CapabilityModel, Condition
from partnerscan.scoring.matrix import Codes, ResponseMatrix
from partnerscan.scoring.options import (
    MIN_RESPONDENTS,
    ScoringError,
    TooFewRespondents,
    check_options,
    check_respondents,
)
from partnerscan.scoring.partner_breakdowns import partner_breakdowns
from partnerscan.scoring.partner_leads import leads_with_partners
from partnerscan.scoring.partner_results import (
    PartnerAspect,
    PartnerBreakdown,
    PartnerChange,
    PartnerCondition,
    PartnerFigure,
    PartnerGroup,
    PartnerLead,
    PartnerView,
    ScoreSide,
    Side,
    Verdict,
)
from partnerscan.scoring.partner_sides import (
    Comparison,
    PartnerRecord,
    Partners,
    aspect_side,
    compare_sides,
    partners_of,
    score_hist,
    score_side,
    summary,
)
from partnerscan.scoring.results import Results
from partnerscan.scoring.selections import counting_rows
from partnerscan.scoring.tally import ConditionLayout
from partnerscan.scoring.trend import compare

__all__ = [
    "PartnerAspect",
    "PartnerBreakdown",
    "PartnerChange",
    "PartnerCondition",
    "PartnerFigure",
    "PartnerGroup",
    "PartnerLead",
    "PartnerRecord",
    "PartnerView",
    "ScoreSide",
    "Side",
    "Verdict",
    "partner_changes",
    "partner_view",
]


def partner_view(
    model: CapabilityModel,
    own: ResponseMatrix,
    partners: Sequence[PartnerRecord],
    *,
    min_group: int = 5,
    own_results: Results,
    shares: Mapping[str, float] | None = None,
    lang: str = "nl",
) -> PartnerView:
    """The partner view of one round: `own` and `own_results` are the round's own respondents
    and their results (from `score`), `partners` the partner respondents. `shares` default to
    the shares of `own_results` and must equal them. TooFewRespondents below k counting
    partners."""
    shares = _shares(own_results, shares)
    check_options(model, shares, min_group, lang)
    _check_inputs(model, own, own_results)
    own = counting_rows(own)
    check_respondents(own.respondents)
    columns = [own.aspect_ids.index(aspect.id) for aspect in model.partner_aspects]
    own_codes = own.current[:, columns]
    them = partners_of(model, partners)
    if them.respondents < min_group:
        raise TooFewRespondents(
            [f"no partner view below {min_group} partners (this one has {them.respondents})"]
        )
    aspects, differences = _aspects(model, own_codes, them, min_group)
    layouts = _layouts(model)
    groupings = partner_breakdowns(
        them.organisation,
        them.kind,
        them.codes,
        [aspect.id for aspect in model.partner_aspects],
        [(condition.id, layout) for condition, layout in layouts],
        min_group,
    )
    return PartnerView(
        min_group=min_group,
        respondents=them.respondents,
        organisations=them.organisations,
        aspects=aspects,
        conditions=tuple(
            _condition(c, layout, own_codes, them, min_group, c.id in groupings.hidden)
            for c, layout in layouts
        ),
        blind_spots=_ranked(aspects, differences, "blind_spot"),
        hidden_strengths=_ranked(aspects, differences, "hidden_strength"),
        by_organisation=groupings.by_organisation,
        by_kind=groupings.by_kind,
        leads=leads_with_partners(model, own_results, aspects, differences, shares, lang),
    )


def _shares(own_results: Results, shares: Mapping[str, float] | None) -> dict[str, float]:
    """The round's shares: the priorities with partners extend the own priorities, so they
    must be weighed alike."""
    own = dict(own_results.challenge_shares)
    if shares is not None and dict(shares) != own:
        raise ScoringError(["the challenge shares differ from those of the own results"])
    return own


def _check_inputs(model: CapabilityModel, own: ResponseMatrix, own_results: Results) -> None:
    ids = tuple(aspect.id for aspect in model.aspects)
    problems = []
    if not model.has_partner_view:
        problems.append(f"the model {model.ref} has no partner view")
    if own.aspect_ids != ids:
        problems.append("the response matrix does not hold this model's aspects in order")
    if (own_results.model.id, own_results.model.version) != (model.id, model.version):
        problems.append(f"the own results are not of the model {model.ref}")
    elif tuple(result.id for result in own_results.aspects) != ids:
        problems.append("the own results do not hold this model's aspects in order")
    if problems:
        raise ScoringError(problems)


# --- aspects and conditions --------------------------------------------------------------------


def _aspects(
    model: CapabilityModel, own_codes: Codes, them: Partners, k: int
) -> tuple[tuple[PartnerAspect, ...], dict[str, Fraction]]:
    """Each partner aspect's two sides compared, and the exact differences where shown."""
    results, differences = [], {}
    for j, aspect in enumerate(model.partner_aspects):
        own = aspect_side(own_codes[:, j], MIN_RESPONDENTS)
        partners = aspect_side(them.codes[:, j], k)
        comparison = compare_sides(own, partners)
        if comparison.difference is not None:
            differences[aspect.id] = comparison.difference
        condition = model.condition_of(aspect.id).id
        results.append(
            PartnerAspect(aspect.id, condition, own[0], partners[0], *_shown(comparison))
        )
    return tuple(results), differences


def _shown(
    comparison: Comparison,
) -> tuple[float | None, float | None, float | None, float | None, bool | None, Verdict | None]:
    """difference, low, high, p, larger_than_chance and verdict; all null unless both sides
    are shown."""
    if comparison.difference is None:
        return None, None, None, None, None, None
    change = comparison.change
    return (
        float(comparison.difference),
        change.low,
        change.high,
        change.p,
        comparison.larger_than_chance,
        comparison.verdict,
    )


def _layouts(model: CapabilityModel) -> list[tuple[Condition, ConditionLayout]]:
    """The conditions with a partner aspect, each over its partner aspects' columns (in the
    respondents × partner aspects arrays)."""
    column = {aspect.id: j for j, aspect in enumerate(model.partner_aspects)}
    layouts = []
    for condition in model.conditions:
        columns = tuple(column[a.id] for a in condition.aspects if a.id in column)
        if columns:
            layouts.append((condition, ConditionLayout(columns)))
    return layouts


def _condition(
    condition: Condition,
    layout: ConditionLayout,
    own_codes: Codes,
    them: Partners,
    k: int,
    hidden: bool,
) -> PartnerCondition:
    """`hidden`: the partners' figures would give away fewer than k partners beside the
    aspects' (partner_breakdowns._linked_safe), so they are not shown, whatever their n."""
    own = score_side(score_hist(own_codes, layout), layout, MIN_RESPONDENTS)
    threshold = them.respondents + 1 if hidden else k
    partners = score_side(score_hist(them.codes, layout), layout, threshold)
    comparison = compare_sides(own, partners)
    return PartnerCondition(condition.id, own[0], partners[0], *_shown(comparison))


def _ranked(
    aspects: Sequence[PartnerAspect], differences: Mapping[str, Fraction], verdict: Verdict
) -> tuple[str, ...]:
    """The aspects with this verdict, the largest difference first (exact ties: model order)."""
    sign = 1 if verdict == "blind_spot" else -1
    found = [
        (-sign * differences[a.id], i, a.id) for i, a in enumerate(aspects) if a.verdict == verdict
    ]
    return tuple(aspect_id for _, _, aspect_id in sorted(found))


# --- change between two partner views ----------------------------------------------------------


def partner_changes(then: PartnerView, now: PartnerView) -> tuple[PartnerChange, ...]:
    """Per aspect, then per condition of `now` (matched by id), the change of the partners'
    mean since `then`, only where both views show it, judged with Welch's test as a trend."""
    earlier: dict[tuple[str, str], Side | ScoreSide] = {
        **{("aspect", a.id): a.partners for a in then.aspects},
        **{("condition", c.id): c.partners for c in then.conditions},
    }
    current: list[tuple[Literal["aspect", "condition"], str, Side | ScoreSide]] = [
        *(("aspect", a.id, a.partners) for a in now.aspects),
        *(("condition", c.id, c.partners) for c in now.conditions),
    ]
    changes = []
    for kind, figure_id, side in current:
        before = earlier.get((kind, figure_id))
        if before is None or before.mean is None or side.mean is None:
            continue
        change = compare(summary(before), summary(side))
        changes.append(
            PartnerChange(
                id=figure_id,
                kind=kind,
                then_mean=before.mean,
                now_mean=side.mean,
                change=side.mean - before.mean,
                low=change.low,
                high=change.high,
                p=change.p,
                larger_than_chance=change.significant if change.judged else None,
                direction=change.direction,
            )
        )
    return tuple(changes)

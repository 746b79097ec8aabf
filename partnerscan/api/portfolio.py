"""The portfolio and the partner rounds, to read (every member): an organisation's partnerships
and partner organisations as the portfolio pages list them, and an assessment's partner round
as its partner page shows it — totals, and per organisation only how many were invited; never
who started or answered."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Router

from partnerscan.accounts.access import access_organisation
from partnerscan.api import assessments, organisations, schemas
from partnerscan.api.params import ERRORS, ObjectId
from partnerscan.assessments.access import access_assessment
from partnerscan.partnerview.figures import invited_per_organisation, round_counts
from partnerscan.partnerview.models import PartnerRound
from partnerscan.portfolio.access import access_partnership
from partnerscan.portfolio.models import Partnership
from partnerscan.portfolio.overview import partnerships_of

router = Router(tags=["portfolio"])


def _partnership(partnership: Partnership) -> dict[str, Any]:
    return {
        "id": partnership.pk,
        "name": partnership.name,
        "partners": [partner.pk for partner in partnership.partners.all()],
        "challenge_type": partnership.challenge_type,
        "goal": partnership.goal,
        "goal_date": partnership.goal_date,
        "owner": partnership.owner_shown,
        "departments": list(partnership.departments),
        "phase": partnership.phase,
        "importance": partnership.importance,
        "started_on": partnership.started_on,
        "review_on": partnership.review_on,
    }


@organisations.router.get(
    "{organisation_id}/partnerships/",
    response={200: list[schemas.Partnership], **ERRORS},
    tags=["portfolio"],
)
def list_partnerships(request: HttpRequest, organisation_id: ObjectId) -> list[dict[str, Any]]:
    """The portfolio's partnerships, most important first, as the portfolio page lists them."""
    organisation = access_organisation(request, organisation_id)
    return [_partnership(p) for p in partnerships_of(organisation)]


@organisations.router.get(
    "{organisation_id}/partners/",
    response={200: list[schemas.PartnerOrganisation], **ERRORS},
    tags=["portfolio"],
)
def list_partners(request: HttpRequest, organisation_id: ObjectId) -> list[dict[str, Any]]:
    """The partner organisations, each with how many partnerships it is in."""
    organisation = access_organisation(request, organisation_id)
    listed = organisation.partner_organisations.annotate(used=Count("partnerships"))
    return [{"id": p.pk, "name": p.name, "kind": p.kind, "partnerships": p.used} for p in listed]


@router.get("{partnership_id}/", response={200: schemas.Partnership, **ERRORS})
def get_partnership(request: HttpRequest, partnership_id: ObjectId) -> dict[str, Any]:
    partnership, _membership = access_partnership(request, partnership_id)
    return _partnership(partnership)


@assessments.router.get(
    "{assessment_id}/partner-round/",
    response={200: schemas.PartnerRound, **ERRORS},
    tags=["partner rounds"],
)
def get_partner_round(request: HttpRequest, assessment_id: ObjectId) -> dict[str, Any]:
    """The round's partner round as its partner page shows it; a 404 when it has none."""
    assessment, _membership = access_assessment(request, assessment_id)
    partner_round = PartnerRound.objects.filter(assessment=assessment).first()
    if partner_round is None:
        raise Http404
    counts = round_counts(partner_round)
    return {
        "state": partner_round.state,
        "opened_at": partner_round.opened_at,
        "closed_at": partner_round.closed_at,
        "closes_at": partner_round.closes_at,
        "min_group": partner_round.min_group,
        "counts": {
            "invited": counts.invited,
            "started": counts.started,
            "submitted": counts.submitted,
        },
        "invited_per_organisation": [
            {"organisation": name, "invited": n}
            for name, n in invited_per_organisation(partner_round)
        ],
    }

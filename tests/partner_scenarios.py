"""Rounds with a partner round, made through the workflows, for the tests of what results show.

`own_round` gives a closed round of model 1.1 whose colleagues answered as told; `partners`
runs a partner round on it: each partner is invited, opens their link, answers and submits,
exactly as the pages do it, and the round is closed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Answer, Assessment, Response
from partnerscan.capability.loader import get_model
from partnerscan.partnerview import domain, mail, responding
from partnerscan.partnerview.invitees import Invitee
from partnerscan.partnerview.models import PartnerRound
from partnerscan.portfolio import domain as portfolio

NEW = "partnership-capability@1.1"
MODEL = get_model(NEW)
PARTNER_ASPECTS = tuple(a.id for a in MODEL.partner_aspects)
ALL_ASPECTS = tuple(a.id for a in MODEL.aspects)


@dataclass(frozen=True)
class Partner:
    organisation: str
    answers: Mapping[str, str]  # aspect -> "1".."5" or "dk"
    comments: Mapping[str, str] = field(default_factory=dict)
    language: str = "nl"


def own_round(
    organisation: Organisation,
    owner: User,
    level: Callable[[int, str], int],
    count: int = 6,
    title: str = "Scan 2026",
    previous: Assessment | None = None,
    **fields: object,
) -> Assessment:
    """A closed round of model 1.1: respondent i answers `level(i, aspect)` now and one
    higher as ambition (at most 5) on every aspect."""
    assessment = assessments.create_assessment(
        organisation, owner, title=title, model_ref=NEW, **fields
    )
    if previous is not None:
        type(assessment).objects.filter(pk=assessment.pk).update(previous=previous)
        assessment.refresh_from_db()
    responses = Response.objects.bulk_create(
        Response(assessment=assessment, submitted=True, role="staff", group="internal")
        for _ in range(count)
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            aspect=aspect,
            current=level(i, aspect),
            ambition=min(5, level(i, aspect) + 1),
        )
        for i, response in enumerate(responses)
        for aspect in ALL_ASPECTS
    )
    assessments.open_assessment(assessment, owner)
    return assessments.close_assessment(assessment, owner)


def kinds(organisation: Organisation, owner: User, named: Mapping[str, str]) -> None:
    """Partner organisations of the portfolio, so that invitees of that name get the kind."""
    for name, kind in named.items():
        portfolio.create_partner(organisation, owner, name, kind)


def partners(
    assessment: Assessment,
    owner: User,
    people: Sequence[Partner],
    min_group: int = 5,
    close: bool = True,
) -> PartnerRound:
    """A partner round on `assessment` answered by `people`, closed unless told otherwise."""
    partner_round = domain.start_partner_round(assessment, owner, min_group=min_group)
    invitees = [
        Invitee(f"p{i}@partner{i}.example", p.organisation, p.language)
        for i, p in enumerate(people)
    ]
    invitations = domain.add_partner_invitations(partner_round, invitees, owner)
    for invitation, person in zip(invitations, people, strict=True):
        token = mail.issue_token(invitation)
        assert token is not None
        response = responding.start_partner_response(invitation, token)
        for aspect, value in person.answers.items():
            responding.save_partner_answer(response, aspect, value)
        for aspect, text in person.comments.items():
            responding.save_partner_comment(response, aspect, text)
        responding.submit_partner_response(response, invitation)
    if close:
        partner_round = domain.close_partner_round(partner_round, owner)
    return partner_round


def everywhere(value: str) -> dict[str, str]:
    return dict.fromkeys(PARTNER_ASPECTS, value)

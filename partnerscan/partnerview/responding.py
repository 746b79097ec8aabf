"""Workflows of a partner who answers: found by the token, started by the first POST, answered
one aspect at a time (autosave), submitted once however often they press submit.

As in the scans (assessments/domain/responding.py), a save locks only the response's own row,
filtered by its key: closing the round clears every key under the same row locks, so a save
racing a close finds no row and is refused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.assessments.models import as_code, as_value
from partnerscan.core import respondents
from partnerscan.core.errors import DomainError
from partnerscan.partnerview.models import PartnerAnswer, PartnerInvitation, PartnerResponse
from partnerscan.scoring.responses_csv import BadValue, parse_value

MAX_COMMENT = 4000
RELATED = "round__assessment__organisation"


def find_partner_invitation(token: str) -> PartnerInvitation | None:
    return respondents.by_link(PartnerInvitation.objects.select_related(RELATED), token)


def find_partner_response(token: str) -> PartnerResponse | None:
    """The response the token's own hash leads to; none once the round has closed."""
    return respondents.by_key(PartnerResponse.objects.select_related(RELATED), token)


def closed_error() -> DomainError:
    return DomainError(_("This round has closed; answers can no longer change."))


@transaction.atomic
def start_partner_response(invitation: PartnerInvitation, token: str) -> PartnerResponse:
    """The partner's response, made by their first POST with the organisation's name and kind
    copied from the invitation; later calls get the same one."""
    fields = {
        "round": invitation.round,
        "organisation": invitation.organisation_name,
        "kind": invitation.kind,
        "language": invitation.language,
    }
    response = None
    if invitation.round.is_open:
        links, responses = PartnerInvitation.objects.all(), PartnerResponse.objects.all()
        response = respondents.start(links, responses, invitation, token, fields)
    if response is None:
        raise closed_error()
    response.round = invitation.round
    return response


def _writable(response: PartnerResponse, aspect: str) -> None:
    model = response.round.assessment.capability_model
    if aspect not in {a.id for a in model.partner_aspects}:
        raise DomainError(_("Unknown question."))
    locked = respondents.locking(PartnerResponse.objects.all(), response)
    if not response.round.is_open or not locked.exists():
        raise closed_error()


def parse_level(value: str) -> int | None:
    """'1'..'5' → a level, 'dk' → don't know, '' → blank, as a stored code."""
    try:
        return as_code(parse_value(value))
    except BadValue:
        raise DomainError(_("An answer must be a level from 1 to 5 or “don't know”.")) from None


@transaction.atomic
def save_partner_answer(response: PartnerResponse, aspect: str, value: str) -> None:
    """Save one level at once; the last save of the same aspect wins."""
    stored = parse_level(value)
    _writable(response, aspect)
    # One INSERT … ON CONFLICT DO UPDATE: a first save and a retry racing it end in one row.
    PartnerAnswer.objects.bulk_create(
        [PartnerAnswer(response=response, aspect=aspect, value=stored)],
        update_conflicts=True,
        unique_fields=["response", "aspect"],
        update_fields=["value"],
    )


@transaction.atomic
def save_partner_comment(response: PartnerResponse, aspect: str, text: str) -> None:
    """What the partner would need from the organisation on this aspect; empty removes it."""
    _writable(response, aspect)
    PartnerAnswer.objects.bulk_create(
        [PartnerAnswer(response=response, aspect=aspect, comment=text.strip()[:MAX_COMMENT])],
        update_conflicts=True,
        unique_fields=["response", "aspect"],
        update_fields=["comment"],
    )


@transaction.atomic
def submit_partner_response(
    response: PartnerResponse, invitation: PartnerInvitation | None
) -> PartnerResponse:
    """Idempotent: a second submit, a double click or a replay changes nothing."""
    if not response.round.is_open:
        raise closed_error()
    links, responses = PartnerInvitation.objects.all(), PartnerResponse.objects.all()
    locked = respondents.submit(responses, response, links, invitation)
    if locked is None:
        raise closed_error()
    locked.round = response.round
    return locked


def set_partner_language(
    invitation: PartnerInvitation | None, response: PartnerResponse | None, language: str
) -> None:
    respondents.set_language(invitation, response, language)


def stored_answers(response: PartnerResponse | None) -> tuple[dict[str, str], dict[str, str]]:
    """The levels as the form's values ('1'..'5', 'dk') and the comments, by aspect id."""
    if response is None:
        return {}, {}
    levels, comments = {}, {}
    for aspect, value, comment in response.answers.values_list("aspect", "value", "comment"):
        if value is not None:
            levels[aspect] = str(as_value(value))
        if comment:
            comments[aspect] = comment
    return levels, comments

"""Workflows of a health check's respondent: found by the token, started by the first POST,
answered one statement at a time (autosave), submitted once however often they press submit.

As in the scans (assessments/domain/responding.py), a save locks only the response's own row,
filtered by its key: closing the check clears every key under the same row locks, so a save
racing a close finds no row and is refused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.assessments.models import as_code
from partnerscan.core import respondents
from partnerscan.core.errors import DomainError
from partnerscan.portfolio.models import (
    HealthAnswer,
    HealthComment,
    HealthInvitation,
    HealthResponse,
)
from partnerscan.scoring.responses_csv import BadValue, parse_value

MAX_COMMENT = 4000


def find_health_invitation(token: str) -> HealthInvitation | None:
    invitations = HealthInvitation.objects.select_related("health_check__partnership")
    return respondents.by_link(invitations, token)


def find_health_response(token: str) -> HealthResponse | None:
    """The response the token's own hash leads to; none once the check has closed."""
    responses = HealthResponse.objects.select_related("health_check__partnership")
    return respondents.by_key(responses, token)


def closed_error() -> DomainError:
    return DomainError(_("This health check is closed; answers can no longer change."))


@transaction.atomic
def start_health_response(invitation: HealthInvitation, token: str) -> HealthResponse:
    """The respondent's response, made by their first POST; later calls get the same one."""
    fields = {
        "health_check": invitation.health_check,
        "side": invitation.side,
        "language": invitation.language,
    }
    response = None
    if invitation.health_check.is_open:
        links, responses = HealthInvitation.objects.all(), HealthResponse.objects.all()
        response = respondents.start(links, responses, invitation, token, fields)
    if response is None:
        raise closed_error()
    response.health_check = invitation.health_check
    return response


def _ensure_writable(response: HealthResponse) -> None:
    locked = respondents.locking(HealthResponse.objects.all(), response)
    if not response.health_check.is_open or not locked.exists():
        raise closed_error()


def parse_point(value: str) -> int | None:
    """'1'..'5' → a point, 'dk' → don't know, '' → blank, as a stored code."""
    try:
        return as_code(parse_value(value))
    except BadValue:
        raise DomainError(_("An answer must be a point from 1 to 5 or “don't know”.")) from None


@transaction.atomic
def save_health_answer(response: HealthResponse, statement: str, value: str) -> None:
    """Save one answer at once; the last save of the same statement wins."""
    model = response.health_check.health_model
    if statement not in {s.id for s in model.statements}:
        raise DomainError(_("Unknown statement."))
    stored = parse_point(value)
    _ensure_writable(response)
    # One INSERT … ON CONFLICT DO UPDATE: a first save and a retry racing it both end in the
    # one row of (response, statement).
    HealthAnswer.objects.bulk_create(
        [HealthAnswer(response=response, statement=statement, value=stored)],
        update_conflicts=True,
        unique_fields=["response", "statement"],
        update_fields=["value"],
    )


@transaction.atomic
def save_health_comment(response: HealthResponse, dimension: str, text: str) -> None:
    """A comment on one dimension; an empty one removes it."""
    model = response.health_check.health_model
    if dimension not in {d.id for d in model.dimensions}:
        raise DomainError(_("Unknown dimension."))
    _ensure_writable(response)
    text = text.strip()[:MAX_COMMENT]
    if not text:
        HealthComment.objects.filter(response=response, dimension=dimension).delete()
        return
    HealthComment.objects.bulk_create(
        [HealthComment(response=response, dimension=dimension, text=text)],
        update_conflicts=True,
        unique_fields=["response", "dimension"],
        update_fields=["text"],
    )


@transaction.atomic
def submit_health_response(
    response: HealthResponse, invitation: HealthInvitation | None
) -> HealthResponse:
    """Idempotent: a second submit, a double click or a replay changes nothing."""
    if not response.health_check.is_open:
        raise closed_error()
    links, responses = HealthInvitation.objects.all(), HealthResponse.objects.all()
    locked = respondents.submit(responses, response, links, invitation)
    if locked is None:
        raise closed_error()
    locked.health_check = response.health_check
    return locked


def set_health_language(
    invitation: HealthInvitation | None, response: HealthResponse | None, language: str
) -> None:
    respondents.set_language(invitation, response, language)


def unanswered_statements(response: HealthResponse | None, statements: list[str]) -> list[str]:
    """The statement ids without an answer (a point or don't know), in the model's order."""
    answered: set[str] = set()
    if response is not None:
        given = response.answers.filter(value__isnull=False)
        answered = set(given.values_list("statement", flat=True))
    return [s for s in statements if s not in answered]

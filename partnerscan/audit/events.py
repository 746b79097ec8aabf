"""record(): the one way an audit event is written."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from partnerscan.audit.models import AuditEvent

# Audit sits below the apps that record events, so it names their objects only by what it reads.
Actor = AbstractBaseUser | AnonymousUser | None


class Round(Protocol):
    """An assessment: the event's subject, which belongs to one organisation."""

    @property
    def pk(self) -> Any: ...

    @property
    def organisation_id(self) -> Any: ...


# How the acting user reached the workflow when not through a page, such as an API token.
_channel: ContextVar[tuple[str, dict[str, Any]] | None] = ContextVar("audit_channel", default=None)


@contextmanager
def via(label: str, **params: Any) -> Iterator[None]:
    """Every event recorded inside says it came this way: `label` in plain English for the
    detail ("API token 12"), `params` for the sentence (audit/messages.py). No secret: a
    token's number and first characters, as its owner's list shows them."""
    reset = _channel.set((label, params))
    try:
        yield
    finally:
        _channel.reset(reset)


def _with_channel(detail: str, params: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    channel = _channel.get()
    if channel is None:
        return detail, params or {}
    label, how = channel
    return f"{detail} (via {label})".lstrip(), (params or {}) | {"via": how}


def _actor_id(user: Actor) -> Any:
    """The user's id, or None for the worker and for anonymous requests."""
    return user.pk if isinstance(user, AbstractBaseUser) and user.is_authenticated else None


def record(
    action: str,
    *,
    user: Actor = None,
    assessment: Round | None = None,
    organisation: Model | None = None,
    detail: str = "",
    code: str = "",
    params: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one event. Give the assessment, or the organisation for an organisation action.

    `detail` must not contain personal data (no e-mail addresses, names or tokens): it is shown
    to every owner of the organisation and kept after the data it describes has been deleted.
    `code` and `params` (the same rule) say it again for the audit page, which shows them as a
    sentence in the reader's language (audit/messages.py).
    """
    if organisation is not None:
        organisation_id = organisation.pk
    elif assessment is not None:
        organisation_id = assessment.organisation_id
    else:
        raise ValueError("An audit event needs an assessment or an organisation.")
    detail, params = _with_channel(detail, params)
    return AuditEvent.objects.create(
        organisation_id=organisation_id,
        user_id=_actor_id(user),
        action=action,
        assessment_id=None if assessment is None else assessment.pk,
        detail=detail[:300],
        code=code,
        params=params or {},
    )


def record_each(
    action: str,
    *,
    user: Actor = None,
    assessments: Iterable[tuple[int, int]],
    detail: str = "",
    code: str = "",
    params: dict[str, Any] | None = None,
) -> int:
    """One event per (organisation id, assessment id), in one insert; returns how many.

    For an action that spans many organisations' rounds at once, such as a researcher's export
    of the pool: each organisation's log shows that its round was part of it.
    """
    events = [
        AuditEvent(
            organisation_id=organisation_id,
            user_id=_actor_id(user),
            action=action,
            assessment_id=assessment_id,
            detail=detail[:300],
            code=code,
            params=params or {},
        )
        for organisation_id, assessment_id in assessments
    ]
    return len(AuditEvent.objects.bulk_create(events))

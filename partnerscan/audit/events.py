"""record(): the one way an audit event is written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from partnerscan.audit.models import AuditEvent

if TYPE_CHECKING:
    from partnerscan.accounts.models import Organisation
    from partnerscan.assessments.models import Assessment

Action = AuditEvent.Action


def _actor(user: Any) -> Any:
    """The user, or None for the worker and for anonymous requests."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def record(
    action: str,
    *,
    user: Any = None,
    assessment: Assessment | None = None,
    organisation: Organisation | None = None,
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
    if organisation is None:
        if assessment is None:
            raise ValueError("An audit event needs an assessment or an organisation.")
        organisation = assessment.organisation
    return AuditEvent.objects.create(
        organisation=organisation,
        user=_actor(user),
        action=action,
        assessment=assessment,
        detail=detail[:300],
        code=code,
        params=params or {},
    )


def record_each(
    action: str,
    *,
    user: Any = None,
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
            user=_actor(user),
            action=action,
            assessment_id=assessment_id,
            detail=detail[:300],
            code=code,
            params=params or {},
        )
        for organisation_id, assessment_id in assessments
    ]
    return len(AuditEvent.objects.bulk_create(events))

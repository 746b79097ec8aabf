"""Follow-up rounds: the next measurement of the same organisation, to see what moved.

A follow-up copies the earlier round's settings, departments and e-mail invitation list into a
new draft. Invitations are copied as unsent rows: the worker issues each token when it sends
the mail, so no link of the earlier round ever opens the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.domain import InvitationRow
from partnerscan.assessments.models import Assessment, Invitation
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.capability.loader import successors
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.errors import DomainError
from partnerscan.plans.rounds import follow_up_of, round_number

# Settings a follow-up round takes over unchanged; dates are the new round's own.
COPIED = (
    "goal",
    "shares",
    "shares_source",
    "shares_taken_on",
    "languages",
    "min_group",
    "departments",
    "allow_amend",
    "retention_days",
    "in_pool",
    "mail_texts",  # the consultant's wording of the invitations, re-used round after round
)
OVERRIDES = ("title", "opens_on", "closes_on", "model_ref")
# A suffix this module added to an earlier title, in either language, so it is not stacked.
ROUND_SUFFIX = re.compile(r" — (round|meting) \d+$")


@dataclass(frozen=True)
class CopyPlan:
    """What starting a follow-up of a round will and will not copy."""

    emails: int  # e-mail invitations: copied as fresh, unsent invitations
    links: int  # personal links and open-link visitors: no address, so not copied
    deleted: bool  # the round's invitations were deleted (retention period or on request)


def copy_plan(assessment: Assessment) -> CopyPlan:
    """Two queries: the invitation counts, and whether deleting them was recorded."""
    counts = assessment.invitations.aggregate(
        emails=Count("pk", filter=Q(kind=Invitation.Kind.EMAIL) & ~Q(email="")),
        # Deleting addresses keeps the rows, blanked (docs/privacy.md "How long"): count only
        # those that still hold an address or a link.
        total=Count("pk", filter=~Q(email="") | Q(token_hash__isnull=False)),
    )
    deleted = False
    if assessment.is_closed and not counts["total"]:
        deleted = AuditEvent.objects.filter(
            assessment=assessment,
            action__in=[Event.RETENTION_PURGED, Event.INVITATIONS_DELETED],
        ).exists()
    return CopyPlan(counts["emails"], counts["total"] - counts["emails"], deleted)


def suggested_title(assessment: Assessment) -> str:
    base = ROUND_SUFFIX.sub("", assessment.title)
    title = _("%(title)s — round %(number)d") % {
        "title": base,
        "number": round_number(assessment) + 1,
    }
    return title[:200]


def model_choices(assessment: Assessment) -> list[CapabilityModel]:
    """The round's own model version and every later version that continues it, newest
    first: with these the trend can follow the aspects from one round to the next."""
    return successors(assessment.capability_model)


def _model_for(assessment: Assessment, ref: str | None) -> CapabilityModel:
    choices = model_choices(assessment)
    if ref is None:
        return choices[0]
    for model in choices:
        if model.ref == ref:
            return model
    raise DomainError(
        _("A follow-up round uses the same model, in this version or one that continues it.")
    )


def _check_can_follow(assessment: Assessment) -> None:
    if assessment.state == Assessment.State.DRAFT:
        raise DomainError(_("Start a follow-up once this round has been opened."))
    existing = follow_up_of(assessment)
    if existing is not None:
        raise DomainError(
            _("This round already has a follow-up round: “%(title)s”.") % {"title": existing.title}
        )


def _invitation_rows(assessment: Assessment) -> list[InvitationRow]:
    rows = assessment.invitations.filter(kind=Invitation.Kind.EMAIL).exclude(email="")
    return [
        InvitationRow(email=i.email, role=i.role, department=i.department, group=i.group,
                      language=i.language)
        for i in rows.order_by("created", "id")
    ]  # fmt: skip


@transaction.atomic
def start_follow_up(assessment: Assessment, by: User | None, **overrides: Any) -> Assessment:
    """A new draft round after `assessment`, with its settings and e-mail invitation list.

    Overrides: title, opens_on, closes_on and model_ref (this version or a later one that
    continues it; by default the newest such version). Personal links and open-link
    invitations carry no address and are not copied (`copy_plan` tells how many)."""
    unknown = set(overrides) - set(OVERRIDES)
    if unknown:
        raise TypeError(f"Not a setting of a follow-up round: {', '.join(sorted(unknown))}")
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_can_follow(assessment)
    model = _model_for(assessment, overrides.get("model_ref"))
    new = domain.create_assessment(
        assessment.organisation,
        by,
        model_ref=model.ref,
        title=overrides.get("title") or suggested_title(assessment),
        opens_on=overrides.get("opens_on"),
        closes_on=overrides.get("closes_on"),
        previous=assessment,
        **{name: _copy(getattr(assessment, name)) for name in COPIED},
    )
    domain.add_email_invitations(new, _invitation_rows(assessment))
    return new


def _copy(value: Any) -> Any:
    """Lists and dicts are copied, so the two rounds never share a mutable value."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value

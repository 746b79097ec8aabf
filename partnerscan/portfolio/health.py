"""Workflows of a partnership's health check, from the editor's side: start it, hand out links per
side, close it; and what a closed check hands to the numbers (`health_records`).

Each write is atomic, audited, and the only way it happens. The respondents' side is in
`health_responding.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.capability.loader import get_health_model
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError
from partnerscan.core.languages import LANGUAGES
from partnerscan.portfolio.health_records import closed_records
from partnerscan.portfolio.models import (
    HealthCheck,
    HealthInvitation,
    HealthResponse,
    Partnership,
    Side,
)
from partnerscan.scoring.health import HealthRespondent

MAX_LINKS = 200


@transaction.atomic
def start_health_check(
    partnership: Partnership, by: User | None, model_ref: str | None = None
) -> HealthCheck:
    """A new open check on the newest shipped health model (or `model_ref`), pinned now.

    The partnership's row is locked, so two editors pressing start at once make one check;
    the database's constraint says the same for any other way in."""
    locked = Partnership.objects.select_for_update().select_related("organisation")
    partnership = locked.get(pk=partnership.pk)
    if partnership.health_checks.filter(state=HealthCheck.State.OPEN).exists():
        raise DomainError(_("This partnership already has an open health check."))
    try:
        model = get_health_model(model_ref)
    except LookupError:
        raise DomainError(_("No health check model is installed.")) from None
    check = HealthCheck.objects.create(
        partnership=partnership, model_id=model.id, model_version=model.version, created_by=by
    )
    _record(Event.HEALTH_CHECK_STARTED, check, by, partnership)
    return check


@transaction.atomic
def create_health_links(
    check: HealthCheck, by: User | None, side: str, count: int, language: str = "nl"
) -> list[str]:
    """N links for people of one side; the tokens are returned once and never stored."""
    if side not in Side.values:
        raise DomainError(_("Choose a side: our organisation or the partner."))
    if language not in LANGUAGES:
        raise DomainError(_("Choose Dutch or English."))
    if not 1 <= count <= MAX_LINKS:
        raise DomainError(_("Make between 1 and %(max)d links at a time.") % {"max": MAX_LINKS})
    check = _locked_check(check)
    if not check.is_open:
        raise DomainError(_("This health check is closed."))
    made = [tokens.new_token() for _ in range(count)]
    HealthInvitation.objects.bulk_create(
        HealthInvitation(
            health_check=check,
            side=side,
            language=language,
            token_hash=tokens.invitation_hash(token),
        )
        for token in made
    )
    _record(Event.HEALTH_LINKS_MADE, check, by, check.partnership, n=count, side=side)
    return made


@transaction.atomic
def close_health_check(check: HealthCheck, by: User | None) -> HealthCheck:
    """Close the check and delete the response keys: from now on not even a respondent's own
    link leads to their answers. Closing a closed check changes nothing."""
    check = _locked_check(check)
    if not check.is_open:
        return check
    check.state = HealthCheck.State.CLOSED
    check.closed_at = timezone.now()
    check.save(update_fields=["state", "closed_at"])
    # Takes each response's row lock, which a racing save waits for and then finds keyless.
    HealthResponse.objects.filter(health_check=check).update(key_hash=None)
    # Mailed links kept their contact's address for the reminder only (docs/privacy.md).
    HealthInvitation.objects.filter(health_check=check).exclude(email="").update(email="")
    _record(Event.HEALTH_CHECK_CLOSED, check, by, check.partnership)
    return check


def _locked_check(check: HealthCheck) -> HealthCheck:
    locked = HealthCheck.objects.select_for_update(of=("self",))
    return locked.select_related("partnership__organisation").get(pk=check.pk)


def _record(
    event: str, check: HealthCheck, by: User | None, partnership: Partnership, **extra: object
) -> None:
    params = {"id": partnership.pk, "name": partnership.name, "check": check.pk, **extra}
    detail = f"health check {check.pk} of partnership {partnership.pk}"
    record(
        event,
        user=by,
        organisation=partnership.organisation,
        detail=detail,
        code=str(event),
        params=params,
    )


# --- figures for the pages -----------------------------------------------------------------------


@dataclass
class SideCounts:
    """Totals of one side of one check; never anything per link."""

    links: int = 0
    started: int = 0
    submitted: int = 0
    counting: int = 0  # respondents with answers; only filled in for a closed check


@dataclass
class CheckRow:
    check: HealthCheck
    sides: dict[str, SideCounts] = field(default_factory=dict)

    @property
    def own(self) -> SideCounts:
        return self.sides["own"]

    @property
    def partner(self) -> SideCounts:
        return self.sides["partner"]


def check_rows(partnership: Partnership) -> list[CheckRow]:
    """Every check of the partnership, newest first, with its totals per side: three queries
    however many checks there are."""
    rows = {c.pk: CheckRow(c, {s: SideCounts() for s in Side.values}) for c in _checks(partnership)}
    links = (
        HealthInvitation.objects.filter(health_check__partnership=partnership)
        .values("health_check_id", "side")
        .annotate(
            links=Count("id"),
            started=Count("id", filter=Q(started_on__isnull=False)),
            submitted=Count("id", filter=Q(submitted_on__isnull=False)),
        )
    )
    for made in links:
        counts = rows[made["health_check_id"]].sides[made["side"]]
        counts.links, counts.started, counts.submitted = (
            made["links"],
            made["started"],
            made["submitted"],
        )
    closed = HealthResponse.objects.counting().filter(
        health_check__partnership=partnership, health_check__state=HealthCheck.State.CLOSED
    )
    for counted in closed.values("health_check_id", "side").annotate(n=Count("id")):
        rows[counted["health_check_id"]].sides[counted["side"]].counting = counted["n"]
    return list(rows.values())


def _checks(partnership: Partnership) -> Iterable[HealthCheck]:
    return HealthCheck.objects.filter(partnership=partnership).order_by("-opened_at", "-id")


# --- what the numbers need -----------------------------------------------------------------------


def health_records(check: HealthCheck) -> list[HealthRespondent]:
    """The counting respondents of a closed check (health_records.closed_records). Refused
    while the check is open: one submission would then show in what members see."""
    if check.is_open:
        raise DomainError(_("The results of a health check are shown once it is closed."))
    return closed_records([check])[check.pk]

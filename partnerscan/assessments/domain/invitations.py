"""Invitations: personal links, e-mail invitations and their tokens."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.domain.common import ensure_not_closed
from partnerscan.assessments.models import Assessment, Invitation, ReplacedLink
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError


@dataclass(frozen=True)
class InvitationRow:
    email: str = ""
    role: str = ""
    department: str = ""
    group: str = ""
    language: str = "nl"


def create_links(
    assessment: Assessment, count: int, language: str = "nl", by: User | None = None
) -> list[str]:
    """N personal links to hand out; the tokens are returned once and never stored. Made by a
    person (`by`), it is in the audit log."""
    with transaction.atomic():
        ensure_not_closed(assessment)
        if not 1 <= count <= 1000:
            raise DomainError(_("Create between 1 and 1,000 links at a time."))
        made = [tokens.new_token() for _ in range(count)]
        Invitation.objects.bulk_create(
            Invitation(
                assessment=assessment,
                kind=Invitation.Kind.LINK,
                language=language,
                token_hash=tokens.invitation_hash(token),
            )
            for token in made
        )
        if by is not None:
            _record_added(assessment, by, "links", count)
        return made


def add_email_invitations(
    assessment: Assessment, rows: list[InvitationRow], by: User | None = None
) -> list[Invitation]:
    """Queue e-mail invitations; the worker makes each token when it sends the mail.

    One address is one invitation: a repeat in the batch (in any case, with spaces around
    it) and an address this round already invited are skipped; the first line wins. Added by
    a person (`by`), how many is in the audit log (never the addresses).
    """
    with transaction.atomic():
        ensure_not_closed(assessment)
        existing = set(assessment.invitations.exclude(email="").values_list("email", flat=True))
        new: dict[str, InvitationRow] = {}
        for row in rows:
            email = row.email.strip().lower()
            if email not in existing:
                new.setdefault(email, row)
        added = Invitation.objects.bulk_create(
            Invitation(
                assessment=assessment,
                kind=Invitation.Kind.EMAIL,
                email=email,
                role=row.role,
                department=row.department,
                group=row.group,
                language=row.language,
            )
            for email, row in new.items()
        )
        if by is not None:
            _record_added(assessment, by, "emails", len(added))
        return added


def _record_added(assessment: Assessment, by: User, kind: str, count: int) -> None:
    record(
        Event.INVITATIONS_ADDED,
        user=by,
        assessment=assessment,
        detail=f"{count} {kind}",
        code="invitations_added",
        params={"kind": kind, "count": count},
    )


def issue_email_token(invitation: Invitation) -> str:
    """A fresh token for an e-mail invitation (at sending); an older link stops working.

    The older link's hash is kept, so whoever opens it is told to use the newest e-mail
    rather than "not found", and does not count as guessing.
    """
    with transaction.atomic():
        token = tokens.new_token()
        if invitation.token_hash:
            ReplacedLink.objects.get_or_create(
                token_hash=invitation.token_hash, defaults={"invitation": invitation}
            )
        invitation.token_hash = tokens.invitation_hash(token)
        invitation.save(update_fields=["token_hash"])
        return token


def find_replaced_link(token: str) -> ReplacedLink | None:
    """The replaced link this token was, with its invitation (for the respondent's language)."""
    if not tokens.looks_like_token(token):
        return None
    return (
        ReplacedLink.objects.select_related("invitation__assessment")
        .filter(token_hash=tokens.invitation_hash(token))
        .first()
    )

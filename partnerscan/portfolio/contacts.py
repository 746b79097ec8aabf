"""Who the health-check rhythm invites: the contacts of a partnership, per side.

Editors add and remove them; each write is atomic and audited, without the address (the audit
log holds no personal data of the people a partnership works with). Members who may not edit
see only how many contacts each side has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.errors import DomainError
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.mail import is_email
from partnerscan.portfolio.models import Partnership, PartnershipContact, Side


@transaction.atomic
def add_contact(
    partnership: Partnership, by: User | None, side: str, email: str, name: str, language: str
) -> PartnershipContact:
    email, name = email.strip(), name.strip()
    _refuse_wrong(side, email, language)
    if partnership.contacts.filter(email__iexact=email).exists():
        raise DomainError(_("This address is already a contact of this partnership."))
    contact = PartnershipContact.objects.create(
        partnership=partnership, side=side, email=email, name=name[:150], language=language
    )
    _record(Event.CONTACT_ADDED, contact, by)
    return contact


@transaction.atomic
def remove_contact(contact: PartnershipContact, by: User | None) -> None:
    """The contact goes; links already mailed to them stay until their check closes."""
    _record(Event.CONTACT_REMOVED, contact, by)
    contact.delete()


def _refuse_wrong(side: str, email: str, language: str) -> None:
    if side not in Side.values:
        raise DomainError(_("Choose a side: our organisation or the partner."))
    if language not in LANGUAGES:
        raise DomainError(_("Choose Dutch or English."))
    if not is_email(email):
        raise DomainError(_("Enter a valid e-mail address."))


def _record(event: str, contact: PartnershipContact, by: User | None) -> None:
    partnership = contact.partnership
    record(
        event,
        user=by,
        organisation=partnership.organisation,
        detail=f"contact ({contact.side}) of partnership {partnership.pk}",
        code=str(event),
        params={"id": partnership.pk, "name": partnership.name, "side": contact.side},
    )


@dataclass
class ContactList:
    """What the partnership page shows: counts per side for everyone, addresses for editors."""

    counts: dict[str, int] = field(default_factory=dict)
    contacts: list[PartnershipContact] = field(default_factory=list)

    @property
    def own(self) -> int:
        return self.counts.get(Side.OWN, 0)

    @property
    def partner(self) -> int:
        return self.counts.get(Side.PARTNER, 0)


def contact_list(partnership: Partnership, with_addresses: bool) -> ContactList:
    """One query, however many contacts there are."""
    found = list(partnership.contacts.all())
    counts = {side: sum(1 for c in found if c.side == side) for side in Side.values}
    return ContactList(counts, found if with_addresses else [])

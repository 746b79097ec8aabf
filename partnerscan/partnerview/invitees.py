"""Who can be invited to a partner round: the partner-side contacts of the portfolio, and lines
of pasted text (`email;partner organisation[;language]`). Both give `Invitee` rows, which the
workflow (domain.add_partner_invitations) checks and adds; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from partnerscan.core.languages import LANGUAGES
from partnerscan.portfolio.models import PartnerOrganisation, PartnershipContact, Side


@dataclass(frozen=True)
class Invitee:
    email: str
    organisation: str
    language: str = "nl"
    partner: PartnerOrganisation | None = None
    line: int = 0  # the line of the pasted text; 0 for a contact of the portfolio
    extra: bool = False  # the line had more fields than it may


def parse_pasted(text: str, language: str = "nl") -> list[Invitee]:
    """One invitee per non-empty line, numbered as the editor sees the lines; a line without a
    language takes `language`. Languages are codes in any case (NL, en)."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        email, organisation, code, *more = [*(cell.strip() for cell in line.split(";")), "", ""]
        rows.append(
            Invitee(
                email=email,
                organisation=organisation,
                language=code.lower() or language,
                line=number,
                extra=any(more),
            )
        )
    return rows


@dataclass(frozen=True)
class Candidate:
    """A contact of the checklist: someone of the partner side of a partnership with exactly one
    partner organisation, so it is clear which organisation they speak for."""

    contact: PartnershipContact
    partner: PartnerOrganisation

    @property
    def invitee(self) -> Invitee:
        return Invitee(
            email=self.contact.email,
            organisation=self.partner.name,
            language=self.contact.language if self.contact.language in LANGUAGES else "nl",
            partner=self.partner,
        )


def candidates(organisation_id: int, invited: frozenset[str] = frozenset()) -> list[Candidate]:
    """The checklist of an organisation, one entry per address (its first partnership's), by
    partner organisation; addresses in `invited` (lower case) are left out. Two queries."""
    contacts = (
        PartnershipContact.objects.filter(
            side=Side.PARTNER, partnership__organisation_id=organisation_id
        )
        .annotate(partners=Count("partnership__partners"))
        .filter(partners=1)
        .select_related("partnership")
        .order_by("partnership__name", "email", "id")
    )
    found = list(contacts)
    partners = _only_partners([c.partnership_id for c in found])
    seen = set(invited)
    listed = []
    for contact in found:
        if contact.email.lower() in seen:
            continue
        seen.add(contact.email.lower())
        listed.append(Candidate(contact, partners[contact.partnership_id]))
    return sorted(listed, key=lambda c: (c.partner.name.lower(), c.contact.email.lower()))


def _only_partners(partnership_ids: list[int]) -> dict[int, PartnerOrganisation]:
    through = PartnerOrganisation.partnerships.through.objects.filter(
        partnership_id__in=partnership_ids
    ).select_related("partnerorganisation")
    return {row.partnership_id: row.partnerorganisation for row in through}


def chosen(organisation_id: int, contact_ids: list[int]) -> list[Invitee]:
    """The invitees of the contacts ticked on the checklist; an id that could not be on it
    (another organisation's, a contact of the own side) is ignored. One invited meanwhile is
    kept, so the workflow says so."""
    wanted = set(contact_ids)
    return [c.invitee for c in candidates(organisation_id) if c.contact.pk in wanted]

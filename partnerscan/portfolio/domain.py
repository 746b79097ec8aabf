"""Workflows of the portfolio. Each is atomic, writes an audit event, and is the only way its
write happens: the pages, the import, the demo and the admin's operators all go through here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Organisation, User
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.portfolio.checks import partner_problems, partnership_problems
from partnerscan.portfolio.models import PartnerOrganisation, Partnership


def _refuse(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Texts without surrounding spaces, departments once each and in the given order."""
    cleaned = dict(fields)
    for name in ("name", "owner_name"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    if "departments" in cleaned:
        cleaned["departments"] = list(dict.fromkeys(cleaned["departments"] or []))
    return cleaned


# --- partner organisations -----------------------------------------------------------------------


@transaction.atomic
def create_partner(
    organisation: Organisation, by: User | None, name: str, kind: str = ""
) -> PartnerOrganisation:
    fields = _clean({"name": name, "kind": kind})
    _refuse(partner_problems(organisation, fields))
    partner = PartnerOrganisation.objects.create(organisation=organisation, **fields)
    _record_partner(Event.PARTNER_ADDED, "partner_added", partner, by)
    return partner


@transaction.atomic
def update_partner(partner: PartnerOrganisation, by: User | None, **fields: Any) -> None:
    fields = _clean(fields)
    _refuse(partner_problems(partner.organisation, fields, partner))
    changed = [name for name, value in fields.items() if getattr(partner, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(partner, name, fields[name])
    partner.save(update_fields=changed)
    _record_partner(Event.PARTNER_CHANGED, "partner_changed", partner, by, changed)


@transaction.atomic
def delete_partner(partner: PartnerOrganisation, by: User | None) -> None:
    """Refused while a partnership names it: a partnership keeps at least one partner."""
    used = list(partner.partnerships.values_list("name", flat=True))
    if used:
        message = _("Still a partner in: %(names)s. Remove it from those partnerships first.")
        raise ValidationError(message % {"names": ", ".join(used)})
    _record_partner(Event.PARTNER_DELETED, "partner_deleted", partner, by)
    partner.delete()


def _record_partner(
    event: str,
    code: str,
    partner: PartnerOrganisation,
    by: User | None,
    changed: Sequence[str] = (),
) -> None:
    params: dict[str, Any] = {"id": partner.pk, "name": partner.name}
    if changed:
        params["fields"] = list(changed)
    detail = f"partner organisation {partner.pk}"
    record(
        event, user=by, organisation=partner.organisation, detail=detail, code=code, params=params
    )


# --- partnerships --------------------------------------------------------------------------------


@transaction.atomic
def create_partnership(organisation: Organisation, by: User | None, **fields: Any) -> Partnership:
    fields = _clean(fields)
    _refuse(partnership_problems(organisation, fields))
    partners = fields.pop("partners")
    partnership = Partnership.objects.create(organisation=organisation, created_by=by, **fields)
    partnership.partners.set(partners)
    _record_partnership(Event.PARTNERSHIP_ADDED, "partnership_added", partnership, by)
    return partnership


@transaction.atomic
def update_partnership(partnership: Partnership, by: User | None, **fields: Any) -> Partnership:
    """Save only what changed; an unchanged form writes nothing and logs nothing."""
    fields = _clean(fields)
    # Compare with the stored row: a ModelForm has already written its values on the object.
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("organisation")
        .get(pk=partnership.pk)
    )
    _refuse(partnership_problems(partnership.organisation, fields, partnership))
    changed = _apply(partnership, fields)
    if changed:
        _record_partnership(
            Event.PARTNERSHIP_CHANGED, "partnership_changed", partnership, by, changed
        )
    return partnership


def _apply(partnership: Partnership, fields: dict[str, Any]) -> list[str]:
    """Write the fields that differ from the stored ones; their names."""
    changed = []
    partners = fields.pop("partners", None)
    if partners is not None and {p.pk for p in partners} != set(
        partnership.partners.values_list("pk", flat=True)
    ):
        partnership.partners.set(partners)
        changed.append("partners")
    columns = [name for name, value in fields.items() if getattr(partnership, name) != value]
    for name in columns:
        setattr(partnership, name, fields[name])
    if columns:
        partnership.save(update_fields=[*columns, "updated"])
    return changed + columns


@transaction.atomic
def delete_partnership(partnership: Partnership, by: User | None) -> None:
    _record_partnership(Event.PARTNERSHIP_DELETED, "partnership_deleted", partnership, by)
    partnership.delete()


def _record_partnership(
    event: str, code: str, partnership: Partnership, by: User | None, changed: Sequence[str] = ()
) -> None:
    # The name and the field names only: an owner's name and the notes are free text.
    params: dict[str, Any] = {"id": partnership.pk, "name": partnership.name}
    detail = f"partnership {partnership.pk}"
    if changed:
        params["fields"] = list(changed)
        detail += f"; changed {', '.join(changed)}"
    record(
        event,
        user=by,
        organisation=partnership.organisation,
        detail=detail,
        code=code,
        params=params,
    )


# --- the register as a file ----------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One partnership of an imported file, checked: its fields, the names of its partners, and
    the kinds the file gives new partners (a kind for a known partner changes it)."""

    name: str
    fields: dict[str, Any]
    partner_names: tuple[str, ...]
    kinds: dict[str, str]


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int
    partners_created: int


@transaction.atomic
def import_register(
    organisation: Organisation, by: User | None, rows: Sequence[RegisterRow]
) -> Imported:
    """Create or change (by name) the partnerships of checked rows; new partners by name.

    The rows were checked as a whole (portfolio/register_file.py); any refusal here undoes all.
    """
    partners = {p.name.casefold(): p for p in organisation.partner_organisations.all()}
    existing = {p.name.casefold(): p for p in organisation.partnerships.all()}
    new_partners = created = updated = 0
    for row in rows:
        for name in row.partner_names:
            kind = row.kinds.get(name.casefold(), "")
            partner = partners.get(name.casefold())
            if partner is None:
                partner = PartnerOrganisation.objects.create(
                    organisation=organisation, name=name, kind=kind
                )
                partners[name.casefold()] = partner
                new_partners += 1
            elif kind and partner.kind != kind:
                partner.kind = kind
                partner.save(update_fields=["kind"])
        fields = {**row.fields, "partners": [partners[n.casefold()] for n in row.partner_names]}
        current = existing.get(row.name.casefold())
        _refuse(partnership_problems(organisation, _clean(fields), current))
        if current is None:
            partnership = Partnership.objects.create(
                organisation=organisation, created_by=by, **_clean(row.fields)
            )
            partnership.partners.set(fields["partners"])
            created += 1
        elif _apply(current, _clean(fields)):
            updated += 1
    result = Imported(created, updated, new_partners)
    params = {"created": created, "updated": updated, "partners": new_partners}
    record(
        Event.PORTFOLIO_IMPORTED,
        user=by,
        organisation=organisation,
        detail=f"portfolio imported: {created} new, {updated} changed, {new_partners} partners",
        code="portfolio_imported",
        params=params,
    )
    return result

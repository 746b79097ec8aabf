"""The portfolio's workflows: each write is checked, audited, and refused with the field named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerscan.accounts.models import Organisation, User
from partnerscan.audit.models import AuditEvent
from partnerscan.portfolio import domain
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

from .conftest import partnership

pytestmark = pytest.mark.django_db


def events() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.order_by("id").values_list("action", "code"))


def test_every_write_leaves_an_audit_event(org_a: Organisation, alice: User) -> None:
    partner = domain.create_partner(org_a, alice, "Care Group", "non-profit")
    domain.update_partner(partner, alice, name="Care Group North")
    care = partnership(org_a, alice, "Care chain", [partner])
    domain.update_partnership(care, alice, phase="ending", goal_date=dt.date(2027, 1, 1))
    care_id = care.pk
    domain.delete_partnership(care, alice)
    domain.delete_partner(partner, alice)
    assert events() == [
        ("partner_added", "partner_added"),
        ("partner_changed", "partner_changed"),
        ("partnership_added", "partnership_added"),
        ("partnership_changed", "partnership_changed"),
        ("partnership_deleted", "partnership_deleted"),
        ("partner_deleted", "partner_deleted"),
    ]
    changed = AuditEvent.objects.get(code="partnership_changed")
    assert changed.params == {
        "id": care_id,
        "name": "Care chain",
        "fields": ["phase", "goal_date"],
    }
    with translation.override("en"):
        assert changed.sentence == f"partnership {care_id} “Care chain”: changed phase, goal date"
    with translation.override("nl"):
        assert "Care chain" in changed.sentence and "fase" in changed.sentence


def test_an_unchanged_save_writes_and_logs_nothing(care: Partnership, alice: User) -> None:
    before = AuditEvent.objects.count()
    domain.update_partnership(
        care, alice, name="Care chain", phase="running", partners=list(care.partners.all())
    )
    assert AuditEvent.objects.count() == before


def test_refusals_name_their_fields(org_a: Organisation, org_b: Organisation, alice: User) -> None:
    foreign = domain.create_partner(org_b, None, "Elsewhere")
    with pytest.raises(ValidationError) as refused:
        domain.create_partnership(
            org_a,
            alice,
            name=" ",
            partners=[foreign],
            challenge_type="maritime",
            goal="",
            phase="dreaming",
            importance=4,
            departments=["Policy", "Marketing"],
            review_interval_months=0,
        )
    assert sorted(refused.value.message_dict) == [
        "challenge_type",
        "departments",
        "goal",
        "importance",
        "name",
        "partners",
        "phase",
        "review_interval_months",
    ]
    assert not Partnership.objects.exists()


def test_names_are_unique_per_organisation_whatever_the_case(
    org_a: Organisation, org_b: Organisation, alice: User, partner: PartnerOrganisation
) -> None:
    with pytest.raises(ValidationError) as refused:
        domain.create_partner(org_a, alice, "care group")
    assert list(refused.value.message_dict) == ["name"]
    domain.create_partner(org_b, None, "Care Group")  # another organisation may
    partnership(org_a, alice, "Care chain", [partner])
    with pytest.raises(ValidationError) as refused:
        partnership(org_a, alice, "CARE CHAIN", [partner])
    assert list(refused.value.message_dict) == ["name"]


def test_a_goal_is_required(org_a: Organisation, alice: User, partner: PartnerOrganisation) -> None:
    with pytest.raises(ValidationError) as refused:
        domain.create_partnership(
            org_a, alice, name="X", partners=[partner], challenge_type="chain"
        )
    assert list(refused.value.message_dict) == ["goal"]


def test_the_owner_is_a_member_or_a_name_never_both(
    org_a: Organisation, org_b: Organisation, alice: User, partner: PartnerOrganisation
) -> None:
    outsider = org_b.memberships.get()
    with pytest.raises(ValidationError) as refused:
        partnership(org_a, alice, "A", [partner], owner=outsider)
    assert list(refused.value.message_dict) == ["owner"]
    member = org_a.memberships.get(user=alice)
    with pytest.raises(ValidationError) as refused:
        partnership(org_a, alice, "A", [partner], owner=member, owner_name="Kim")
    assert list(refused.value.message_dict) == ["owner_name"]


def test_a_partner_in_use_cannot_be_deleted(
    care: Partnership, partner: PartnerOrganisation, alice: User
) -> None:
    with pytest.raises(ValidationError, match="Care chain"):
        domain.delete_partner(partner, alice)
    assert PartnerOrganisation.objects.filter(pk=partner.pk).exists()


def test_an_owner_who_leaves_leaves_the_partnership_without_owner(
    org_a: Organisation, alice: User, bob: User, partner: PartnerOrganisation
) -> None:
    from partnerscan.accounts import domain as accounts_domain

    bobs = org_a.memberships.get(user=bob)
    care = partnership(org_a, alice, "Care chain", [partner], owner=bobs)
    accounts_domain.remove_member(bobs, by=alice)
    care.refresh_from_db()
    assert care.owner is None

"""The admin cannot do what the workflows refuse: leave an organisation without an owner, or
rewrite the audit log. A superuser who tries sees why, and nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client
from support import PASSWORD, logged_in

from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.audit.events import record
from partnerscan.audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db

LAST_OWNER = "An organisation needs at least one owner."


@pytest.fixture
def operator(db: None) -> Client:
    root = User.objects.create_superuser("root@example.org", PASSWORD)
    return logged_in(root)


@pytest.fixture
def alices_membership(org_a: Organisation, alice: User) -> Membership:
    return Membership.objects.get(organisation=org_a, user=alice)


def page_of(client: Client, url: str) -> str:
    return client.get(url).content.decode()


def test_deleting_the_last_owners_membership_is_refused_with_the_reason(
    operator: Client, alices_membership: Membership
) -> None:
    url = f"/admin/accounts/membership/{alices_membership.pk}/delete/"
    response = operator.post(url, {"post": "yes"}, follow=True)
    assert LAST_OWNER in response.content.decode()
    assert Membership.objects.get(pk=alices_membership.pk).role == Membership.Role.OWNER
    assert not AuditEvent.objects.exists()


def test_the_delete_confirmation_is_not_even_offered_for_the_last_owner(
    operator: Client, alices_membership: Membership
) -> None:
    response = operator.get(f"/admin/accounts/membership/{alices_membership.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/accounts/membership/{alices_membership.pk}/change/"


def test_demoting_the_last_owner_is_refused_with_the_reason(
    operator: Client, alices_membership: Membership
) -> None:
    url = f"/admin/accounts/membership/{alices_membership.pk}/change/"
    response = operator.post(url, {"role": "viewer"})
    assert response.status_code == 200  # the form again, with its error
    assert LAST_OWNER in response.content.decode()
    assert Membership.objects.get(pk=alices_membership.pk).role == Membership.Role.OWNER


def test_with_a_second_owner_the_admin_demotes_and_removes_through_the_workflows(
    operator: Client, org_a: Organisation, alices_membership: Membership, bob: User
) -> None:
    Membership.objects.filter(organisation=org_a, user=bob).update(role=Membership.Role.OWNER)
    url = f"/admin/accounts/membership/{alices_membership.pk}/"
    assert operator.post(url + "change/", {"role": "editor"}).status_code == 302
    assert Membership.objects.get(pk=alices_membership.pk).role == Membership.Role.EDITOR
    assert operator.post(url + "delete/", {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=alices_membership.pk).exists()
    codes = AuditEvent.objects.filter(organisation=org_a).values_list("code", flat=True)
    assert sorted(codes) == ["member_removed", "member_role"]


def test_the_organisation_page_shows_members_without_a_way_to_remove_them(
    operator: Client, org_a: Organisation
) -> None:
    html = page_of(operator, f"/admin/accounts/organisation/{org_a.pk}/change/")
    assert "Alice" in html
    assert "memberships-0-DELETE" not in html
    assert 'name="memberships-0-role"' not in html


def test_deactivating_or_deleting_the_last_owners_account_is_refused_with_the_reason(
    operator: Client, org_a: Organisation, alice: User
) -> None:
    why = "The last owner of Org A is alice@example.org: make another member owner first."
    change = {
        "email": alice.email,
        "name": alice.name,
        "language": alice.language,
        "date_joined_0": "2025-01-01",
        "date_joined_1": "12:00:00",
    }  # is_active left out: the box unticked
    response = operator.post(f"/admin/accounts/user/{alice.pk}/change/", change)
    assert why in response.content.decode()
    response = operator.post(
        f"/admin/accounts/user/{alice.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert why in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active
    assert Membership.objects.filter(organisation=org_a, user=alice).exists()


def test_audit_events_can_be_read_but_not_changed_or_deleted(
    operator: Client, org_a: Organisation
) -> None:
    event = record(Event.MEMBERS_CHANGED, organisation=org_a, detail="removed")
    url = f"/admin/audit/auditevent/{event.pk}/"
    html = page_of(operator, url + "change/")
    assert "The audit log is read-only" in html
    assert 'name="_save"' not in html
    assert operator.post(url + "change/", {"detail": "nothing happened"}).status_code == 403
    assert operator.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert operator.get("/admin/audit/auditevent/add/").status_code == 403
    assert AuditEvent.objects.get().detail == "removed"

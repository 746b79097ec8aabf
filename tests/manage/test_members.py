"""Owners change members' roles and remove them; one owner always stays.

Adding is by invitation: tests/manage/test_member_invitations.py."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerscan.accounts.models import MemberInvitation, Membership, Organisation, User

pytestmark = pytest.mark.django_db


def roles(org: Organisation) -> list[tuple[str, str]]:
    return sorted(org.memberships.values_list("user__email", "role"))


def test_an_owner_changes_and_removes_a_member(
    as_alice: Client, bob: User, org_a: Organisation
) -> None:
    base = f"/orgs/{org_a.pk}/members/"
    bobs = Membership.objects.get(user=bob, organisation=org_a)
    as_alice.post(f"{base}{bobs.pk}/role/", {"role": "owner"})
    assert roles(org_a) == [("alice@example.org", "owner"), ("bob@example.org", "owner")]
    as_alice.post(f"{base}{bobs.pk}/remove/")
    assert roles(org_a) == [("alice@example.org", "owner")]


def test_the_last_owner_cannot_leave_or_step_down(
    as_alice: Client, alice: User, org_a: Organisation
) -> None:
    own = Membership.objects.get(user=alice, organisation=org_a)
    response = as_alice.post(
        f"/orgs/{org_a.pk}/members/{own.pk}/role/", {"role": "viewer"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "An organisation needs at least one owner."
    ]
    as_alice.post(f"/orgs/{org_a.pk}/members/{own.pk}/remove/")
    assert roles(org_a) == [("alice@example.org", "owner"), ("bob@example.org", "viewer")]


def test_a_bad_member_address_invites_nobody(as_alice: Client, org_a: Organisation) -> None:
    response = as_alice.post(
        f"/orgs/{org_a.pk}/members/", {"email": "nope", "role": "viewer"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Not invited: give a valid e-mail address and a role."
    ]
    assert len(roles(org_a)) == 2 and MemberInvitation.objects.count() == 0


def test_a_membership_of_another_organisation_is_a_404(
    as_alice: Client, org_a: Organisation, org_b: Organisation
) -> None:
    charlies = Membership.objects.get(organisation=org_b)
    response = as_alice.post(f"/orgs/{org_a.pk}/members/{charlies.pk}/remove/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=charlies.pk).exists()

"""Owners invite members by e-mail; a membership starts only when the invitee accepts.

A new address gets a single-use, expiring link to choose a password; an address with an
account accepts or declines after logging in. Until then no access helper lets them in.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from support import PASSWORD, client_in, english_client, logged_in

from partnerscan.accounts.models import MemberInvitation, Membership, Organisation, User
from partnerscan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-member-password"


def roles(org: Organisation) -> list[tuple[str, str]]:
    return sorted(org.memberships.values_list("user__email", "role"))


def invite(client: Client, org: Organisation, email: str, role: str = "editor") -> Any:
    return client.post(f"/orgs/{org.pk}/members/", {"email": email, "role": role}, follow=True)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def link_in(message: Any) -> str:
    found = re.search(r"https://scan\.example\.org(/accounts/join/[A-Za-z0-9_-]+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


@pytest.fixture(autouse=True)
def site_url(settings: Any) -> None:
    settings.SITE_URL = "https://scan.example.org"


def set_password(client: Client, path: str, password: str = NEW_PASSWORD) -> Any:
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_a_new_address_joins_through_the_mailed_link_once(
    as_alice: Client, org_a: Organisation
) -> None:
    response = invite(as_alice, org_a, " Dana@Example.org ")
    assert messages_of(response) == [
        "An invitation has been sent to dana@example.org. They become a member once they accept it."
    ]
    assert roles(org_a) == [("alice@example.org", "owner"), ("bob@example.org", "viewer")]
    [message] = mail.outbox
    assert (message.to, message.subject) == (
        ["dana@example.org"],
        "Invitation to join Org A on partnerscan",
    )
    path = link_in(message)
    dana = english_client()
    assert "Choose a password" in dana.get(path).content.decode()
    response = set_password(dana, path)
    assert response.status_code == 302 and response["Location"] == f"/orgs/{org_a.pk}/"
    assert ("dana@example.org", "editor") in roles(org_a)
    assert dana.get(f"/orgs/{org_a.pk}/").status_code == 200  # logged in
    assert User.objects.get(email="dana@example.org").check_password(NEW_PASSWORD)
    again = english_client().get(path)
    assert "This link has already been used" in again.content.decode()
    assert "new_password1" not in again.content.decode()
    assert set_password(english_client(), path, "another-password-42").status_code == 200
    assert User.objects.get(email="dana@example.org").check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_and_nobody_joins(as_alice: Client, org_a: Organisation) -> None:
    invite(as_alice, org_a, "dana@example.org")
    response = set_password(english_client(), link_in(mail.outbox[0]), "12345")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [
        "This password is too short. It must contain at least 8 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]
    assert not User.objects.filter(email="dana@example.org").exists()
    assert len(roles(org_a)) == 2


def test_an_expired_link_says_so_and_the_owner_sends_a_new_one(
    as_alice: Client, org_a: Organisation
) -> None:
    invite(as_alice, org_a, "dana@example.org")
    first = link_in(mail.outbox[0])
    MemberInvitation.objects.update(expires=timezone.now() - dt.timedelta(minutes=1))
    page = english_client().get(first).content.decode()
    assert "This invitation has expired. Ask an owner of Org A to send it again" in page
    assert set_password(english_client(), first).status_code == 200
    assert len(roles(org_a)) == 2
    invitation = MemberInvitation.objects.get()
    response = as_alice.post(
        f"/orgs/{org_a.pk}/members/invitations/{invitation.pk}/resend/", follow=True
    )
    assert messages_of(response) == [
        "An invitation has been sent to dana@example.org. They become a member once they accept it."
    ]
    second = link_in(mail.outbox[1])
    assert english_client().get(first).status_code == 404  # the new mail replaced it
    assert set_password(english_client(), second).status_code == 302
    assert ("dana@example.org", "editor") in roles(org_a)


def test_an_existing_account_counts_only_after_accepting(
    as_alice: Client, as_charlie: Client, org_a: Organisation, org_b: Organisation
) -> None:
    invite(as_alice, org_a, "charlie@example.org", "viewer")
    [message] = mail.outbox
    # Charlie's account speaks Dutch, so the mail does too, whoever invited him.
    assert message.subject == "Uitnodiging: word lid van Org A in partnerscan"
    assert as_charlie.get(f"/orgs/{org_a.pk}/").status_code == 404
    anonymous = english_client().get(link_in(message)).content.decode()
    assert "There is already an account for charlie@example.org" in anonymous
    assert "new_password1" not in anonymous
    assert as_charlie.get(link_in(message))["Location"] == "/orgs/"
    listed = as_charlie.get("/orgs/").content.decode()
    assert "Org A invites you as viewer." in listed
    invitation = MemberInvitation.objects.get()
    response = as_charlie.post(f"/orgs/invitations/{invitation.pk}/accept/")
    assert response["Location"] == f"/orgs/{org_a.pk}/"
    assert ("charlie@example.org", "viewer") in roles(org_a)
    assert as_charlie.get(f"/orgs/{org_a.pk}/").status_code == 200
    assert "Org A invites you" not in as_charlie.get("/orgs/").content.decode()


def test_the_link_never_sets_the_password_of_an_existing_account(
    as_alice: Client, charlie: User, org_a: Organisation, org_b: Organisation
) -> None:
    invite(as_alice, org_a, "charlie@example.org")
    assert set_password(english_client(), link_in(mail.outbox[0])).status_code == 200
    charlie.refresh_from_db()
    assert charlie.check_password(PASSWORD)
    assert roles(org_a) == [("alice@example.org", "owner"), ("bob@example.org", "viewer")]


def test_a_declined_invitation_leaves_no_membership_and_no_link(
    as_alice: Client, as_charlie: Client, org_a: Organisation, org_b: Organisation
) -> None:
    invite(as_alice, org_a, "charlie@example.org")
    invitation = MemberInvitation.objects.get()
    as_charlie.post(f"/orgs/invitations/{invitation.pk}/decline/")
    assert roles(org_a) == [("alice@example.org", "owner"), ("bob@example.org", "viewer")]
    assert MemberInvitation.objects.count() == 0
    assert english_client().get(link_in(mail.outbox[0])).status_code == 404


def test_nobody_else_accepts_an_invitation(
    as_alice: Client, as_bob: Client, org_a: Organisation, org_b: Organisation
) -> None:
    invite(as_alice, org_a, "charlie@example.org")
    invitation = MemberInvitation.objects.get()
    assert as_bob.post(f"/orgs/invitations/{invitation.pk}/accept/").status_code == 404
    assert english_client().post(f"/orgs/invitations/{invitation.pk}/accept/").status_code == 302
    assert MemberInvitation.objects.get().used_at is None


def test_the_members_page_lists_pending_invitations_and_an_owner_withdraws_one(
    as_alice: Client, as_bob: Client, org_a: Organisation
) -> None:
    invite(as_alice, org_a, "dana@example.org", "viewer")
    invitation = MemberInvitation.objects.get()
    page = as_alice.get(f"/orgs/{org_a.pk}/").content.decode()
    assert "Invited, not yet accepted" in page and "dana@example.org" in page
    assert "dana@example.org" not in as_bob.get(f"/orgs/{org_a.pk}/").content.decode()
    response = as_alice.post(
        f"/orgs/{org_a.pk}/members/invitations/{invitation.pk}/revoke/", follow=True
    )
    assert messages_of(response) == ["The invitation to dana@example.org is withdrawn."]
    assert MemberInvitation.objects.count() == 0
    assert english_client().get(link_in(mail.outbox[0])).status_code == 404


def test_only_an_owner_of_the_organisation_resends_or_withdraws(
    as_alice: Client, as_bob: Client, as_charlie: Client, org_a: Organisation, org_b: Organisation
) -> None:
    invite(as_alice, org_a, "dana@example.org")
    invitation = MemberInvitation.objects.get()
    for action in ("resend", "revoke"):
        path = f"/orgs/{org_a.pk}/members/invitations/{invitation.pk}/{action}/"
        assert as_charlie.post(path).status_code == 404
        assert as_bob.post(path).status_code == 403
        foreign = f"/orgs/{org_b.pk}/members/invitations/{invitation.pk}/{action}/"
        assert as_charlie.post(foreign).status_code == 404
    assert len(mail.outbox) == 1 and MemberInvitation.objects.count() == 1


def test_inviting_a_member_again_is_refused(as_alice: Client, org_a: Organisation) -> None:
    response = invite(as_alice, org_a, "bob@example.org", "owner")
    assert messages_of(response) == ["bob@example.org is already a member."]
    assert mail.outbox == [] and ("bob@example.org", "viewer") in roles(org_a)


def test_invitations_and_answers_are_in_the_audit_log_without_addresses(
    as_alice: Client, as_charlie: Client, org_a: Organisation, org_b: Organisation
) -> None:
    invite(as_alice, org_a, "charlie@example.org", "viewer")
    invitation = MemberInvitation.objects.get()
    as_alice.post(f"/orgs/{org_a.pk}/members/invitations/{invitation.pk}/resend/")
    as_charlie.post(f"/orgs/invitations/{invitation.pk}/accept/")
    events = AuditEvent.objects.filter(organisation=org_a).order_by("id")
    assert [(e.user.email, e.action, e.detail) for e in events] == [
        ("alice@example.org", "members_changed", "invited viewer"),
        ("alice@example.org", "members_changed", "invitation sent again"),
        ("charlie@example.org", "members_changed", "accepted the invitation as viewer"),
    ]


def test_guessing_join_links_is_rate_limited_without_locking_a_valid_link_forever(
    as_alice: Client, org_a: Organisation, settings: Any
) -> None:
    settings.RATE_LIMIT_TOKENS = (3, 600)
    invite(as_alice, org_a, "dana@example.org")
    guesser = english_client()
    statuses = [guesser.get(f"/accounts/join/{'x' * 30}{n}/").status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert guesser.get(link_in(mail.outbox[0])).status_code == 429
    assert english_client().get(link_in(mail.outbox[0]), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_member_added_directly_is_still_governed_by_the_last_owner_rule(
    as_alice: Client, alice: User, org_a: Organisation
) -> None:
    own = Membership.objects.get(user=alice, organisation=org_a)
    as_alice.post(f"/orgs/{org_a.pk}/members/{own.pk}/remove/")
    assert ("alice@example.org", "owner") in roles(org_a)


def test_a_dutch_owner_sends_a_new_address_a_dutch_invitation(
    alice: User, org_a: Organisation
) -> None:
    response = invite(logged_in(alice, "nl"), org_a, "dana@example.org")
    assert messages_of(response) == [
        "Er is een uitnodiging gestuurd naar dana@example.org. Zodra die is aangenomen, is dit "
        "adres lid."
    ]
    [message] = mail.outbox
    assert message.subject == "Uitnodiging: word lid van Org A in partnerscan"
    assert "als redacteur lid te worden" in message.body
    page = client_in("nl").get(link_in(message)).content.decode()
    assert "Kies een wachtwoord voor uw account (dana@example.org)" in page

"""The admin cannot change what only a workflow may set, nor make or delete what a workflow
owns: a round's state and open link, an invitation's progress and its very existence."""

from __future__ import annotations

from django.urls import reverse

from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation
from partnerscan.audit.models import AuditEvent, Event
from tests.support import PASSWORD, logged_in


def operator() -> User:
    return User.objects.create_superuser("root@example.org", PASSWORD)


def test_the_admin_cannot_reopen_a_closed_round_or_give_it_an_open_link(
    assessment_a: Assessment,
) -> None:
    domain.open_assessment(assessment_a)
    domain.close_assessment(assessment_a)
    url = reverse("admin:assessments_assessment_change", args=[assessment_a.pk])
    form = {
        "title": "Renamed",
        "retention_days": "30",
        "state": Assessment.State.OPEN,
        "open_link_hash": "a" * 64,
        "open_link_cap": "100000",
        "in_pool": "on",
        "min_group": "3",
    }

    page = logged_in(operator()).post(url, form)

    assert page.status_code == 302
    after = Assessment.objects.get(pk=assessment_a.pk)
    assert (after.title, after.retention_days) == ("Renamed", 30)
    assert (after.state, after.open_link_hash, after.open_link_cap, after.in_pool) == (
        Assessment.State.CLOSED,
        None,
        assessment_a.open_link_cap,
        False,
    )
    assert after.min_group == assessment_a.min_group


def test_the_admin_cannot_mark_an_invitation_submitted_or_change_its_address(
    assessment_a: Assessment,
) -> None:
    domain.create_links(assessment_a, 1)
    invitation = Invitation.objects.get(assessment=assessment_a)
    url = reverse("admin:assessments_invitation_change", args=[invitation.pk])
    form = {
        "language": "en",
        "email": "someone@example.org",
        "submitted_on": "2026-01-01",
        "kind": Invitation.Kind.EMAIL,
    }

    page = logged_in(operator()).post(url, form)

    assert page.status_code == 302
    after = Invitation.objects.get(pk=invitation.pk)
    assert (after.language, after.email, after.submitted_on, after.kind) == (
        "en",
        "",
        None,
        Invitation.Kind.LINK,
    )
    assert after.token_hash == invitation.token_hash


def test_the_admin_cannot_add_rounds_nor_add_or_delete_invitations(
    assessment_a: Assessment,
) -> None:
    domain.create_links(assessment_a, 1)
    invitation = Invitation.objects.get(assessment=assessment_a)
    client = logged_in(operator())

    pages = [
        client.get(reverse("admin:assessments_assessment_add")).status_code,
        client.get(reverse("admin:assessments_invitation_add")).status_code,
        client.post(
            reverse("admin:assessments_invitation_delete", args=[invitation.pk]), {"post": "yes"}
        ).status_code,
    ]

    assert pages == [403, 403, 403]
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_what_the_admin_may_change_goes_on_the_record_through_the_workflows(
    assessment_a: Assessment,
) -> None:
    domain.create_links(assessment_a, 1)
    invitation = Invitation.objects.get(assessment=assessment_a)
    root = logged_in(operator())
    root.post(
        reverse("admin:assessments_assessment_change", args=[assessment_a.pk]),
        {"title": "Renamed", "retention_days": "30"},
    )
    root.post(
        reverse("admin:assessments_invitation_change", args=[invitation.pk]),
        {"language": "en"},
    )
    events = AuditEvent.objects.filter(action=Event.SETTINGS_CHANGED)
    assert [(e.user.email, e.params) for e in events] == [
        ("root@example.org", {"fields": ["title", "retention_days"]})
    ]
    assert Invitation.objects.get(pk=invitation.pk).language == "en"

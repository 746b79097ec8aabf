"""The audit log records who viewed results, changed settings, closed and deleted data."""

from __future__ import annotations

import re

import pytest
from support import logged_in

from partnerscan.assessments import domain
from partnerscan.audit.models import AuditEvent

from .conftest import World

pytestmark = pytest.mark.django_db


def test_the_owner_sees_who_did_what_and_never_a_respondents_address(world: World) -> None:
    a = world.a.assessment
    AuditEvent.objects.all().delete()  # the world's own set-up is not what this test is about
    viewer, editor, owner = (logged_in(u) for u in (world.a.viewer, world.a.editor, world.a.owner))
    viewer.get(f"/assessments/{a.pk}/dashboard/")
    editor.post(
        f"/assessments/{a.pk}/edit/",
        {
            "title": "Round A",
            "languages": ["nl", "en"],
            "min_group": "3",
            "departments": "Policy\nOperations",
            "allow_amend": "on",
            "retention_days": "30",
        },
    )
    owner.post(f"/assessments/{a.pk}/erase/", {"link": world.a.answered[0]})
    editor.post(f"/assessments/{a.pk}/close/", {})
    owner.post(f"/assessments/{a.pk}/invitations/delete/")
    events = AuditEvent.objects.order_by("id").values_list(
        "user__email", "action", "assessment__title", "detail"
    )
    assert list(events) == [
        ("bob@example.org", "results_viewed", "Round A", "dashboard"),
        ("dave@example.org", "settings_changed", "Round A", "retention_days"),
        ("alice@example.org", "response_erased", "Round A", ""),
        ("dave@example.org", "closed", "Round A", ""),
        ("alice@example.org", "invitations_deleted", "Round A", "4 invitations"),
    ]
    page = owner.get(f"/orgs/{world.a.organisation.pk}/audit/").content.decode()
    assert page.count("<tr>") == 1 + 5
    assert "erased a respondent" in page and "respondent-a@example.net" not in page


def test_only_owners_read_the_audit_log_and_only_their_own(world: World) -> None:
    url = f"/orgs/{world.a.organisation.pk}/audit/"
    statuses = [logged_in(u).get(url).status_code for u in (world.a.editor, world.b.owner)]
    assert statuses == [403, 404]
    page = logged_in(world.b.owner).get(f"/orgs/{world.b.organisation.pk}/audit/")
    assert "Round A" not in page.content.decode()


def test_deleting_an_assessment_keeps_its_events(world: World) -> None:
    a = world.a.assessment
    logged_in(world.a.viewer).get(f"/assessments/{a.pk}/dashboard/")
    a.delete()
    event = AuditEvent.objects.get(action="results_viewed")
    assert (event.assessment, event.organisation) == (None, world.a.organisation)


def test_the_dutch_audit_log_says_each_detail_in_dutch_without_internal_names(
    world: World,
) -> None:
    a = world.a.assessment
    AuditEvent.objects.all().delete()
    owner = logged_in(world.a.owner, "nl")
    domain.set_interim_results(a, True, by=world.a.owner)
    domain.update_assessment(a, by=world.a.owner, retention_days=30, min_group=4)
    domain.queue_reminders(a, by=world.a.owner)
    domain.close_assessment(a, by=world.a.owner)
    domain.delete_invitations(a, by=world.a.owner)
    page = owner.get(f"/orgs/{world.a.organisation.pk}/audit/").content.decode()
    details = re.findall(r"<tr>(?:\s*<td>.*?</td>){4}\s*<td>(.*?)</td>", page, re.S)
    assert details == [
        "de e-mailadressen en links van 5 uitnodigingen verwijderd; de aantallen blijven",
        "—",
        "0 herinneringen klaargezet",
        "gewijzigd: dagen dat e-mailadressen na sluiten bewaard blijven, kleinste getoonde groep",
        "tussenresultaten aangezet",
    ]
    for internal in ("interim_results", "retention_days", "min_group", "in_pool", ": on"):
        assert internal not in page

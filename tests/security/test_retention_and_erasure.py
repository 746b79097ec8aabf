"""Retention and erasure delete rows: invitations after the retention period or at close,
and one respondent's answers at their request while the round is open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from support import english_client, logged_in

from partnerscan.assessments import domain
from partnerscan.assessments.management.commands import send_invitations
from partnerscan.assessments.models import Answer, Assessment, Invitation, Response
from partnerscan.assessments.visible_results import invitation_counts, response_rate
from partnerscan.audit.models import AuditEvent

from .conftest import LEVELS, World, answer

pytestmark = pytest.mark.django_db


def counts(assessment: Assessment) -> dict[str, int]:
    """`invitations`: those still holding an address or a link; the clean-up keeps the rows
    (`kept`), blanked, so that the counts of invited, started and submitted stay."""
    holding = Q(token_hash__isnull=False) | ~Q(email="")
    return {
        "kept": Invitation.objects.filter(assessment=assessment).count(),
        "invitations": Invitation.objects.filter(holding, assessment=assessment).count(),
        "emails": Invitation.objects.filter(assessment=assessment).exclude(email="").count(),
        "responses": Response.objects.filter(assessment=assessment).count(),
        "answers": Answer.objects.filter(response__assessment=assessment).count(),
    }


def close_days_ago(assessment: Assessment, days: int) -> None:
    domain.close_assessment(assessment)
    when = timezone.now() - dt.timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(closed_at=when)


def test_purge_deletes_invitations_once_the_retention_period_has_passed(world: World) -> None:
    a, b = world.a.assessment, world.b.assessment
    close_days_ago(a, 91)
    close_days_ago(b, 89)
    before_a, before_b = counts(a), counts(b)
    call_command("purge_expired")
    assert counts(a) == {**before_a, "invitations": 0, "emails": 0}
    assert counts(b) == before_b  # default 90 days: not yet
    event = AuditEvent.objects.get(action="retention_purged")
    assert (event.assessment, event.user, event.detail) == (a, None, "5 invitations")


def test_the_retention_period_is_the_assessments_own(world: World) -> None:
    a = domain.update_assessment(world.a.assessment, retention_days=7)
    close_days_ago(a, 8)
    assert domain.purge_expired() == 5
    assert counts(a)["invitations"] == 0


def test_the_worker_loop_runs_the_purge(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    close_days_ago(world.a.assessment, 100)

    def stop(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(send_invitations.time, "sleep", stop)
    call_command("send_invitations", "--loop")
    assert counts(world.a.assessment)["invitations"] == 0


def test_closing_can_delete_the_invitations_at_once(world: World) -> None:
    a = world.a.assessment
    before = counts(a)
    client = logged_in(world.a.editor)
    page = client.get(f"/assessments/{a.pk}/close/").content.decode()
    assert "deleted 90 days after closing" in page
    client.post(f"/assessments/{a.pk}/close/", {"delete_invitations": "on"})
    a.refresh_from_db()
    assert a.is_closed
    assert counts(a) == {**before, "invitations": 0, "emails": 0}


def test_closing_without_the_option_keeps_the_invitations_for_the_retention_period(
    world: World,
) -> None:
    a = world.a.assessment
    before = counts(a)
    logged_in(world.a.editor).post(f"/assessments/{a.pk}/close/", {})
    assert counts(a) == before


def test_an_owner_deletes_the_invitations_of_a_closed_round(world: World) -> None:
    a = world.a.assessment
    owner, editor = logged_in(world.a.owner), logged_in(world.a.editor)
    owner.post(f"/assessments/{a.pk}/invitations/delete/")
    assert counts(a)["invitations"] == 5  # still open: refused
    domain.close_assessment(a)
    assert editor.post(f"/assessments/{a.pk}/invitations/delete/").status_code == 403
    page = owner.get(f"/assessments/{a.pk}/invitations/delete/").content.decode()
    assert "e-mail addresses and links of 5 invitations" in page
    owner.post(f"/assessments/{a.pk}/invitations/delete/")
    assert counts(a)["invitations"] == 0


def test_an_owner_erases_one_respondents_answers_with_their_link(world: World) -> None:
    a, token = world.a.assessment, world.a.answered[0]
    before = counts(a)
    client = logged_in(world.a.owner)
    page = client.post(
        f"/assessments/{a.pk}/erase/", {"link": f"https://scan.example.org/r/{token}/"}, follow=True
    )
    assert "The answers given with this link have been deleted." in page.content.decode()
    assert counts(a) == {
        **before,
        "invitations": before["invitations"] - 1,
        "kept": before["kept"] - 1,
        "responses": before["responses"] - 1,
        "answers": before["answers"] - len(LEVELS),
    }
    assert english_client().get(f"/r/{token}/").status_code == 404
    assert counts(world.b.assessment)["responses"] == 3


def test_after_closing_one_respondents_answers_can_no_longer_be_found(world: World) -> None:
    a, token = world.a.assessment, world.a.answered[0]
    domain.close_assessment(a)
    before = counts(a)
    erased = domain.erase_response(a, token)
    assert (erased.response, counts(a)["responses"]) == (False, before["responses"])
    page = logged_in(world.a.owner).get(f"/assessments/{a.pk}/erase/").content.decode()
    assert "can no longer be found, by design" in page


def test_a_token_of_another_assessment_erases_nothing(world: World) -> None:
    before = counts(world.b.assessment)
    erased = domain.erase_response(world.a.assessment, world.b.answered[0])
    assert (erased.response, erased.invitation) == (False, False)
    assert counts(world.b.assessment) == before


def test_links_stop_working_when_the_assessment_closes(world: World) -> None:
    token, client = world.a.token, english_client()
    answer(world.a.answered[0], {"goals": ("3", "3")}, submit=False)  # a started respondent
    domain.close_assessment(world.a.assessment)
    assert client.get(f"/r/{token}/").status_code == 410
    saved = client.post(f"/r/{token}/save/", {"aspect": "goals", "field": "current", "value": "5"})
    assert saved.status_code == 410
    assert client.get(f"/r/open/{world.a.open_token}/").status_code == 404
    assert domain.find_response(world.a.answered[0]) is None


def test_the_counts_and_the_response_rate_stay_after_the_addresses_are_deleted(
    world: World,
) -> None:
    a = world.a.assessment
    for _visitor in range(2):  # two visits through the open link, one of whom submits
        visit = domain.claim_open_link(world.a.open_token)
        assert visit is not None
    answer(visit, LEVELS)
    expected = {
        "invited": 5,  # four personal links and one e-mail; the open link's visits are apart
        "started": 3,
        "submitted": 3,
        "visits": 2,
        "visits_started": 1,
        "visits_submitted": 1,
        "imported": 0,
    }
    assert {k: v for k, v in invitation_counts(a).items() if k != "addresses"} == expected
    assert response_rate(invitation_counts(a)) == 3 / 5
    close_days_ago(a, 91)
    assert domain.purge_expired() == 7
    assert invitation_counts(a) == {**expected, "addresses": 0}
    page = logged_in(world.a.owner).get(f"/assessments/{a.pk}/").content.decode()
    counts_shown = re.findall(r"<li><strong>(\d+)</strong> ([^<(]+)", page)
    assert [(n, what.strip()) for n, what in counts_shown][:4] == [
        ("5", "invited"),
        ("3", "started"),
        ("3", "submitted"),
        ("2", "via the open link"),
    ]
    assert "Delete invitations now" not in page
    dashboard = logged_in(world.a.owner).get(f"/assessments/{a.pk}/dashboard/").content.decode()
    assert "60% response rate (3 of 5 invited)" in dashboard
    assert "2 via the open link, 1 of whom submitted" in dashboard
    assert "nobody was invited" not in dashboard

"""A partnership's health checks as members run them: start, links per side, close; who may,
what the audit log says, and what the partnership page costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.audit.models import AuditEvent
from partnerscan.core.errors import DomainError
from partnerscan.portfolio import health
from partnerscan.portfolio.models import HealthCheck, HealthInvitation, Partnership

pytestmark = pytest.mark.django_db


def test_an_editor_starts_a_check_makes_links_and_closes_it(
    as_alice: Client, care: Partnership
) -> None:
    response = as_alice.post(f"/partnerships/{care.pk}/health/")
    assert response["Location"] == f"/partnerships/{care.pk}/#health"
    check = HealthCheck.objects.get()
    assert (check.model_ref, check.state) == ("partnership-health@1.0", "open")

    data = {"side": "partner", "count": "3", "language": "nl"}
    page = as_alice.post(f"/health-checks/{check.pk}/links/", data)
    shown = page.context["links"].splitlines()
    assert len(shown) == 3 and all("/h/" in link for link in shown)
    assert list(HealthInvitation.objects.values_list("side", "language")) == [("partner", "nl")] * 3

    assert as_alice.get(f"/health-checks/{check.pk}/close/").status_code == 200
    as_alice.post(f"/health-checks/{check.pk}/close/")
    check.refresh_from_db()
    assert check.state == "closed" and check.closed_at is not None
    html = as_alice.get(f"/partnerships/{care.pk}/").content.decode()
    assert "0 respondents with answers" in html and "Start a health check" in html


def test_a_second_open_check_is_refused(care: Partnership, alice: User) -> None:
    health.start_health_check(care, alice)
    with pytest.raises(DomainError):
        health.start_health_check(care, alice)
    assert HealthCheck.objects.count() == 1


def test_no_links_for_a_closed_check(care: Partnership, alice: User) -> None:
    check = health.close_health_check(health.start_health_check(care, alice), alice)
    with pytest.raises(DomainError):
        health.create_health_links(check, alice, "own", 2)
    with pytest.raises(DomainError):
        health.create_health_links(health.start_health_check(care, alice), alice, "both", 2)
    assert not HealthInvitation.objects.exists()


def test_results_are_refused_while_the_check_is_open(care: Partnership) -> None:
    with pytest.raises(DomainError):
        health.health_records(health.start_health_check(care, None))


def test_start_links_and_close_are_in_the_audit_log(care: Partnership, alice: User) -> None:
    check = health.start_health_check(care, alice)
    health.create_health_links(check, alice, "own", 4)
    health.close_health_check(check, alice)
    health.close_health_check(check, alice)  # already closed: nothing happens, nothing logged
    events = AuditEvent.objects.filter(code__startswith="health").order_by("id")
    name = f"{care.pk} “Care chain”"
    assert [(e.action, e.user_id, e.sentence) for e in events] == [
        ("health_check_started", alice.pk, f"health check {check.pk} of partnership {name}"),
        (
            "health_links_made",
            alice.pk,
            f"4 links for our organisation, health check {check.pk} of partnership {name}",
        ),
        ("health_check_closed", alice.pk, f"health check {check.pk} of partnership {name}"),
    ]


def test_another_organisation_gets_404_and_a_viewer_403(
    care: Partnership, org_b: Organisation, as_charlie: Client, as_bob: Client
) -> None:
    check = health.start_health_check(care, None)
    assert as_charlie.get(f"/partnerships/{care.pk}/").status_code == 404
    assert as_charlie.get(f"/health-checks/{check.pk}/close/").status_code == 404
    for url in (
        f"/partnerships/{care.pk}/health/",
        f"/health-checks/{check.pk}/links/",
        f"/health-checks/{check.pk}/close/",
    ):
        data = {"side": "own", "count": "1", "language": "nl"}
        assert as_charlie.post(url, data).status_code == 404
    assert as_bob.post(f"/partnerships/{care.pk}/health/").status_code == 403
    assert as_bob.post(f"/health-checks/{check.pk}/links/").status_code == 403
    assert as_bob.post(f"/health-checks/{check.pk}/close/").status_code == 403
    html = as_bob.get(f"/partnerships/{care.pk}/").content.decode()
    assert "Health checks" in html and "Make links" not in html
    assert not HealthInvitation.objects.exists() and HealthCheck.objects.get().is_open


def test_the_partnership_page_costs_the_same_however_many_checks(
    as_alice: Client, care: Partnership, alice: User
) -> None:
    url = f"/partnerships/{care.pk}/"
    health.create_health_links(health.start_health_check(care, alice), alice, "own", 2)
    with CaptureQueriesContext(connection) as few:
        assert as_alice.get(url).status_code == 200
    for _ in range(5):
        check = HealthCheck.objects.get(state="open")
        health.close_health_check(check, alice)
        check = health.start_health_check(care, alice)
        health.create_health_links(check, alice, "partner", 3)
    with CaptureQueriesContext(connection) as many:
        assert as_alice.get(url).status_code == 200
    assert HealthCheck.objects.count() == 6
    assert len(many) == len(few)


def test_a_member_of_two_organisations_sees_each_checks_own_counts(
    care: Partnership, alice: User, org_b: Organisation
) -> None:
    accounts_domain.add_member(org_b, alice.email, "editor")
    first = health.start_health_check(care, alice)
    health.create_health_links(first, alice, "own", 2)
    health.close_health_check(first, alice)
    second = health.start_health_check(care, alice)
    health.create_health_links(second, alice, "partner", 5)
    rows = health.check_rows(care)
    assert [(r.check.pk, r.own.links, r.partner.links) for r in rows] == [
        (second.pk, 0, 5),
        (first.pk, 2, 0),
    ]

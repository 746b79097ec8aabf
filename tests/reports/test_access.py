"""Every report URL is a 404 for another organisation; viewers may see and export the results,
only owners the responses, one row per respondent."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.audit.models import AuditEvent, Event

from .conftest import add_responses

pytestmark = pytest.mark.django_db


def report_urls(assessment: Assessment) -> list[str]:
    base = f"/assessments/{assessment.pk}"
    exports = [
        f"{base}/export/{k}.{f}" for k in ("responses", "results") for f in ("csv", "xlsx", "sav")
    ]
    return [
        f"{base}/dashboard/",
        f"{base}/report.pdf?lang=nl",
        f"{base}/report.pdf?lang=en",
        *exports,
        f"{base}/export/results.json",
    ]


def test_another_organisation_gets_a_404_on_every_report_url(
    assessment_a: Assessment, as_charlie: Client, org_b: object
) -> None:
    add_responses(assessment_a, 6)
    for url in report_urls(assessment_a):
        assert as_charlie.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action=Event.EXPORTED).exists()


def test_anonymous_visitors_are_sent_to_log_in(assessment_a: Assessment) -> None:
    for url in report_urls(assessment_a):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_viewer_sees_the_dashboard_and_may_export_all_but_the_responses(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 6)
    domain.close_assessment(assessment_a)
    statuses = {url: as_bob.get(url).status_code for url in report_urls(assessment_a)}
    assert statuses == {url: 403 if "responses" in url else 200 for url in statuses}
    assert AuditEvent.objects.filter(action=Event.EXPORTED).count() == 6  # results x3, PDF x2, JSON


def test_an_owner_of_a_closed_round_may_export_everything(
    assessment_a: Assessment, as_alice: Client
) -> None:
    add_responses(assessment_a, 6)
    domain.close_assessment(assessment_a)
    for url in report_urls(assessment_a):
        assert as_alice.get(url).status_code == 200, url
    assert AuditEvent.objects.filter(action=Event.EXPORTED).count() == 9


def test_an_unknown_export_is_a_404(assessment_a: Assessment, as_alice: Client) -> None:
    add_responses(assessment_a, 6)
    for name in ("answers.csv", "results.pdf", "responses.json", "results.xml"):
        assert as_alice.get(f"/assessments/{assessment_a.pk}/export/{name}").status_code == 404
    # The results JSON exists (docs/method.md, "Results JSON"); the responses have no JSON.
    assert as_alice.get(f"/assessments/{assessment_a.pk}/export/results.json").status_code == 200

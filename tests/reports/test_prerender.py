"""Closed rounds' PDF reports rendered by the worker before they are asked for (issue 19).

The PDF view serves the stored PDF only when it was made from exactly the HTML the report has
now; anything that changes what the report shows makes the view render afresh until the worker
has rendered again. The worker's job renders what is missing or out of date and stores nothing
for a round without results; a GET stores nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.core import jobs
from partnerscan.plans import domain as plans
from partnerscan.reports import prerender, render
from partnerscan.reports.build import build_report
from partnerscan.reports.models import RenderedReport

from .conftest import add_responses, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(assessment_a: Assessment, alice: User) -> Assessment:
    domain.open_assessment(assessment_a, alice)
    add_responses(assessment_a, 6)
    return domain.close_assessment(assessment_a, alice)


def pdf(client: Client, assessment: Assessment, lang: str = "en") -> bytes:
    response = client.get(f"/assessments/{assessment.pk}/report.pdf?lang={lang}")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def stored(assessment: Assessment, lang: str) -> bytes:
    return bytes(RenderedReport.objects.get(assessment=assessment, lang=lang).pdf)


def test_the_worker_renders_both_languages_and_the_view_serves_them(
    closed: Assessment, alice: User, client: Client
) -> None:
    now = timezone.now()
    assert jobs.run_all(now)["pdf_reports"] == "rendered 2 PDF report(s)"
    assert RenderedReport.objects.filter(assessment=closed).count() == 2
    client.force_login(alice)
    for lang in ("en", "nl"):
        served = pdf(client, closed, lang)
        assert served == stored(closed, lang)
        assert served.startswith(b"%PDF")
    # Nothing changed: a second run renders nothing and the stored PDFs stay.
    assert prerender.prerender(now + dt.timedelta(minutes=1)) == ""


def test_the_stored_pdf_is_the_one_the_request_would_render(closed: Assessment) -> None:
    prerender.prerender(timezone.now())
    report = build_report(closed, "nl")
    assert pdf_text(stored(closed, "nl")) == pdf_text(render.report_pdf(report))


def test_a_change_is_served_at_once_and_rendered_by_the_next_run(
    closed: Assessment, alice: User, client: Client
) -> None:
    prerender.prerender(timezone.now())
    before = stored(closed, "en")
    plans.create_action(
        closed, alice, aspect="goals", description="Agree goals with each partner", owner="Ann"
    )
    client.force_login(alice)
    served = pdf(client, closed)
    assert served != before
    assert "Agree goals with each partner" in pdf_text(served)
    assert "Agree goals with each partner" not in pdf_text(before)
    # The GET stored nothing; the worker sees the plan's event and renders again.
    assert stored(closed, "en") == before
    assert prerender.prerender(timezone.now()) == "rendered 2 PDF report(s)"
    assert "Agree goals with each partner" in pdf_text(stored(closed, "en"))


def test_a_view_of_the_results_is_no_reason_to_render_again(
    closed: Assessment, alice: User, client: Client
) -> None:
    prerender.prerender(timezone.now())
    client.force_login(alice)
    pdf(client, closed)
    client.get(f"/assessments/{closed.pk}/results/")
    assert not prerender._due(timezone.now()).exists()


def test_recent_rounds_are_checked_again_after_a_day_and_old_ones_only_after_a_change(
    closed: Assessment,
) -> None:
    now = timezone.now()
    prerender.prerender(now)
    assert not prerender._due(now + dt.timedelta(hours=23)).exists()
    assert list(prerender._due(now + dt.timedelta(days=1, minutes=1))) == [closed]
    # Checked again with the same HTML: nothing rendered, only the time of the check moves.
    later = now + dt.timedelta(days=1, minutes=1)
    assert prerender.prerender(later) == ""
    assert RenderedReport.objects.get(assessment=closed, lang="en").rendered_at == later
    Assessment.objects.filter(pk=closed.pk).update(closed_at=now - dt.timedelta(days=200))
    assert not prerender._due(now + dt.timedelta(days=30)).exists()


def test_open_rounds_and_rounds_without_results_get_no_pdf(
    assessment_a: Assessment, alice: User
) -> None:
    domain.open_assessment(assessment_a, alice)
    add_responses(assessment_a, 2)
    assert prerender.prerender(timezone.now()) == ""
    assert not RenderedReport.objects.exists()
    domain.close_assessment(assessment_a, alice)
    assert prerender.prerender(timezone.now()) == ""
    assert not RenderedReport.objects.exclude(html_sha256="").exists()
    assert not prerender._due(timezone.now()).exists()


def test_one_run_renders_a_bounded_number_of_pdfs(
    closed: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prerender, "PER_RUN", 1)
    assert prerender.prerender(timezone.now()) == "rendered 1 PDF report(s)"
    assert prerender.prerender(timezone.now()) == "rendered 1 PDF report(s)"
    assert prerender.prerender(timezone.now()) == ""

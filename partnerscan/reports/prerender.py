"""PDF reports rendered ahead of the request (issue 19: the PDF in under 3 s, the first request
included).

Laying out and painting the report takes WeasyPrint seconds; building its HTML takes a fraction
of that. So the worker renders each closed round's PDF per language in advance and stores it
with the SHA-256 of its HTML, and the PDF view builds the HTML, hashes it and serves the stored
PDF only when the hashes match. Nothing has to say what a report depends on: whatever changes
what it shows (answers, an erasure, the plan, a workshop, the benchmark's peers, the language's
wording) changes the HTML, and until the worker has rendered again the view renders in the
request, as it always did. A GET never stores a PDF (docs/architecture.md: the only thing a
GET may store is a round's results, `assessments/results_store.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from partnerscan.assessments.models import Assessment
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.core.languages import LANGUAGES
from partnerscan.reports import render
from partnerscan.reports.build import Report, build_report
from partnerscan.reports.models import RenderedReport

PER_RUN = 4  # PDFs one worker run renders at most, so the mails it also sends never wait long
RECHECK = dt.timedelta(days=1)  # how often a recent round is checked for changes without events
RECENT = dt.timedelta(days=90)  # closed this recently: rechecked daily (the pool's peers move)
READING = (Event.RESULTS_VIEWED, Event.EXPORTED)  # events that change nothing a report shows


def digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def pdf_of(report: Report) -> bytes:
    """The report's PDF: the stored one when it was made from this very HTML, else rendered."""
    html = render.report_html(report)
    stored = (
        RenderedReport.objects.filter(
            assessment_id=report.assessment.pk, lang=report.lang, html_sha256=digest(html)
        )
        .values_list("pdf", flat=True)
        .first()
    )
    return bytes(stored) if stored is not None else render.pdf_of_html(html)


def prerender(now: dt.datetime) -> str:
    """The worker's job: render what is missing or out of date, at most PER_RUN PDFs a run."""
    rendered = 0
    for assessment in _due(now):
        for lang in LANGUAGES:
            if rendered >= PER_RUN:
                break
            rendered += refresh(assessment, lang, now)
    return f"rendered {rendered} PDF report(s)" if rendered else ""


def refresh(assessment: Assessment, lang: str, now: dt.datetime) -> int:
    """Render the round's PDF in `lang` unless the stored one has the same HTML; 1 if rendered.
    A round without results (or no longer with them, after an erasure) keeps an empty marker,
    so it is checked again only after a change, and no PDF."""
    report = build_report(assessment, lang)
    stored = RenderedReport.objects.filter(assessment=assessment, lang=lang)
    html = render.report_html(report) if report.has_results else ""
    sha = digest(html) if html else ""
    if stored.filter(html_sha256=sha).update(rendered_at=now):
        return 0
    pdf = render.pdf_of_html(html) if html else b""
    RenderedReport.objects.update_or_create(
        assessment=assessment,
        lang=lang,
        defaults={"html_sha256": sha, "pdf": pdf, "rendered_at": now},
    )
    return 1 if html else 0


def _due(now: dt.datetime) -> QuerySet[Assessment]:
    """Closed rounds without a PDF in every language, with an event since their oldest PDF was
    rendered, or closed recently and not checked for a day; the most recently closed first."""
    renders = RenderedReport.objects.filter(assessment=OuterRef("pk"))
    oldest = Subquery(
        renders.order_by("rendered_at").values("rendered_at")[:1],
        output_field=models.DateTimeField(),
    )
    changed = AuditEvent.objects.filter(
        assessment=OuterRef("pk"), created__gt=OuterRef("oldest")
    ).exclude(action__in=READING)
    count = Subquery(
        renders.values("assessment").annotate(n=Count("pk")).values("n")[:1],
        output_field=models.IntegerField(),
    )
    return (
        Assessment.objects.filter(state=Assessment.State.CLOSED)
        .annotate(oldest=oldest, renders=count)
        .filter(
            Q(oldest__isnull=True)
            | Q(renders__lt=len(LANGUAGES))
            | Exists(changed)
            | Q(closed_at__gte=now - RECENT, oldest__lt=now - RECHECK)
        )
        .order_by("-closed_at", "-pk")
    )

"""What every download of a round's data shares: its file name and its line in the audit log."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.text import slugify

from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event


def filename_of(assessment: Assessment, kind: str, ext: str) -> str:
    return f"partnerscan-{slugify(assessment.title) or assessment.pk}-{kind}.{ext}"


def log_export(request: HttpRequest, assessment: Assessment, kind: str, fmt: str) -> None:
    """The audit log is the one record of an export: who took which round's data, and how."""
    record(
        Event.EXPORTED,
        user=request.user,
        assessment=assessment,
        detail=f"{kind}.{fmt}",
        code="exported",
        params={"kind": kind, "format": fmt},
    )

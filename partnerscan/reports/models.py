"""A closed round's PDF report, rendered by the worker before anyone asks for it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerscan.assessments.models import Assessment


class RenderedReport(models.Model):
    """The PDF of one round in one language, and the SHA-256 of the HTML it was made from.

    The PDF view serves it only when the report it would render now has exactly that HTML
    (`reports/prerender.py`), so a stored PDF is never older than what it shows: a new action,
    an erased response or a new pool peer changes the HTML, and the view renders afresh until
    the worker has caught up."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    lang = models.CharField(max_length=2)
    html_sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField()
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "lang"], name="one_rendered_report_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"PDF of round {self.assessment_id} ({self.lang})"


class ExportJob(models.Model):
    """A large export made by the worker (`reports/export_jobs.py`): a round's responses above
    `EXPORT_IN_REQUEST_MAX` respondents, or any responses file an owner asks for in the
    background. The file lies in DATA_DIR/exports/ until `expires_at`; only the member who
    asked for it downloads it, and only while they may still export that round."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    fmt = models.CharField(max_length=8)
    lang = models.CharField(max_length=2)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["state", "created"], name="export_job_queue")]

    def __str__(self) -> str:
        return f"{self.kind}.{self.fmt} of round {self.assessment_id} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, 100 * self.rows_done // self.rows_total) if self.rows_total else 0

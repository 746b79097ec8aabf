"""A closed round's PDF report, rendered by the worker before anyone asks for it."""

from __future__ import annotations

from django.db import models

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

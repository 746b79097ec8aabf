"""A record of every export: who took which assessment's data, when and in what form.

The log never holds the exported data itself, only the fact of the export.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerscan.assessments.models import Assessment


class ExportLog(models.Model):
    class Kind(models.TextChoices):
        RESPONSES = "responses", _("responses")
        RESULTS = "results", _("results")
        REPORT = "report", _("PDF report")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        SAV = "sav", "SPSS"
        PDF = "pdf", "PDF"

    # SET_NULL: removing an account must not erase the trace that its exports happened.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} of {self.assessment_id} by {self.user_id}"

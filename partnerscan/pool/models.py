"""The benchmark pool: per opted-in, closed round its aggregate results, never its answers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerscan.accounts.models import Organisation
from partnerscan.assessments.models import Assessment


class PoolEntry(models.Model):
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="pool_entry"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    model_id = models.CharField(max_length=64)
    model_version = models.CharField(max_length=16)
    respondents = models.PositiveIntegerField()
    # One organisation, one voice: only its newest round of a model counts in the pool.
    latest = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("export_pool", _("Can download the pooled research data"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "model_id"],
                condition=models.Q(latest=True),
                name="one_latest_entry_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_id}@{self.model_version} #{self.pk}"


class PoolScore(models.Model):
    class Kind(models.TextChoices):
        CONDITION = "condition", _("condition")
        ASPECT = "aspect", _("aspect")

    entry = models.ForeignKey(PoolEntry, on_delete=models.CASCADE, related_name="scores")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=64)  # the condition's or aspect's id
    current = models.FloatField(null=True)
    ambition = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "kind", "key"], name="one_score_per_key")
        ]
        # In rank order with the entry, so the benchmark's window query reads the index alone
        # (an index-only scan) instead of visiting every score row in random order.
        indexes = [
            models.Index(fields=["kind", "key", "current", "entry"], name="pool_score_rank_entry")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.current}"

"""Action plans: what an organisation will do about its results, aspect by aspect."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerscan.assessments.models import Assessment


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    aspect = models.CharField(_("aspect"), max_length=64)  # an aspect id of the pinned model
    description = models.TextField(_("what we will do"))
    # A name, not an account: the person who owns an action often never logs in.
    owner = models.CharField(_("owner"), max_length=150)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    target_level = models.PositiveSmallIntegerField(_("target level"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_level__gte=1, target_level__lte=5)
                | models.Q(target_level__isnull=True),
                name="target_is_a_level",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]

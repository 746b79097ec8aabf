"""The partnership portfolio: an organisation's partner organisations and its partnerships.

A partnership will later carry health checks answered by both sides (PRODUCT.md §6); they will
point at `Partnership`, which therefore owns nothing that belongs to a check.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerscan.accounts.models import Membership, Organisation
from partnerscan.capability.schema import CHALLENGE_TYPES


class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", pgettext_lazy("partner kind", "public body")
        PRIVATE = "private", pgettext_lazy("partner kind", "private company")
        NON_PROFIT = "non-profit", pgettext_lazy("partner kind", "non-profit organisation")
        KNOWLEDGE = "knowledge-institution", pgettext_lazy("partner kind", "knowledge institution")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="one_partner_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    class Phase(models.TextChoices):
        EXPLORING = "exploring", pgettext_lazy("phase", "exploring")
        FORMING = "forming", pgettext_lazy("phase", "forming")
        RUNNING = "running", pgettext_lazy("phase", "running")
        ENDING = "ending", pgettext_lazy("phase", "ending")
        ENDED = "ended", pgettext_lazy("phase", "ended")

    class Importance(models.IntegerChoices):
        SUPPORTING = 1, pgettext_lazy("importance", "supporting")
        IMPORTANT = 2, pgettext_lazy("importance", "important")
        CRITICAL = 3, pgettext_lazy("importance", "critical")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships"
    )
    name = models.CharField(_("name"), max_length=200)
    partners = models.ManyToManyField(
        PartnerOrganisation, related_name="partnerships", verbose_name=_("partner organisations")
    )
    # An id of capability.schema.CHALLENGE_TYPES; its name comes from the shipped model.
    challenge_type = models.CharField(
        _("challenge type"), max_length=16, choices=[(t, t) for t in CHALLENGE_TYPES]
    )
    goal = models.TextField(_("goal"))
    goal_date = models.DateField(_("goal date"), null=True, blank=True)
    # A member, or the name of someone without an account; a member who leaves leaves no owner.
    owner = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_partnerships",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner's name"), max_length=150, blank=True)
    departments = models.JSONField(_("departments"), default=list, blank=True)
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.EXPLORING
    )
    importance = models.PositiveSmallIntegerField(
        _("strategic importance"), choices=Importance.choices, default=Importance.IMPORTANT
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("check interval in months"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="one_partnership_name_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=3),
                name="importance_is_one_to_three",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_shown(self) -> str:
        """Who owns it as the pages show it: the member's name or address, or the typed name."""
        if self.owner is not None:
            return str(self.owner.user)
        return self.owner_name

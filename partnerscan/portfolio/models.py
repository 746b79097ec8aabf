"""The partnership portfolio: an organisation's partner organisations and its partnerships.

A partnership carries health checks answered by both sides (PRODUCT.md §6); they point at
`Partnership`, which therefore owns nothing that belongs to a check.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerscan.accounts.models import Membership, Organisation
from partnerscan.assessments.models import DONT_KNOW, LANGUAGE_CHOICES
from partnerscan.capability.health import HealthModel
from partnerscan.capability.loader import get_health_model
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


# --- health checks -------------------------------------------------------------------------------
#
# Anonymity as in the scans (docs/privacy.md): an invitation stores one hash of its token, a
# response a *different* hash of the same token, so without the token nothing links a link
# handed to someone to a row of answers. Closing a check deletes the response keys.


class HealthCheck(models.Model):
    """One round of the health check of a partnership, answered by both sides."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("health check", "open")
        CLOSED = "closed", pgettext_lazy("health check", "closed")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="health_checks"
    )
    # Pinned at the start: a newer file must not change what a running check asks.
    model_id = models.CharField(max_length=64)
    model_version = models.CharField(max_length=16)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set for a check the rhythm started (portfolio/rhythm.py): the worker closes it then.
    closes_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(state="open"),
                name="one_open_health_check_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.model_ref} ({self.state})"

    @property
    def model_ref(self) -> str:
        return f"{self.model_id}@{self.model_version}"

    @cached_property
    def health_model(self) -> HealthModel:
        return get_health_model(self.model_ref)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Side(models.TextChoices):
    OWN = "own", pgettext_lazy("side", "our organisation")
    PARTNER = "partner", pgettext_lazy("side", "the partner")


class PartnershipContact(models.Model):
    """Someone of one side whom the rhythm invites to the partnership's health checks."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="contacts")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["side", "email", "id"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("email"), name="one_contact_address_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} #{self.pk}"


class HealthInvitation(models.Model):
    """A link handed out by an editor, or mailed by the rhythm to a contact, for one side.

    A mailed link keeps the contact's address only while the check is open (for the reminder);
    closing the check blanks it. The token exists only in the mail, as for the scans."""

    health_check = models.ForeignKey(
        HealthCheck, on_delete=models.CASCADE, related_name="invitations"
    )
    side = models.CharField(max_length=8, choices=Side.choices)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    created = models.DateTimeField(auto_now_add=True)
    # Day precision only, so the dates cannot be matched to a response's activity.
    started_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    # Mailed links only (portfolio/health_mail.py): whom, and how the mails went.
    contact = models.ForeignKey(
        PartnershipContact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="health_invitations",
    )
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    send_error = models.CharField(max_length=300, blank=True)
    send_failure = models.CharField(max_length=10, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["health_check", "contact"], name="one_health_link_per_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} #{self.pk}"


class HealthResponseQuerySet(models.QuerySet["HealthResponse"]):
    def counting(self) -> HealthResponseQuerySet:
        """Submitted responses with at least one answer on the agreement scale: only these
        count as respondents, so empty or don't-know-only submissions pad nothing."""
        numeric = HealthAnswer.objects.filter(
            response=models.OuterRef("pk"), value__gte=1, value__lte=5
        )
        return self.filter(submitted=True).filter(models.Exists(numeric))


class HealthResponse(models.Model):
    # A random id: no ordering or counter that could be matched to an invitation.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    health_check = models.ForeignKey(
        HealthCheck, on_delete=models.CASCADE, related_name="responses"
    )
    key_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    side = models.CharField(max_length=8, choices=Side.choices)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    submitted = models.BooleanField(default=False)

    objects = HealthResponseQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.id)


class HealthAnswer(models.Model):
    response = models.ForeignKey(HealthResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="one_health_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, 2, 3, 4, 5, DONT_KNOW])
                | models.Q(value__isnull=True),
                name="health_answer_is_a_point",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.value}"


class HealthComment(models.Model):
    """A respondent's optional comment on one dimension."""

    response = models.ForeignKey(HealthResponse, on_delete=models.CASCADE, related_name="comments")
    dimension = models.CharField(max_length=64)
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "dimension"], name="one_health_comment_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {len(self.text)} characters"

"""The partner round of an assessment: people of partner organisations rate the organisation on
the aspects a partner can observe (PRODUCT.md §6, the model's partner wording).

Anonymity as in the scans (docs/privacy.md): an invitation stores one hash of its token, a
response a *different* hash of the same token, so without the token nothing links an address to
a row of answers. A response copies only the organisation's name and kind from its invitation;
closing the round deletes the response keys and the addresses.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerscan.assessments.models import DONT_KNOW, LANGUAGE_CHOICES, Assessment, MailFailure
from partnerscan.portfolio.models import PartnerOrganisation
from partnerscan.scoring.options import DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP

MAX_NOTE = 1000


class PartnerRound(models.Model):
    """Partners' view of one assessment; opened once, closed for good."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("partner round", "open")
        CLOSED = "closed", pgettext_lazy("partner round", "closed")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="partner_round"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The worker closes the round then (partnerview/worker.py); None: an editor closes it.
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    min_group = models.PositiveSmallIntegerField(
        _("smallest group of partners shown"), default=DEFAULT_MIN_GROUP
    )
    # Told to partners in the mail and on the first page: who asks, and whom to ask.
    note = models.TextField(_("personal note"), max_length=MAX_NOTE, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact's e-mail address"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by every workflow that changes the answers the partner view is read from
    # (domain.partner_answers_changed), as an assessment's results_version: part of the stored
    # partner view's key (view_store.py).
    answers_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group__gte=LOWEST_MIN_GROUP),
                name="partner_min_group_at_least_3",
            )
        ]

    def __str__(self) -> str:
        return f"partners of {self.assessment_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def last_day(self) -> dt.date | None:
        """The last day partners can answer: closes_at is the midnight that ends it."""
        if self.closes_at is None:
            return None
        return timezone.localdate(self.closes_at - dt.timedelta(microseconds=1))


class PartnerInvitation(models.Model):
    """A personal link mailed to someone of a partner organisation."""

    round = models.ForeignKey(PartnerRound, on_delete=models.CASCADE, related_name="invitations")
    # Blanked when the round closes (docs/privacy.md); the rest of the row stays for the counts.
    email = models.EmailField(blank=True)
    organisation_name = models.CharField(_("partner organisation"), max_length=200)
    partner = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_invitations",
    )
    # A PartnerOrganisation.Kind value, from the portfolio; blank for a typed organisation.
    kind = models.CharField(max_length=24, blank=True)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    # Null until the worker mails the link; every mail makes a new one.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_due = models.BooleanField(default=False)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    send_error = models.CharField(max_length=300, blank=True)
    send_failure = models.CharField(max_length=10, choices=MailFailure.choices, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Day precision only, so the dates cannot be matched to a response's activity.
    started_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                "round",
                Lower("email"),
                condition=~models.Q(email=""),
                name="one_partner_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"partner invitation #{self.pk}"

    @property
    def mail_status(self) -> str:
        """How the first mail went, in words for the editors' list. Nothing about a reminder:
        only who had not submitted gets one, so it would say who had not."""
        if self.sent_at:
            return str(_("sent"))
        if self.send_error and self.next_attempt_at is None:
            return str(_("not delivered"))
        if self.send_error:
            return str(_("trying again"))
        return str(_("waiting to be sent"))


# Invitations that may get the one reminder: mailed, not submitted, not reminded nor queued, no
# failed mail, and the address still there.
REMINDABLE = (
    models.Q(sent_at__isnull=False, reminded_at__isnull=True, reminder_due=False)
    & models.Q(submitted_on__isnull=True, send_error="")
    & ~models.Q(email="")
)


class PartnerResponseQuerySet(models.QuerySet["PartnerResponse"]):
    def counting(self) -> PartnerResponseQuerySet:
        """Submitted responses with at least one level (1..5): only these count as partners,
        so empty or don't-know-only submissions pad nothing."""
        numeric = PartnerAnswer.objects.filter(
            response=models.OuterRef("pk"), value__gte=1, value__lte=5
        )
        return self.filter(submitted=True).filter(models.Exists(numeric))


class PartnerResponse(models.Model):
    # A random id: no ordering or counter that could be matched to an invitation.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PartnerRound, on_delete=models.CASCADE, related_name="responses")
    key_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    organisation = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=24, blank=True)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    submitted = models.BooleanField(default=False)

    objects = PartnerResponseQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.id)


class PartnerAnswer(models.Model):
    """A partner's current level of one aspect (1..5 or don't know) and what they would need."""

    response = models.ForeignKey(PartnerResponse, on_delete=models.CASCADE, related_name="answers")
    aspect = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "aspect"], name="one_partner_answer_per_aspect"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, 2, 3, 4, 5, DONT_KNOW])
                | models.Q(value__isnull=True),
                name="partner_answer_is_a_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aspect}: {self.value}"


class StoredPartnerView(models.Model):
    """A round's partner view in one language as last computed, read instead of computing it
    again while `key` still matches everything it depends on (partnerview/view_store.py).

    A copy of figures the round's pages show anyway, replaced by whichever read finds it out of
    date; it holds no answer and nothing the partner view does not.
    """

    round = models.ForeignKey(PartnerRound, on_delete=models.CASCADE, related_name="stored_views")
    lang = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    key = models.CharField(max_length=64)
    # The versions it was computed at (the own round's results_version, the partner round's
    # answers_version): the worker finds views to compute ahead of their readers by them.
    results_version = models.PositiveIntegerField()
    answers_version = models.PositiveIntegerField()
    partners = models.PositiveIntegerField()  # the counting partners the view was given
    # PartnerView.to_stored() as JSON text, or "" without a view (below k counting partners,
    # or no own results). Text, not a JSON column: read back exactly as written.
    payload = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "lang"], name="one_stored_partner_view_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"partner view of {self.round_id} ({self.lang})"

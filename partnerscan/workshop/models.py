"""A live workshop on a closed round (PRODUCT.md §6, docs/workshop.md): an agenda of aspects,
people in the room who join by a short code on their phones, and per agenda item up to two
votes that stay hidden until the facilitator reveals them.

A participant is a hash of a random cookie value, a language and when they joined: never a
name, an e-mail address or an account. Their ratings are stored per vote, so the room sees the
spread; nobody, the facilitator included, sees who voted what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerscan.assessments.models import LANGUAGE_CHOICES, Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.plans.models import Action

CODE_LENGTH = 6
DEFAULT_DOTS = 3
MAX_NOTE = 500
MAX_ACTION = 300  # a candidate action's description: one sentence on a phone
LEVEL_RANGE = models.Q(agreed_level__gte=1, agreed_level__lte=5)


class Workshop(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("workshop", "being prepared")
        LIVE = "live", pgettext_lazy("workshop", "live")
        ENDED = "ended", pgettext_lazy("workshop", "ended")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    # What participants type or the QR code carries; unique among sessions that have not ended.
    code = models.CharField(max_length=CODE_LENGTH)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # Bumped by every change (a vote and a join too): the facilitator's page and the projector
    # poll it, and get "nothing new" while it stands still.
    version = models.PositiveIntegerField(default=1)
    # Bumped only by what a participant's phone shows (not by others' votes or joins), so 60
    # phones are not re-drawn, and a half-made choice not wiped, on every vote in the room.
    stage = models.PositiveIntegerField(default=1)
    # The item on the projector and the phones; None before the first.
    current = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Dot-voting on actions (DotVote below): set before the dot vote opens.
    dot_budget = models.PositiveSmallIntegerField(_("dots per participant"), default=DEFAULT_DOTS)
    dot_cap = models.PositiveSmallIntegerField(_("most dots on one action"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(state="ended"),
                name="one_running_workshop_per_code",
            ),
            models.CheckConstraint(
                condition=models.Q(dot_budget__gte=1), name="workshop_dot_budget_at_least_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE

    @property
    def is_ended(self) -> bool:
        return self.state == self.State.ENDED


class Reason(models.TextChoices):
    """Why an aspect is on the agenda; an aspect proposed for several carries each."""

    VIEWS_DIFFER = "views_differ", _("views differ")
    LEAD = "lead", _("a lead")
    BLIND_SPOT = "blind_spot", _("a blind spot")
    ADDED = "added", _("added by the facilitator")


class AgendaItem(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    aspect = models.CharField(max_length=64)
    reasons = models.JSONField(default=list)  # Reason values, in the order they were found
    # The closed round's figures when the item was proposed: the round no longer changes, and
    # the projector shows them on every poll without scoring the round again.
    scan_mean = models.FloatField(null=True, blank=True)
    scan_n = models.PositiveIntegerField(default=0)
    scan_counts = models.JSONField(null=True, blank=True)  # levels 1..5; None below the floor
    partner_mean = models.FloatField(null=True, blank=True)  # with a partner view only
    agreed_level = models.PositiveSmallIntegerField(_("agreed level"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "aspect"], name="aspect_once_per_agenda"),
            models.CheckConstraint(
                condition=LEVEL_RANGE | models.Q(agreed_level__isnull=True),
                name="agreed_level_is_a_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.aspect}"

    def reason_names(self) -> list[str]:
        labels = dict(Reason.choices)
        return [str(labels.get(reason, reason)) for reason in self.reasons]


class Participant(models.Model):
    """Someone in the room, known only by the hash of their phone's cookie."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    key_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    joined_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"participant #{self.pk}"


class Ballot(models.Model):
    """A vote on an agenda item: the first, and after its reveal perhaps a second."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("vote", "open")
        CLOSED = "closed", pgettext_lazy("vote", "closed")
        REVEALED = "revealed", pgettext_lazy("vote", "revealed")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="ballots")
    number = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="one_ballot_per_number"),
            models.CheckConstraint(
                condition=models.Q(number__in=[1, 2]), name="first_or_second_ballot"
            ),
        ]

    def __str__(self) -> str:
        return f"ballot {self.number} of item {self.item_id}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_revealed(self) -> bool:
        return self.state == self.State.REVEALED


class Rating(models.Model):
    """One participant's levels in one ballot; changed freely while the ballot is open."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="ratings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    current = models.PositiveSmallIntegerField()
    ambition = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "participant"], name="one_rating_per_participant"
            ),
            models.CheckConstraint(
                condition=models.Q(current__gte=1, current__lte=5), name="rating_current_is_a_level"
            ),
            models.CheckConstraint(
                condition=models.Q(ambition__gte=1, ambition__lte=5)
                | models.Q(ambition__isnull=True),
                name="rating_ambition_is_a_level",
            ),
        ]

    def __str__(self) -> str:
        return f"rating in ballot {self.ballot_id}"


class DotVote(models.Model):
    """The workshop's dot vote on candidate actions: prepared, open, closed, revealed. Each
    participant spreads `Workshop.dot_budget` dots, at most `dot_cap` on one action; nobody,
    the facilitator included, sees the dots before the reveal, and then only the totals."""

    class State(models.TextChoices):
        PREPARED = "prepared", pgettext_lazy("dot vote", "being prepared")
        OPEN = "open", pgettext_lazy("dot vote", "open")
        CLOSED = "closed", pgettext_lazy("dot vote", "closed")
        REVEALED = "revealed", pgettext_lazy("dot vote", "revealed")

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="dot_vote")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREPARED)
    # While True, participants may put actions of their own on the list (participating.py).
    suggestions = models.BooleanField(_("participants may suggest actions"), default=False)

    def __str__(self) -> str:
        return f"dot vote of workshop {self.workshop_id}"

    @property
    def is_prepared(self) -> bool:
        return self.state == self.State.PREPARED

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def is_revealed(self) -> bool:
        return self.state == self.State.REVEALED

    @property
    def takes_suggestions(self) -> bool:
        return self.suggestions and self.state in (self.State.PREPARED, self.State.OPEN)


class CandidateAction(models.Model):
    """An action the room may put dots on: a lead's next step, or one the facilitator or a
    participant wrote. A lead's keeps no text of its own until edited: it shows the model's
    next step of `step_level` in each reader's language."""

    class Source(models.TextChoices):
        LEAD = "lead", _("a lead's next step")
        FACILITATOR = "facilitator", _("added by the facilitator")
        PARTICIPANT = "participant", _("suggested by a participant")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField()
    aspect = models.CharField(_("aspect"), max_length=64)  # an aspect id of the pinned model
    description = models.TextField(_("action"), max_length=MAX_ACTION, blank=True)
    step_level = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    # Only to bound how many a phone may add; never shown to anyone.
    suggested_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The plan entry it became (domain.plan_winners); `planned_at` stays when that entry is
    # later deleted from the plan, so pressing again never makes it twice.
    action = models.OneToOneField(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    planned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step_level__gte=1, step_level__lte=5)
                | models.Q(step_level__isnull=True),
                name="candidate_step_is_a_level",
            ),
        ]

    def __str__(self) -> str:
        return f"candidate {self.pk} on {self.aspect}"

    def text(self, model: CapabilityModel, lang: str) -> str:
        if self.description or self.step_level is None:
            return self.description
        return model.aspect(self.aspect).next_steps[self.step_level - 1].get(lang)


class Dot(models.Model):
    """How many of a participant's dots lie on one candidate action (at least 1)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="dots")
    candidate = models.ForeignKey(CandidateAction, on_delete=models.CASCADE, related_name="dots")
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "candidate"], name="one_dot_row_each"),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="dot_count_at_least_1"),
        ]

    def __str__(self) -> str:
        return f"dots on candidate {self.candidate_id}"

"""Assessments (measurement rounds), invitations, and anonymous responses with their answers.

Anonymity by construction: an invitation stores the hash of its token; a response stores a
*different* hash of the same token. Without the token, nothing in the database links an
invitation (and its e-mail address) to a response. Closing an assessment deletes the
response keys, after which not even the token links them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from partnerscan.accounts.models import Organisation
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.languages import NAMES
from partnerscan.scoring.options import DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP
from partnerscan.scoring.records import DK, Value

LANGUAGE_CHOICES = list(NAMES.items())
DONT_KNOW = 9  # stored code for "don't know"; never averaged (levels are 1..5)


def as_value(code: int | None) -> Value:
    """A stored answer code as the value the scoring package and the files speak: a level
    1..5, "dk" or None."""
    return DK if code == DONT_KNOW else code


def as_code(value: Value) -> int | None:
    """The other way round: a level, "dk" or None as the stored answer code."""
    return DONT_KNOW if value == DK else value


DEFAULT_RETENTION_DAYS = 90


class SharesSource(models.TextChoices):
    NONE = "", _("not given")
    ESTIMATE = "estimate", _("estimated")
    PORTFOLIO = "portfolio", _("taken from the partnership portfolio")


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments"
    )
    title = models.CharField(_("title"), max_length=200)
    model_id = models.CharField(max_length=64)
    model_version = models.CharField(max_length=16)
    goal = models.TextField(_("partnering goal"), blank=True)
    shares = models.JSONField(_("challenge-type shares"), default=dict, blank=True)
    # Where the shares came from; only the round workflows set it (domain/rounds.py).
    shares_source = models.CharField(
        _("source of the shares"), max_length=10, choices=SharesSource.choices, blank=True
    )
    # The day the portfolio's shares were taken over; None unless taken from the portfolio.
    shares_taken_on = models.DateField(
        _("shares taken from the portfolio on"), null=True, blank=True
    )
    languages = models.JSONField(_("languages offered"), default=list)
    min_group = models.PositiveSmallIntegerField(
        _("smallest group shown"), default=DEFAULT_MIN_GROUP
    )
    departments = models.JSONField(_("departments"), default=list, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    allow_amend = models.BooleanField(
        _("respondents may change answers after submitting"), default=True
    )
    open_link_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # The most personal links the open link hands out in this round, whatever the link's
    # token: without a cap, anyone with the link could add respondents without end.
    open_link_cap = models.PositiveIntegerField(
        _("most respondents through the open link"), default=0
    )
    # An HMAC of the access code visitors of the open link must give; "" when none is asked.
    open_link_code_hash = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the round really opened (first opened), beside the planned opens_on.
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    retention_days = models.PositiveSmallIntegerField(
        _("days to keep e-mail addresses after closing"), default=DEFAULT_RETENTION_DAYS
    )
    # The round this one follows up; the chain of `previous` rounds is the trend.
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("previous round"),
    )
    in_pool = models.BooleanField(
        _("share this round's results anonymously in the benchmark pool"), default=False
    )
    # Owner only: while open, show a snapshot of the results that refreshes only after at least
    # k new counting respondents (ResultsSnapshot), never on each submission.
    interim_results = models.BooleanField(_("interim results while open"), default=False)
    # {language: {field: text}} for the invitation and reminder mails; a field not stored takes
    # its default (partnerscan/assessments/mailtexts.py), so defaults stay one place.
    mail_texts = models.JSONField(_("e-mail texts"), default=dict, blank=True)
    # Raised by every workflow that changes the answers the results are read from (results
    # store, assessments/results_store.py): stored results of an earlier version are not read.
    results_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group__gte=LOWEST_MIN_GROUP), name="min_group_at_least_3"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def model_ref(self) -> str:
        return f"{self.model_id}@{self.model_version}"

    @cached_property
    def capability_model(self) -> CapabilityModel:
        # The model is pinned at creation, so one look-up per instance is enough; a
        # questionnaire page asks for it many times.
        return get_model(self.model_ref)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The days the round was really open (closing day None while open); the planned
        dates for a round opened before partnerscan recorded the day it opened."""
        if self.opened_at is None:
            return self.opens_on, self.closes_on
        closed = timezone.localdate(self.closed_at) if self.closed_at else None
        return timezone.localdate(self.opened_at), closed

    @property
    def results_live(self) -> bool:
        """Whether the results may be read from the answers as they are now.

        Not while the round is open: then one submission would change what members see, and
        so put a name to a row of answers (docs/privacy.md, while a round is open). A draft
        holds only imported answers; a closed round no longer changes.
        """
        return not self.is_open

    @property
    def purge_after(self) -> dt.datetime | None:
        """When the invitations (and so the e-mail addresses) of a closed round are deleted."""
        if self.closed_at is None:
            return None
        return self.closed_at + dt.timedelta(days=self.retention_days)


class MailFailure(models.TextChoices):
    """Why a mail did not go out, in words an editor can act on (the details are logged)."""

    ADDRESS = "address", _("the mail server refused the address")
    SERVER = "server", _("the mail server could not be reached")
    OTHER = "other", _("another error")


class Invitation(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("e-mail")
        LINK = "link", _("personal link")
        OPEN = "open", _("via the open link")

    class Group(models.TextChoices):
        INTERNAL = "internal", _("internal")
        EXTERNAL = "external", _("external")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    role = models.CharField(max_length=32, blank=True)
    department = models.CharField(max_length=100, blank=True)
    group = models.CharField(max_length=10, choices=Group.choices, blank=True)
    # Null until the token exists: e-mail invitations get theirs when the mail is sent.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set by the "send reminder" action, cleared by the worker once it has tried to send it.
    reminder_due = models.BooleanField(default=False)
    send_error = models.CharField(max_length=300, blank=True)
    # Failed tries of the mail now due (invitation or reminder); a success resets them.
    # With an error and no next attempt, the mail has been given up.
    send_attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    send_failure = models.CharField(max_length=10, choices=MailFailure.choices, blank=True)
    # Day precision only, so timestamps cannot be matched to a response's activity.
    started_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.email or f"{self.get_kind_display()} #{self.pk}"

    @property
    def status(self) -> str:
        if self.submitted_on:
            return "submitted"
        if self.started_on:
            return "started"
        return "invited"


class ReplacedLink(models.Model):
    """A link a reminder replaced, by its hash only: whoever opens it is told to use the
    newest e-mail, instead of "not found", and it does not count as a guessed token."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="replaced_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"replaced link of {self.invitation_id}"


NUMERIC = models.Q(current__gte=1, current__lte=5) | models.Q(ambition__gte=1, ambition__lte=5)


class ResponseQuerySet(models.QuerySet["Response"]):
    def counting(self) -> ResponseQuerySet:
        """Submitted responses with at least one numeric answer (a level 1-5, current or
        ambition). Only these count as respondents anywhere: a submission without answers, or
        with only "don't know" and comments, must not make a group look big enough to show
        (docs/privacy.md, padding)."""
        numeric = Answer.objects.filter(NUMERIC, response=models.OuterRef("pk"))
        return self.filter(submitted=True).filter(models.Exists(numeric))

    def without_answers(self) -> ResponseQuerySet:
        """Submitted responses that count nowhere: no numeric answer at all."""
        numeric = Answer.objects.filter(NUMERIC, response=models.OuterRef("pk"))
        return self.filter(submitted=True).exclude(models.Exists(numeric))


class Response(models.Model):
    # A random id: no ordering or counter that could be matched to an invitation.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    key_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="nl")
    role = models.CharField(max_length=32, blank=True)
    department = models.CharField(max_length=100, blank=True)
    group = models.CharField(max_length=10, blank=True)
    position = models.CharField(max_length=64, blank=True)
    submitted = models.BooleanField(default=False)
    imported = models.BooleanField(default=False)
    label = models.CharField(max_length=100, blank=True)  # respondent column of an imported file
    # The import that wrote it. While that import runs, its rows are not submitted, so they
    # count nowhere; publishing the import submits them all at once (assessments/imports.py).
    import_job = models.ForeignKey(
        "ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "label"],
                condition=~models.Q(label=""),
                name="unique_imported_respondent",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    aspect = models.CharField(max_length=64)
    current = models.PositiveSmallIntegerField(null=True, blank=True)
    ambition = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "aspect"], name="one_answer_per_aspect"),
            models.CheckConstraint(
                condition=models.Q(current__in=[1, 2, 3, 4, 5, DONT_KNOW])
                | models.Q(current__isnull=True),
                name="current_is_a_level",
            ),
            models.CheckConstraint(
                condition=models.Q(ambition__in=[1, 2, 3, 4, 5, DONT_KNOW])
                | models.Q(ambition__isnull=True),
                name="ambition_is_a_level",
            ),
        ]
        # The few answers with a comment, by response: the comments of a round are read
        # through here without visiting its other answers (reports/comments.py).
        indexes = [
            models.Index(
                fields=["response"], condition=~models.Q(comment=""), name="answer_with_comment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.aspect}: {self.current}/{self.ambition}"

    def as_cells(self) -> dict[str, Any]:
        return {"current": as_value(self.current), "ambition": as_value(self.ambition)}


class ResultsSnapshot(models.Model):
    """The interim results of an open round: a frozen copy of its counting respondents' answers.

    Frozen, not a list of responses, so a later amendment does not show through; keyed by the
    response's random id only so that erasing a respondent can remove their row. Taken on a
    submit once at least k new counting respondents have answered through a link since the
    last one, deleted when the round closes. Nothing here is shown row by row.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField()  # day precision, like the invitations' dates
    counting_respondents = models.PositiveIntegerField()
    # Of those, the ones who answered through a link. Only these count towards the next
    # refresh: rows an editor imported are known to them and would help subtract the rest.
    live_respondents = models.PositiveIntegerField(default=0)
    # {response id: {"role", "department", "group", "answers": {aspect: [current, ambition]}}}
    rows = models.JSONField(default=dict)

    class Meta:
        ordering = ["-counting_respondents", "-id"]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.counting_respondents} respondents"


class ImportJob(models.Model):
    """A Responses CSV upload, imported by the worker (assessments/imports.py).

    The file is kept in the database, not under data/: every gunicorn worker and the worker
    process reach it the same way, on SQLite and PostgreSQL, and it goes with the assessment
    when that is deleted. It is a bytes column because PostgreSQL refuses a NUL character in
    text, and a NUL in the file must come back as an error naming its row and column. The file
    is emptied once the job has finished; the counts and errors stay.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="import_jobs")
    file_name = models.CharField(max_length=200, blank=True)
    # The uploader's language: the worker writes the problems in it.
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="en")
    content = models.BinaryField(default=bytes)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched by every batch: a running job that stops changing lost its worker.
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name or 'import'} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class StoredResults(models.Model):
    """A round's results in one language as last computed, read instead of computing them again
    while `key` still matches everything they depend on (assessments/results_store.py).

    A copy of figures the round's pages show anyway, replaced by whichever read finds it out of
    date; it holds no answer and nothing the results do not.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="stored_results"
    )
    lang = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    key = models.CharField(max_length=64)
    # The round's results_version they were computed at: the worker finds rounds to compute
    # ahead of their readers by it (the key alone decides whether they are read).
    version = models.PositiveIntegerField()
    respondents = models.PositiveIntegerField()  # the rows the engine was given
    # Results.to_stored() as JSON text, or "" below 3 respondents (no results). Text, not a
    # JSON column: read back exactly as written, floats included.
    payload = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "lang"], name="one_stored_results_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} ({self.lang})"

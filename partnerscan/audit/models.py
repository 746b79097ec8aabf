"""The audit log: who viewed results, exported, changed settings, closed or deleted data.

An event names the acting user and the assessment, never a respondent, and its detail text
holds no personal data, so the log itself needs no retention rule of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What happened: the kind of an audit event (not to be confused with a plan's action)."""

    # Results: who saw them or took them away.
    RESULTS_VIEWED = "results_viewed", _("viewed the results")
    EXPORTED = "exported", _("exported data")

    # The round's lifecycle, from creation to closing.
    ASSESSMENT_CREATED = "assessment_created", _("created an assessment")
    SETTINGS_CHANGED = "settings_changed", _("changed settings")
    OPENED = "opened", _("opened the assessment")
    CLOSED = "closed", _("closed the assessment")
    REMINDERS_QUEUED = "reminders_queued", _("queued reminders")

    # Members of the organisation.
    MEMBERS_CHANGED = "members_changed", _("changed the members")

    # Privacy: personal data deleted on request or after the retention period.
    INVITATIONS_DELETED = "invitations_deleted", _("deleted invitations")
    RESPONSE_ERASED = "response_erased", _("erased a respondent's answers")
    RETENTION_PURGED = "retention_purged", _("deleted data after the retention period")

    # The round's improvement plan.
    ACTION_ADDED = "action_added", _("added an action to the plan")
    ACTION_CHANGED = "action_changed", _("changed an action of the plan")
    ACTION_DELETED = "action_deleted", _("deleted an action from the plan")

    # Answers that came in by file rather than through the respondents' links. Last, as it
    # came last: the order of the choices is part of the migrations.
    RESPONSES_IMPORTED = "responses_imported", _("imported responses")

    # The partnership portfolio (partnerscan/portfolio).
    PARTNER_ADDED = "partner_added", _("added a partner organisation")
    PARTNER_CHANGED = "partner_changed", _("changed a partner organisation")
    PARTNER_DELETED = "partner_deleted", _("deleted a partner organisation")
    PARTNERSHIP_ADDED = "partnership_added", _("added a partnership")
    PARTNERSHIP_CHANGED = "partnership_changed", _("changed a partnership")
    PARTNERSHIP_DELETED = "partnership_deleted", _("deleted a partnership")
    PORTFOLIO_IMPORTED = "portfolio_imported", _("imported the partnership portfolio")

    # Health checks of a partnership (partnerscan/portfolio/health.py).
    HEALTH_CHECK_STARTED = "health_check_started", _("started a health check")
    HEALTH_LINKS_MADE = "health_links_made", _("made links for a health check")
    HEALTH_CHECK_CLOSED = "health_check_closed", _("closed a health check")

    # Who the health-check rhythm invites (partnerscan/portfolio/contacts.py).
    CONTACT_ADDED = "contact_added", _("added a contact of a partnership")
    CONTACT_REMOVED = "contact_removed", _("removed a contact of a partnership")

    # The partner round of an assessment (partnerscan/partnerview/domain.py).
    PARTNER_ROUND_STARTED = "partner_round_started", _("started the partner round")
    PARTNER_INVITATIONS_ADDED = "partner_invitations_added", _("invited partners")
    PARTNER_REMINDERS_QUEUED = "partner_reminders_queued", _("queued reminders to partners")
    PARTNER_ROUND_CLOSED = "partner_round_closed", _("closed the partner round")

    # API tokens (partnerscan/api/domain.py).
    API_TOKEN_CREATED = "api_token_created", _("created an API token")
    API_TOKEN_REVOKED = "api_token_revoked", _("revoked an API token")
    # Workshops on a closed round (partnerscan/workshop/domain.py).
    WORKSHOP_STARTED = "workshop_started", _("started a workshop")
    WORKSHOP_AGENDA_CHANGED = "workshop_agenda_changed", _("changed a workshop's agenda")
    WORKSHOP_LIVE = "workshop_live", _("opened a workshop to participants")
    WORKSHOP_VOTE_OPENED = "workshop_vote_opened", _("opened a vote in a workshop")
    WORKSHOP_VOTE_CLOSED = "workshop_vote_closed", _("closed a vote in a workshop")
    WORKSHOP_VOTE_REVEALED = "workshop_vote_revealed", _("revealed a vote in a workshop")
    WORKSHOP_AGREED = "workshop_agreed", _("recorded an agreed level in a workshop")
    WORKSHOP_ENDED = "workshop_ended", _("ended a workshop")
    WORKSHOP_DOTS_CHANGED = "workshop_dots_changed", _("changed a workshop's dot vote")
    WORKSHOP_DOTS_OPENED = "workshop_dots_opened", _("opened a workshop's dot vote")
    WORKSHOP_DOTS_CLOSED = "workshop_dots_closed", _("closed a workshop's dot vote")
    WORKSHOP_DOTS_REVEALED = "workshop_dots_revealed", _("revealed a workshop's dot vote")
    WORKSHOP_ACTIONS_PLANNED = "workshop_actions_planned", _("put a workshop's actions in the plan")

    # Single sign-on (partnerscan/sso/domain.py): a member by the rule for one e-mail domain.
    SSO_JOINED = "sso_joined", _("joined through single sign-on")

    # Webhook subscriptions (partnerscan/webhooks/domain.py).
    WEBHOOK_ADDED = "webhook_added", _("added a webhook")
    WEBHOOK_CHANGED = "webhook_changed", _("changed a webhook")
    WEBHOOK_SECRET_ROLLED = "webhook_secret_rolled", _("made a new secret for a webhook")
    WEBHOOK_DELETED = "webhook_deleted", _("deleted a webhook")
    WEBHOOK_RESENT = "webhook_resent", _("sent a webhook event again")

    # Invitations to a round: e-mail addresses queued, personal links made.
    INVITATIONS_ADDED = "invitations_added", _("added invitations")


class AuditEvent(models.Model):
    # By name, as the assessment below: audit sits under the apps that record events.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="audit_events"
    )
    # SET_NULL: removing an account or an assessment must not erase what was done with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Event.choices)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # What the event was about: `code` and `params` (no personal data) are turned into a
    # sentence in the reader's language when the log is read (audit/messages.py); `detail`
    # is the same in plain English for the admin, and all that events from before codes have.
    detail = models.CharField(max_length=300, blank=True)
    code = models.CharField(max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"

    @property
    def sentence(self) -> str:
        from partnerscan.audit.messages import sentence

        return sentence(self.code, self.params, self.detail)

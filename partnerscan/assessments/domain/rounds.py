"""Rounds: create, change, open and close an assessment, and its mail texts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.assessments import mailtexts
from partnerscan.assessments.domain.common import results_changed
from partnerscan.assessments.domain.privacy import blank_invitations
from partnerscan.assessments.models import Answer, Assessment, Response, SharesSource
from partnerscan.assessments.signals import round_closed
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.capability.loader import get_model
from partnerscan.core.errors import DomainError
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.queries import among

# Settings whose change would change what earlier answers mean.
MEANING_FIELDS = ("goal", "departments")


def create_assessment(organisation: Organisation, user: User | None, **fields: Any) -> Assessment:
    with transaction.atomic():
        model = get_model(fields.pop("model_ref", None))
        if fields.get("in_pool") and user is not None:
            ensure_pool_owner(organisation, user)
        fields.setdefault("languages", list(LANGUAGES))
        fields.setdefault("departments", list(organisation.departments))
        fields |= _shares_record(
            fields.get("shares"), fields.get("shares_source"), fields.get("shares_taken_on")
        )
        assessment = Assessment.objects.create(
            organisation=organisation,
            created_by=user,
            model_id=model.id,
            model_version=model.version,
            **fields,
        )
        if user is not None:
            record(Event.ASSESSMENT_CREATED, user=user, assessment=assessment)
        return assessment


def _shares_record(
    shares: dict[str, float] | None, source: str | None, taken_on: dt.date | None = None
) -> dict[str, Any]:
    """Where a round's shares came from: the portfolio only when the caller says so (the
    portfolio page's link, unchanged on the way), taken today unless a copy says when; any
    other shares are an estimate."""
    if not shares:
        return {"shares_source": SharesSource.NONE, "shares_taken_on": None}
    if source == SharesSource.PORTFOLIO:
        day = taken_on or timezone.localdate()
        return {"shares_source": SharesSource.PORTFOLIO, "shares_taken_on": day}
    return {"shares_source": SharesSource.ESTIMATE, "shares_taken_on": None}


def ensure_pool_owner(organisation: Organisation, user: User | None) -> None:
    """Sharing an organisation's results outside it is its owners' decision, not an editor's."""
    owners = Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER)
    if user is None or not owners.filter(user=user).exists():
        raise DomainError(_("Only an owner of the organisation can share a round in the pool."))


def has_answers(assessment: Assessment) -> bool:
    responses = Response.objects.filter(assessment=assessment).values("pk")
    return Answer.objects.filter(among("response_id", responses)).exists()


def update_assessment(assessment: Assessment, by: User | None = None, **fields: Any) -> Assessment:
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_closed:
            raise DomainError(_("This assessment is closed; its settings can no longer change."))
        changed = [name for name, value in fields.items() if getattr(assessment, name) != value]
        if "in_pool" in changed:
            ensure_pool_owner(assessment.organisation, by)
        if has_answers(assessment):
            blocked = [name for name in changed if name in MEANING_FIELDS]
            if blocked and not _only_adds_departments(assessment, fields, blocked):
                raise DomainError(
                    _(
                        "Answers have already been given. Changing the goal or removing or "
                        "renaming departments would change what those answers mean."
                    )
                )
        if "shares" in changed:
            # Shares changed by hand are the editor's own estimate, whatever they started from.
            fields |= _shares_record(fields["shares"], SharesSource.ESTIMATE)
            changed += ["shares_source", "shares_taken_on"]
        for name in changed:
            setattr(assessment, name, fields[name])
        save_settings(assessment, changed, by)
        return assessment


def save_settings(assessment: Assessment, changed: list[str], by: User | None) -> None:
    """Save the `changed` fields as they are set on `assessment`, and note who changed them.
    Also the admin's way: an operator may retitle a round or shorten its retention, on the
    record like anyone else."""
    if not changed:
        return
    assessment.save(update_fields=changed)
    # Field names only: a goal or a title could hold anything.
    record(
        Event.SETTINGS_CHANGED,
        user=by,
        assessment=assessment,
        detail=", ".join(changed),
        code="settings",
        params={"fields": changed},
    )


def _only_adds_departments(
    assessment: Assessment, fields: dict[str, Any], blocked: list[str]
) -> bool:
    if blocked != ["departments"]:
        return False
    return set(assessment.departments) <= set(fields["departments"])


def set_mail_texts(
    assessment: Assessment, texts: dict[str, dict[str, str]], by: User | None = None
) -> Assessment:
    """The wording of the invitation and reminder mails, per language (mailtexts.FIELDS).

    Every language is checked before anything is saved; a field equal to its default is not
    stored, so it follows the default. Mails already sent keep the words they went out with.
    """
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_closed:
            raise DomainError(_("This assessment is closed; its settings can no longer change."))
        found = [p for lang in LANGUAGES for p in mailtexts.problems(lang, texts[lang]).values()]
        if found:
            raise DomainError(" ".join(found))
        stored = {
            lang: {
                name: texts[lang][name]
                for name, default in mailtexts.DEFAULTS[lang].items()
                if texts[lang][name] != default
            }
            for lang in LANGUAGES
        }
        stored = {lang: fields for lang, fields in stored.items() if fields}
        before = assessment.mail_texts or {}
        changed = [
            f"{lang} {name}"
            for lang in LANGUAGES
            for name in mailtexts.FIELDS
            if before.get(lang, {}).get(name) != stored.get(lang, {}).get(name)
        ]
        if changed:
            assessment.mail_texts = stored
            assessment.save(update_fields=["mail_texts"])
            # Field names only: the texts could hold anything.
            record(
                Event.SETTINGS_CHANGED,
                user=by,
                assessment=assessment,
                detail="e-mail texts: " + ", ".join(changed),
                code="mail_texts",
                params={"changed": changed},
            )
        return assessment


def open_assessment(assessment: Assessment, by: User | None = None) -> Assessment:
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_closed:
            raise DomainError(_("A closed assessment cannot be opened again."))
        assessment.state = Assessment.State.OPEN
        assessment.opened_at = assessment.opened_at or timezone.now()
        assessment.save(update_fields=["state", "opened_at"])
        results_changed(assessment)  # from now on the results come from a snapshot, if any
        if by is not None:
            record(Event.OPENED, user=by, assessment=assessment)
        return assessment


def close_assessment(
    assessment: Assessment, by: User | None = None, delete_invitations: bool = False
) -> Assessment:
    """Close the round: links only say it has closed, and responses lose their key for good.

    Invitations keep their token hash so a respondent's link can still answer "closed"
    instead of "not found"; without the response key it no longer leads to any answers.
    They (and their e-mail addresses) go after the retention period, or now when asked.
    """
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_closed:
            return assessment
        assessment.state = Assessment.State.CLOSED
        assessment.closed_at = timezone.now()
        assessment.open_link_hash = None
        assessment.save(update_fields=["state", "closed_at", "open_link_hash"])
        assessment.responses.update(key_hash=None)
        # The closed round's results are read from its answers; the interim copies are not needed.
        assessment.snapshots.all().delete()
        results_changed(assessment)
        record(Event.CLOSED, user=by, assessment=assessment)
        if delete_invitations:
            blank_invitations(assessment, by, Event.INVITATIONS_DELETED)
        # The pool (an app above this one) takes the closed round's figures when it is shared.
        round_closed.send(sender=Assessment, assessment=assessment)
        return assessment

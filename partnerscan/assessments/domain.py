"""Workflows of a scan. Each is atomic and the only way its write happens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.assessments import tokens
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Invitation, Response
from partnerscan.audit.events import Action, record
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.records import RespondentRecord
from partnerscan.scoring.responses_csv import ParsedResponses


class DomainError(Exception):
    """A refused action, with a message for the user."""


# Organisations -----------------------------------------------------------------------------


@transaction.atomic
def create_organisation(
    user: User, name: str, sector: str = "", size: str = "", departments: list[str] | None = None
) -> Organisation:
    organisation = Organisation.objects.create(
        name=name, sector=sector, size=size, departments=departments or []
    )
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return organisation


@transaction.atomic
def add_member(
    organisation: Organisation, email: str, role: str, by: User | None = None
) -> Membership:
    user, _created = User.objects.get_or_create(email=email.strip().lower())
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _new = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if by is not None:
        record(Action.MEMBERS_CHANGED, user=by, organisation=organisation, detail=f"added {role}")
    return membership


# Assessments -------------------------------------------------------------------------------

# Settings whose change would change what earlier answers mean.
MEANING_FIELDS = ("goal", "departments")


@transaction.atomic
def create_assessment(organisation: Organisation, user: User | None, **fields: Any) -> Assessment:
    model = get_model(fields.pop("model_ref", None))
    if fields.get("in_pool") and user is not None:
        _ensure_pool_owner(organisation, user)
    fields.setdefault("languages", ["nl", "en"])
    fields.setdefault("departments", list(organisation.departments))
    assessment = Assessment.objects.create(
        organisation=organisation,
        created_by=user,
        model_id=model.id,
        model_version=model.version,
        **fields,
    )
    if user is not None:
        record(Action.ASSESSMENT_CREATED, user=user, assessment=assessment)
    return assessment


def _ensure_pool_owner(organisation: Organisation, user: User | None) -> None:
    from partnerscan.pool.domain import ensure_owner  # the pool's workflows build on this module

    ensure_owner(organisation, user)


def has_answers(assessment: Assessment) -> bool:
    return Answer.objects.filter(response__assessment=assessment).exists()


@transaction.atomic
def update_assessment(assessment: Assessment, by: User | None = None, **fields: Any) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_closed:
        raise DomainError(_("This assessment is closed; its settings can no longer change."))
    changed = [name for name, value in fields.items() if getattr(assessment, name) != value]
    if "in_pool" in changed:
        _ensure_pool_owner(assessment.organisation, by)
    if has_answers(assessment):
        blocked = [name for name in changed if name in MEANING_FIELDS]
        if blocked and not _only_adds_departments(assessment, fields, blocked):
            raise DomainError(
                _(
                    "Answers have already been given. Changing the goal or removing or "
                    "renaming departments would change what those answers mean."
                )
            )
    for name in changed:
        setattr(assessment, name, fields[name])
    if changed:
        assessment.save(update_fields=changed)
        # Field names only: a goal or a title could hold anything.
        record(Action.SETTINGS_CHANGED, user=by, assessment=assessment, detail=", ".join(changed))
    return assessment


def _only_adds_departments(
    assessment: Assessment, fields: dict[str, Any], blocked: list[str]
) -> bool:
    if blocked != ["departments"]:
        return False
    return set(assessment.departments) <= set(fields["departments"])


@transaction.atomic
def open_assessment(assessment: Assessment, by: User | None = None) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_closed:
        raise DomainError(_("A closed assessment cannot be opened again."))
    assessment.state = Assessment.State.OPEN
    assessment.save(update_fields=["state"])
    if by is not None:
        record(Action.OPENED, user=by, assessment=assessment)
    return assessment


@transaction.atomic
def close_assessment(
    assessment: Assessment, by: User | None = None, delete_invitations: bool = False
) -> Assessment:
    """Close the round: links only say it has closed, and responses lose their key for good.

    Invitations keep their token hash so a respondent's link can still answer "closed"
    instead of "not found"; without the response key it no longer leads to any answers.
    They (and their e-mail addresses) go after the retention period, or now when asked.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_closed:
        return assessment
    assessment.state = Assessment.State.CLOSED
    assessment.closed_at = timezone.now()
    assessment.open_link_hash = None
    assessment.save(update_fields=["state", "closed_at", "open_link_hash"])
    assessment.responses.update(key_hash=None)
    record(Action.CLOSED, user=by, assessment=assessment)
    if delete_invitations:
        _delete_invitations(assessment, by, Action.INVITATIONS_DELETED)
    # Imported here: the pool's workflows build on this module.
    from partnerscan.pool.domain import sync_pool_entry

    sync_pool_entry(assessment)
    return assessment


# Invitations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationRow:
    email: str = ""
    role: str = ""
    department: str = ""
    group: str = ""
    language: str = "nl"


def _ensure_not_closed(assessment: Assessment) -> None:
    if assessment.is_closed:
        raise DomainError(_("This assessment is closed."))


@transaction.atomic
def create_links(assessment: Assessment, count: int, language: str = "nl") -> list[str]:
    """N personal links to hand out; the tokens are returned once and never stored."""
    _ensure_not_closed(assessment)
    if not 1 <= count <= 1000:
        raise DomainError(_("Create between 1 and 1,000 links at a time."))
    made = [tokens.new_token() for _ in range(count)]
    Invitation.objects.bulk_create(
        Invitation(
            assessment=assessment,
            kind=Invitation.Kind.LINK,
            language=language,
            token_hash=tokens.invitation_hash(token),
        )
        for token in made
    )
    return made


@transaction.atomic
def add_email_invitations(assessment: Assessment, rows: list[InvitationRow]) -> list[Invitation]:
    """Queue e-mail invitations; the worker makes each token when it sends the mail."""
    _ensure_not_closed(assessment)
    existing = set(assessment.invitations.exclude(email="").values_list("email", flat=True))
    new = [row for row in rows if row.email.lower() not in existing]
    return Invitation.objects.bulk_create(
        Invitation(
            assessment=assessment,
            kind=Invitation.Kind.EMAIL,
            email=row.email.lower(),
            role=row.role,
            department=row.department,
            group=row.group,
            language=row.language,
        )
        for row in new
    )


@transaction.atomic
def issue_email_token(invitation: Invitation) -> str:
    """A fresh token for an e-mail invitation (at sending); an older link stops working."""
    token = tokens.new_token()
    invitation.token_hash = tokens.invitation_hash(token)
    invitation.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def enable_open_link(assessment: Assessment) -> str:
    """One link for everyone; each visitor gets a personal link of their own from it."""
    _ensure_not_closed(assessment)
    token = tokens.new_token()
    assessment.open_link_hash = tokens.open_link_hash(token)
    assessment.save(update_fields=["open_link_hash"])
    return token


@transaction.atomic
def disable_open_link(assessment: Assessment) -> None:
    assessment.open_link_hash = None
    assessment.save(update_fields=["open_link_hash"])


@transaction.atomic
def claim_open_link(open_token: str) -> str | None:
    """A personal token for a visitor of the open link, or None when the link is not valid."""
    assessment = Assessment.objects.filter(
        open_link_hash=tokens.open_link_hash(open_token), state=Assessment.State.OPEN
    ).first()
    if assessment is None:
        return None
    token = tokens.new_token()
    Invitation.objects.create(
        assessment=assessment,
        kind=Invitation.Kind.OPEN,
        language=assessment.languages[0] if assessment.languages else "nl",
        token_hash=tokens.invitation_hash(token),
    )
    return token


# Responding --------------------------------------------------------------------------------


def find_invitation(token: str) -> Invitation | None:
    if not tokens.looks_like_token(token):
        return None
    return (
        Invitation.objects.select_related("assessment__organisation")
        .filter(token_hash=tokens.invitation_hash(token))
        .first()
    )


def find_response(token: str) -> Response | None:
    """The response the token's own hash leads to, with its assessment: a respondent who
    started needs no look-up of the invitation at all."""
    return (
        Response.objects.select_related("assessment")
        .filter(key_hash=tokens.response_hash(token))
        .first()
    )


@transaction.atomic
def start_response(invitation: Invitation, token: str, language: str | None = None) -> Response:
    """The respondent's response, created on the first visit; later visits get the same one."""
    if not invitation.assessment.is_open:
        raise DomainError(_("This questionnaire is not open."))
    _lock_current_token(invitation, token)
    try:
        with transaction.atomic():
            response, created = Response.objects.get_or_create(
                key_hash=tokens.response_hash(token),
                defaults={
                    "assessment": invitation.assessment,
                    "language": language or invitation.language,
                    "role": invitation.role,
                    "department": invitation.department,
                    "group": invitation.group
                    or ("external" if invitation.role == "external" else ""),
                },
            )
    except IntegrityError:  # a concurrent first visit created it
        response, created = Response.objects.get(key_hash=tokens.response_hash(token)), False
    if created or invitation.started_on is None:
        Invitation.objects.filter(pk=invitation.pk, started_on__isnull=True).update(
            started_on=timezone.localdate()
        )
    return response


def _lock_current_token(invitation: Invitation, token: str) -> None:
    """Lock the invitation and check the token is still its own.

    A reminder may give a not-yet-started invitation a new token (issue_reminder_token, under
    the same lock). Without this check a first visit racing it could start a response under
    the old token, which the new link would never find again.
    """
    current = Invitation.objects.select_for_update().filter(
        pk=invitation.pk, token_hash=tokens.invitation_hash(token)
    )
    if not current.exists():
        raise DomainError(_("This link has been replaced by the one in your latest e-mail."))


def _locking(response: Response) -> QuerySet[Response]:
    """The response's row, locked for the rest of the transaction; no row once its key is gone
    (the round closed, or the answers were erased).

    Only the response's own row is locked, so the respondents of one round never wait for
    each other. That is enough against a racing close: closing clears every response's key,
    which takes the same row lock, and PostgreSQL re-checks the key of a row it waited for.
    """
    return Response.objects.select_for_update(of=("self",), no_key=True).filter(
        pk=response.pk, key_hash=response.key_hash
    )


def _closed() -> DomainError:
    return DomainError(_("This questionnaire is closed; answers can no longer change."))


def _refuse_changes(assessment: Assessment, submitted: bool | None) -> None:
    """`submitted` as read under the lock; None when the response's key is gone."""
    if submitted is None or not assessment.is_open:
        raise _closed()
    if submitted and not assessment.allow_amend:
        raise DomainError(_("Your answers have been submitted and can no longer change."))


def _writable(response: Response) -> Response:
    """The response re-read under its lock, with its round as it is now."""
    locked = _locking(response).select_related("assessment").first()
    if locked is None:
        raise _closed()
    _refuse_changes(locked.assessment, locked.submitted)
    return locked


def parse_level(value: str | int | None) -> int | None:
    """'1'..'5' → level, 'dk' → don't know, '' → blank. Anything else is refused."""
    text = str(value if value is not None else "").strip().lower()
    if text == "":
        return None
    if text == "dk":
        return DONT_KNOW
    if text in {"1", "2", "3", "4", "5"}:
        return int(text)
    raise DomainError(_("An answer must be a level from 1 to 5 or “don't know”."))


ANSWER_FIELDS = ("current", "ambition", "comment")
MAX_COMMENT = 4000


def _stored_value(model: CapabilityModel, aspect: str, field: str, value: str) -> int | str | None:
    if aspect not in {a.id for a in model.aspects}:
        raise DomainError(_("Unknown aspect."))
    if field not in ANSWER_FIELDS:
        raise DomainError(_("Unknown field."))
    return value.strip()[:MAX_COMMENT] if field == "comment" else parse_level(value)


@transaction.atomic
def save_answer(response: Response, aspect: str, field: str, value: str) -> None:
    """Save one answer at once; the last save of the same answer wins."""
    stored = _stored_value(response.assessment.capability_model, aspect, field, value)
    # Only the flag is read back: the round's state comes with the response (the caller's
    # look-up), and a close since then is caught by the key in the lock's filter.
    submitted = _locking(response).values_list("submitted", flat=True).first()
    _refuse_changes(response.assessment, submitted)
    # One INSERT … ON CONFLICT DO UPDATE of this field only: a first save and a retry racing
    # it on another server both end in the one row of (response, aspect).
    Answer.objects.bulk_create(
        [Answer(response=response, aspect=aspect, **{field: stored})],
        update_conflicts=True,
        unique_fields=["response", "aspect"],
        update_fields=[field],
    )


@transaction.atomic
def save_context(response: Response, role: str, department: str) -> Response:
    locked = _writable(response)
    model = locked.assessment.capability_model
    roles = {o.id for q in model.context if q.id == "role" for o in q.options}
    if role and role not in roles:
        raise DomainError(_("Choose a role from the list."))
    if department and department not in locked.assessment.departments:
        raise DomainError(_("Choose a department from the list."))
    locked.role = role
    locked.department = department
    if role == "external":
        locked.group = "external"
    elif locked.group == "external" and role:
        locked.group = "internal"
    locked.save(update_fields=["role", "department", "group"])
    return locked


def set_position(response: Response, position: str) -> None:
    if response.position != position:
        Response.objects.filter(pk=response.pk).update(position=position)
        response.position = position


def set_language(response: Response, language: str) -> None:
    if language in ("nl", "en") and response.language != language:
        Response.objects.filter(pk=response.pk).update(language=language)
        response.language = language


@transaction.atomic
def submit_response(response: Response, invitation: Invitation | None) -> Response:
    """Idempotent: a second submit, a double click or a replay changes nothing."""
    locked = _locking(response).select_related("assessment").first()
    if locked is None or not locked.assessment.is_open:
        raise _closed()
    if locked.submitted:
        return locked
    locked.submitted = True
    locked.save(update_fields=["submitted"])
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk, submitted_on__isnull=True).update(
            submitted_on=timezone.localdate()
        )
    return locked


def unanswered(response: Response) -> list[tuple[str, str]]:
    """(aspect id, which) pairs still blank: which is 'current' or 'ambition'."""
    model = response.assessment.capability_model
    answers = {a.aspect: a for a in response.answers.all()}
    missing = []
    for aspect in model.aspects:
        answer = answers.get(aspect.id)
        for which in ("current", "ambition"):
            if answer is None or getattr(answer, which) is None:
                missing.append((aspect.id, which))
    return missing


def today() -> dt.date:
    return timezone.localdate()


# Members -----------------------------------------------------------------------------------


def _ensure_an_owner_remains(membership: Membership, new_role: str | None) -> None:
    """An organisation without an owner could never add members again."""
    if membership.role != Membership.Role.OWNER or new_role == Membership.Role.OWNER:
        return
    owners = Membership.objects.select_for_update().filter(
        organisation_id=membership.organisation_id, role=Membership.Role.OWNER
    )
    if owners.count() <= 1:
        raise DomainError(_("An organisation needs at least one owner."))


@transaction.atomic
def change_member_role(membership: Membership, role: str, by: User | None = None) -> Membership:
    _ensure_an_owner_remains(membership, role)
    membership.role = role
    membership.save(update_fields=["role"])
    if by is not None:
        record(
            Action.MEMBERS_CHANGED,
            user=by,
            organisation=membership.organisation,
            detail=f"role changed to {role}",
        )
    return membership


@transaction.atomic
def remove_member(membership: Membership, by: User | None = None) -> None:
    _ensure_an_owner_remains(membership, None)
    organisation = membership.organisation
    membership.delete()
    if by is not None:
        record(Action.MEMBERS_CHANGED, user=by, organisation=organisation, detail="removed")


# Sending invitations -----------------------------------------------------------------------


def queued_email_invitations() -> list[Invitation]:
    """E-mail invitations of open assessments that were never sent and never failed."""
    return list(
        Invitation.objects.select_related("assessment__organisation").filter(
            kind=Invitation.Kind.EMAIL,
            assessment__state=Assessment.State.OPEN,
            sent_at__isnull=True,
            send_error="",
        )
    )


@transaction.atomic
def record_invitation_sent(invitation: Invitation, error: str = "") -> Invitation:
    """After a send attempt: the time it went out, or why it failed (then it is not retried)."""
    if error:
        invitation.send_error = error[:300]
        invitation.save(update_fields=["send_error"])
    else:
        invitation.sent_at = timezone.now()
        invitation.send_error = ""
        invitation.save(update_fields=["sent_at", "send_error"])
    return invitation


# Reminders ---------------------------------------------------------------------------------


def remindable(assessment: Assessment) -> QuerySet[Invitation]:
    """E-mail invitations that went out and were not submitted (nor refused by the server)."""
    return assessment.invitations.filter(
        kind=Invitation.Kind.EMAIL,
        sent_at__isnull=False,
        submitted_on__isnull=True,
        send_error="",
    )


@transaction.atomic
def queue_reminders(assessment: Assessment, by: User | None = None) -> int:
    """Mark every remindable invitation; the worker sends the reminders in the background."""
    _ensure_not_closed(assessment)
    if not assessment.is_open:
        raise DomainError(_("Reminders can be sent once the assessment is open."))
    count = remindable(assessment).update(reminder_due=True)
    record(Action.REMINDERS_QUEUED, user=by, assessment=assessment, detail=f"{count} reminders")
    return count


def queued_reminders() -> list[Invitation]:
    return list(
        Invitation.objects.select_related("assessment__organisation").filter(
            kind=Invitation.Kind.EMAIL,
            reminder_due=True,
            assessment__state=Assessment.State.OPEN,
            submitted_on__isnull=True,
        )
    )


@transaction.atomic
def issue_reminder_token(invitation: Invitation) -> str | None:
    """A fresh token for a reminder, or None when the respondent has already started.

    Only the token's hashes are stored, so the worker cannot put the first link in a
    reminder. A new token for someone who never started costs nothing. Someone who started
    has a response keyed by their old token, which a new token would orphan for good, so
    they keep their link and the reminder points them to the first e-mail instead.
    """
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.started_on is not None or locked.submitted_on is not None:
        return None
    return issue_email_token(locked)


@transaction.atomic
def record_reminder_sent(invitation: Invitation, error: str = "") -> Invitation:
    """After a reminder attempt: done either way; a refused address is shown on the page."""
    invitation.reminder_due = False
    fields = ["reminder_due"]
    if error:
        invitation.send_error = error[:300]
        fields.append("send_error")
    else:
        invitation.reminded_at = timezone.now()
        fields.append("reminded_at")
    invitation.save(update_fields=fields)
    return invitation


# Deleting personal data --------------------------------------------------------------------


def _delete_invitations(assessment: Assessment, by: User | None, action: str) -> int:
    count, _by_model = assessment.invitations.all().delete()
    if count:
        record(action, user=by, assessment=assessment, detail=f"{count} invitations")
    return count


@transaction.atomic
def delete_invitations(assessment: Assessment, by: User | None = None) -> int:
    """Delete the invitations (with their e-mail addresses) of a closed round now."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_closed:
        raise DomainError(_("Invitations can be deleted once the assessment is closed."))
    return _delete_invitations(assessment, by, Action.INVITATIONS_DELETED)


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the invitations of every round closed longer ago than its retention period."""
    now = now or timezone.now()
    closed = Assessment.objects.filter(
        state=Assessment.State.CLOSED, invitations__isnull=False
    ).distinct()
    deleted = 0
    for assessment in closed.select_related("organisation"):
        if assessment.purge_after and assessment.purge_after <= now:
            with transaction.atomic():
                deleted += _delete_invitations(assessment, None, Action.RETENTION_PURGED)
    return deleted


@dataclass(frozen=True)
class Erasure:
    response: bool
    invitation: bool


@transaction.atomic
def erase_response(assessment: Assessment, token: str, by: User | None = None) -> Erasure:
    """Delete a respondent's answers (and their invitation) at their request.

    The respondent proves which answers are theirs with their link. Only the token leads to
    the response, and only while the round is open: closing deletes the response keys, after
    which nobody can find one person's answers, by design.
    """
    response = Response.objects.filter(
        assessment=assessment, key_hash=tokens.response_hash(token)
    ).first()
    invitation = assessment.invitations.filter(token_hash=tokens.invitation_hash(token))
    erasure = Erasure(response is not None, invitation.exists())
    if response is not None:
        response.delete()  # its answers go with it (CASCADE)
    invitation.delete()
    if erasure.response or erasure.invitation:
        record(Action.RESPONSE_ERASED, user=by, assessment=assessment)
    return erasure


# Importing responses -----------------------------------------------------------------------


def _imported_answers(response: Response, record: RespondentRecord) -> list[Answer]:
    """One Answer per aspect that has a level, "don't know" or a comment in the file."""
    answers = []
    for aspect in record.answers.keys() | record.comments.keys():
        current, ambition = record.answers.get(aspect, (None, None))
        comment = (record.comments.get(aspect) or "").strip()
        if current is None and ambition is None and not comment:
            continue
        answers.append(
            Answer(
                response=response,
                aspect=aspect,
                current=_cell(current),
                ambition=_cell(ambition),
                comment=comment[:MAX_COMMENT],
            )
        )
    return answers


def _cell(value: Any) -> int | None:
    """The scoring package's value (1..5, 'dk' or None) as a stored answer code."""
    if value is None:
        return None
    return DONT_KNOW if value == "dk" else int(value)


@transaction.atomic
def import_responses(assessment: Assessment, parsed: ParsedResponses) -> list[Response]:
    """Store the respondents of a parsed Responses CSV as submitted responses, all or none.

    The parser reports problems within the file; this refuses what only the database knows: a
    respondent already imported. Rows are counted as the parser does (header = row 1), which
    matches the file when it has no blank lines between respondents.

    One transaction, in the calling process: for small imports such as tests. The web import
    runs as a worker job instead (assessments/imports.py), which also checks roles,
    departments and groups against the assessment and writes in batches.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_not_closed(assessment)
    records = list(parsed.respondents)
    taken = set(assessment.responses.exclude(label="").values_list("label", flat=True))
    clashes = [
        _("row %(row)d, column respondent: “%(label)s” has already been imported.")
        % {"row": number, "label": record.id}
        for number, record in enumerate(records, start=2)
        if record.id in taken
    ]
    if clashes:
        raise DomainError(" ".join(clashes))
    responses = Response.objects.bulk_create(
        Response(
            assessment=assessment,
            imported=True,
            submitted=True,
            label=record.id,
            role=record.role or "",
            department=record.department or "",
            group=record.group or "",
        )
        for record in records
    )
    Answer.objects.bulk_create(
        answer
        for response, record in zip(responses, records, strict=True)
        for answer in _imported_answers(response, record)
    )
    return responses

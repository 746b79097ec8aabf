"""Workflows of a scan. Each is atomic and the only way its write happens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.assessments import mailtexts
from partnerscan.assessments.models import (
    DONT_KNOW,
    Answer,
    Assessment,
    Invitation,
    MailFailure,
    ReplacedLink,
    Response,
    ResultsSnapshot,
)
from partnerscan.assessments.results import frozen_rows
from partnerscan.assessments.signals import round_closed
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError
from partnerscan.scoring.records import RespondentRecord
from partnerscan.scoring.responses_csv import ParsedResponses

# Assessments -------------------------------------------------------------------------------

# Settings whose change would change what earlier answers mean.
MEANING_FIELDS = ("goal", "departments")


@transaction.atomic
def create_assessment(organisation: Organisation, user: User | None, **fields: Any) -> Assessment:
    model = get_model(fields.pop("model_ref", None))
    if fields.get("in_pool") and user is not None:
        ensure_pool_owner(organisation, user)
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
        record(Event.ASSESSMENT_CREATED, user=user, assessment=assessment)
    return assessment


def ensure_pool_owner(organisation: Organisation, user: User | None) -> None:
    """Sharing an organisation's results outside it is its owners' decision, not an editor's."""
    owner = Membership.objects.filter(
        user_id=getattr(user, "pk", None), organisation=organisation, role=Membership.Role.OWNER
    )
    if user is None or not owner.exists():
        raise DomainError(_("Only an owner of the organisation can share a round in the pool."))


def has_answers(assessment: Assessment) -> bool:
    return Answer.objects.filter(response__assessment=assessment).exists()


@transaction.atomic
def update_assessment(assessment: Assessment, by: User | None = None, **fields: Any) -> Assessment:
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
    for name in changed:
        setattr(assessment, name, fields[name])
    if changed:
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
    return assessment


@transaction.atomic
def set_mail_texts(
    assessment: Assessment, texts: dict[str, dict[str, str]], by: User | None = None
) -> Assessment:
    """The wording of the invitation and reminder mails, per language (mailtexts.FIELDS).

    Every language is checked before anything is saved; a field equal to its default is not
    stored, so it follows the default. Mails already sent keep the words they went out with.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_closed:
        raise DomainError(_("This assessment is closed; its settings can no longer change."))
    found = [
        p for lang in mailtexts.LANGUAGES for p in mailtexts.problems(lang, texts[lang]).values()
    ]
    if found:
        raise DomainError(" ".join(found))
    stored = {
        lang: {
            name: texts[lang][name]
            for name, default in mailtexts.DEFAULTS[lang].items()
            if texts[lang][name] != default
        }
        for lang in mailtexts.LANGUAGES
    }
    stored = {lang: fields for lang, fields in stored.items() if fields}
    before = assessment.mail_texts or {}
    changed = [
        f"{lang} {name}"
        for lang in mailtexts.LANGUAGES
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
    assessment.opened_at = assessment.opened_at or timezone.now()
    assessment.save(update_fields=["state", "opened_at"])
    if by is not None:
        record(Event.OPENED, user=by, assessment=assessment)
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
    # The closed round's results are read from its answers; the interim copies are not needed.
    assessment.snapshots.all().delete()
    record(Event.CLOSED, user=by, assessment=assessment)
    if delete_invitations:
        _delete_invitations(assessment, by, Event.INVITATIONS_DELETED)
    # The pool (an app above this one) takes the closed round's figures when it is shared.
    round_closed.send(sender=Assessment, assessment=assessment)
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
    """Queue e-mail invitations; the worker makes each token when it sends the mail.

    One address is one invitation: a repeat in the batch (in any case, with spaces around
    it) and an address this round already invited are skipped; the first line wins.
    """
    _ensure_not_closed(assessment)
    existing = set(assessment.invitations.exclude(email="").values_list("email", flat=True))
    new: dict[str, InvitationRow] = {}
    for row in rows:
        email = row.email.strip().lower()
        if email not in existing:
            new.setdefault(email, row)
    return Invitation.objects.bulk_create(
        Invitation(
            assessment=assessment,
            kind=Invitation.Kind.EMAIL,
            email=email,
            role=row.role,
            department=row.department,
            group=row.group,
            language=row.language,
        )
        for email, row in new.items()
    )


@transaction.atomic
def issue_email_token(invitation: Invitation) -> str:
    """A fresh token for an e-mail invitation (at sending); an older link stops working.

    The older link's hash is kept, so whoever opens it is told to use the newest e-mail
    rather than "not found", and does not count as guessing.
    """
    token = tokens.new_token()
    if invitation.token_hash:
        ReplacedLink.objects.get_or_create(
            token_hash=invitation.token_hash, defaults={"invitation": invitation}
        )
    invitation.token_hash = tokens.invitation_hash(token)
    invitation.save(update_fields=["token_hash"])
    return token


def find_replaced_link(token: str) -> ReplacedLink | None:
    """The replaced link this token was, with its invitation (for the respondent's language)."""
    if not tokens.looks_like_token(token):
        return None
    return (
        ReplacedLink.objects.select_related("invitation__assessment")
        .filter(token_hash=tokens.invitation_hash(token))
        .first()
    )


# The open link ---------------------------------------------------------------------------

DEFAULT_OPEN_LINK_CAP = 50
MAX_OPEN_LINK_CAP = 100_000
MAX_ACCESS_CODE = 100


class OpenLinkFull(DomainError):
    """The open link has handed out as many personal links as its cap allows."""


class WrongAccessCode(DomainError):
    """The access code given does not match the open link's."""


def _access_code_hash(code: str) -> str:
    # Keyed with SECRET_KEY: a short code would otherwise be found from a leaked database
    # by trying every code offline. Spaces and case are forgiven, as people retype codes.
    normal = " ".join(code.split()).casefold()
    return salted_hmac("partnerscan.open-link-access-code", normal, algorithm="sha256").hexdigest()


def _checked_cap(cap: int) -> int:
    if not 1 <= cap <= MAX_OPEN_LINK_CAP:
        raise DomainError(
            _("The most respondents through the open link must be between 1 and 100,000.")
        )
    return cap


def open_link_claims(assessment: Assessment) -> int:
    """Personal links the open link has handed out in this round (they count against the cap)."""
    return assessment.invitations.filter(kind=Invitation.Kind.OPEN).count()


@transaction.atomic
def enable_open_link(
    assessment: Assessment,
    cap: int = DEFAULT_OPEN_LINK_CAP,
    access_code: str = "",
    by: User | None = None,
) -> str:
    """One link for everyone; each visitor gets a personal link of their own from it, up to
    `cap` in the round. A new link replaces the old one; links already handed out keep
    counting against the cap."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_not_closed(assessment)
    if len(access_code) > MAX_ACCESS_CODE:
        raise DomainError(_("The access code can be at most 100 characters long."))
    token = tokens.new_token()
    assessment.open_link_hash = tokens.open_link_hash(token)
    assessment.open_link_cap = _checked_cap(cap)
    assessment.open_link_code_hash = _access_code_hash(access_code) if access_code.strip() else ""
    assessment.save(update_fields=["open_link_hash", "open_link_cap", "open_link_code_hash"])
    code = "with an access code" if assessment.open_link_code_hash else "without an access code"
    record(
        Event.SETTINGS_CHANGED,
        user=by,
        assessment=assessment,
        detail=f"open link enabled, cap {cap}, {code}",
        code="open_link_enabled",
        params={"cap": cap, "code": bool(assessment.open_link_code_hash)},
    )
    return token


@transaction.atomic
def set_open_link_cap(assessment: Assessment, cap: int, by: User | None = None) -> Assessment:
    """Raise (or lower) the cap; a cap below the links already handed out stops new claims."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_not_closed(assessment)
    assessment.open_link_cap = _checked_cap(cap)
    assessment.save(update_fields=["open_link_cap"])
    record(
        Event.SETTINGS_CHANGED,
        user=by,
        assessment=assessment,
        detail=f"open link cap {cap}",
        code="open_link_cap",
        params={"cap": cap},
    )
    return assessment


@transaction.atomic
def disable_open_link(assessment: Assessment) -> None:
    assessment.open_link_hash = None
    assessment.save(update_fields=["open_link_hash"])


def find_open_link(open_token: str) -> Assessment | None:
    """The assessment whose open link this is, in any state (the page then says which)."""
    if not tokens.looks_like_token(open_token):
        return None
    return (
        Assessment.objects.select_related("organisation")
        .filter(open_link_hash=tokens.open_link_hash(open_token))
        .first()
    )


def is_current_open_link(assessment: Assessment, open_token: str) -> bool:
    """Whether `open_token` is this assessment's open link now (not an earlier one)."""
    return bool(assessment.open_link_hash) and constant_time_compare(
        assessment.open_link_hash, tokens.open_link_hash(open_token)
    )


def is_access_code(assessment: Assessment, code: str) -> bool:
    """Whether `code` is the access code the open link asks for (none asked: never)."""
    return bool(assessment.open_link_code_hash) and constant_time_compare(
        assessment.open_link_code_hash, _access_code_hash(code)
    )


def _first_language(assessment: Assessment) -> str:
    return assessment.languages[0] if assessment.languages else "nl"


def open_link_full(assessment: Assessment) -> bool:
    return open_link_claims(assessment) >= assessment.open_link_cap


def needs_access_code(assessment: Assessment) -> bool:
    return bool(assessment.open_link_code_hash)


@transaction.atomic
def claim_open_link(open_token: str, access_code: str = "", language: str = "") -> str | None:
    """A personal token for a visitor of the open link, or None when the link is not valid.

    The assessment's row is locked while the claims are counted, so a burst of visitors on
    several servers cannot together pass the cap. Raises WrongAccessCode or OpenLinkFull.
    """
    assessment = (
        Assessment.objects.select_for_update()
        .filter(open_link_hash=tokens.open_link_hash(open_token), state=Assessment.State.OPEN)
        .first()
    )
    if assessment is None:
        return None
    if assessment.open_link_code_hash and not constant_time_compare(
        _access_code_hash(access_code), assessment.open_link_code_hash
    ):
        raise WrongAccessCode(_("This access code is not right. Check it and try again."))
    if open_link_full(assessment):
        raise OpenLinkFull(_("This questionnaire has all the respondents it asked for."))
    token = tokens.new_token()
    Invitation.objects.create(
        assessment=assessment,
        kind=Invitation.Kind.OPEN,
        language=language if language in assessment.languages else _first_language(assessment),
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


def set_invitation_language(invitation: Invitation, language: str) -> None:
    """The language chosen before the first answer; the response starts in it."""
    if language in ("nl", "en") and invitation.language != language:
        Invitation.objects.filter(pk=invitation.pk).update(language=language)
        invitation.language = language


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
    if locked.assessment.interim_results:
        refresh_snapshot(locked.assessment)
    return locked


# Interim results ---------------------------------------------------------------------------


@transaction.atomic
def set_interim_results(assessment: Assessment, on: bool, by: User | None = None) -> Assessment:
    """The owner turns interim results of an open (or draft) round on or off."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_closed:
        raise DomainError(_("This assessment is closed; its settings can no longer change."))
    if assessment.interim_results == on:
        return assessment
    assessment.interim_results = on
    assessment.save(update_fields=["interim_results"])
    record(
        Event.SETTINGS_CHANGED,
        user=by,
        assessment=assessment,
        detail="interim_results: " + ("on" if on else "off"),
        code="interim_results",
        params={"on": on},
    )
    if on:
        refresh_snapshot(assessment)
    return assessment


def refresh_snapshot(assessment: Assessment) -> ResultsSnapshot | None:
    """Take a new interim snapshot when at least k counting respondents answered through a
    link since the last one (imported rows come along but do not count towards k: whoever
    imported them knows them, and could subtract them from the difference).

    Called inside the submit's transaction (cheap: one count, and two reads when it is time),
    never from a page view, so reading the dashboard writes nothing. The assessment row is
    locked so two submits at once cannot both take one.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.interim_results or not locked.is_open:
        return None
    counting = Response.objects.filter(assessment=locked).counting()
    live = counting.filter(imported=False).count()
    last = locked.snapshots.order_by("-id").values_list("live_respondents", flat=True).first()
    if live < (last or 0) + locked.min_group:
        return None
    locked.snapshots.all().delete()  # only the newest is ever shown
    rows = frozen_rows(locked)
    return ResultsSnapshot.objects.create(
        assessment=locked,
        taken_on=timezone.localdate(),
        counting_respondents=len(rows),
        live_respondents=live,
        rows=rows,
    )


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


# Sending invitations -----------------------------------------------------------------------


def _due(now: dt.datetime) -> Q:
    """Never tried, or failed and its next try has come (a given-up mail has no next try)."""
    return Q(send_error="") | Q(next_attempt_at__lte=now)


def queued_email_invitations(now: dt.datetime | None = None) -> list[Invitation]:
    """E-mail invitations of open assessments that were never sent and are due a try."""
    return list(
        Invitation.objects.select_related("assessment__organisation").filter(
            _due(now or timezone.now()),
            kind=Invitation.Kind.EMAIL,
            assessment__state=Assessment.State.OPEN,
            sent_at__isnull=True,
        )
    )


@dataclass(frozen=True)
class SendFailure:
    """Why a mail did not go out; a permanent one is not tried again."""

    kind: str  # a MailFailure value
    detail: str
    permanent: bool = False


def _record_failure(invitation: Invitation, failure: SendFailure) -> list[str]:
    """Count the failure and plan the next try by the back-off schedule, or give up."""
    schedule = settings.MAIL_RETRY_MINUTES
    invitation.send_attempts += 1
    invitation.send_error = failure.detail[:300] or failure.kind
    invitation.send_failure = failure.kind
    retry = not failure.permanent and invitation.send_attempts <= len(schedule)
    invitation.next_attempt_at = (
        timezone.now() + dt.timedelta(minutes=schedule[invitation.send_attempts - 1])
        if retry
        else None
    )
    return ["send_attempts", "send_error", "send_failure", "next_attempt_at"]


def _record_success(invitation: Invitation) -> list[str]:
    invitation.send_attempts, invitation.next_attempt_at = 0, None
    invitation.send_error = invitation.send_failure = ""
    return ["send_attempts", "next_attempt_at", "send_error", "send_failure"]


@transaction.atomic
def record_invitation_sent(
    invitation: Invitation, failure: SendFailure | None = None
) -> Invitation:
    """After a send attempt: the time it went out, or the failure and when to try again."""
    if failure is not None:
        fields = _record_failure(invitation, failure)
    else:
        invitation.sent_at = timezone.now()
        fields = ["sent_at", *_record_success(invitation)]
    invitation.save(update_fields=fields)
    return invitation


@dataclass(frozen=True)
class SendProblems:
    """What the invitations page says about mails that did not go out: counts, no names."""

    retrying: int
    given_up: dict[str, int]  # MailFailure label -> how many


def send_problems(assessment: Assessment) -> SendProblems:
    failed = assessment.invitations.filter(kind=Invitation.Kind.EMAIL).exclude(send_error="")
    retrying = failed.filter(next_attempt_at__isnull=False).count()
    kinds = (
        failed.filter(next_attempt_at__isnull=True)
        .values_list("send_failure")
        .annotate(n=Count("id"))
        .order_by("send_failure")
    )
    labels = dict(MailFailure.choices)
    given_up = {str(labels.get(kind, labels["other"])): n for kind, n in kinds}
    return SendProblems(retrying, given_up)


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
    record(
        Event.REMINDERS_QUEUED,
        user=by,
        assessment=assessment,
        detail=f"{count} reminders",
        code="reminders",
        params={"n": count},
    )
    return count


def queued_reminders(now: dt.datetime | None = None) -> list[Invitation]:
    return list(
        Invitation.objects.select_related("assessment__organisation").filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now or timezone.now()),
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
def record_reminder_sent(invitation: Invitation, failure: SendFailure | None = None) -> Invitation:
    """After a reminder attempt: sent, to be tried again later, or given up (then the
    invitations page counts it)."""
    if failure is not None:
        fields = _record_failure(invitation, failure)
        invitation.reminder_due = invitation.next_attempt_at is not None
    else:
        invitation.reminded_at = timezone.now()
        fields = ["reminded_at", *_record_success(invitation)]
        invitation.reminder_due = False
    invitation.save(update_fields=[*fields, "reminder_due"])
    return invitation


# Deleting personal data --------------------------------------------------------------------


def _delete_invitations(assessment: Assessment, by: User | None, action: str) -> int:
    """Blank every address, link and group of the round's invitations; keep the rows' kind and
    their started and submitted days, so the counts and the response rate stay (docs/privacy.md,
    "How long"). Returns how many invitations lost their address or link."""
    holding = assessment.invitations.filter(
        ~Q(email="") | Q(token_hash__isnull=False) | ~Q(role="") | ~Q(department="")
    )
    ReplacedLink.objects.filter(invitation__assessment=assessment).delete()
    count = holding.update(
        email="",
        token_hash=None,
        role="",
        department="",
        group="",
        send_error="",
        send_failure="",
        reminder_due=False,
        next_attempt_at=None,
    )
    if count:
        record(
            action,
            user=by,
            assessment=assessment,
            detail=f"{count} invitations",
            code="addresses_deleted",
            params={"n": count},
        )
    return count


@transaction.atomic
def delete_invitations(assessment: Assessment, by: User | None = None) -> int:
    """Delete the e-mail addresses and links of a closed round's invitations now (the counts
    stay)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_closed:
        raise DomainError(_("Invitations can be deleted once the assessment is closed."))
    return _delete_invitations(assessment, by, Event.INVITATIONS_DELETED)


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the invitations' addresses and links of every round closed longer ago than its
    retention period (the counts stay)."""
    now = now or timezone.now()
    holding = Invitation.objects.filter(~Q(email="") | Q(token_hash__isnull=False))
    closed = Assessment.objects.filter(
        state=Assessment.State.CLOSED, pk__in=holding.values("assessment")
    )
    deleted = 0
    for assessment in closed.select_related("organisation"):
        if assessment.purge_after and assessment.purge_after <= now:
            with transaction.atomic():
                deleted += _delete_invitations(assessment, None, Event.RETENTION_PURGED)
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
        _erase_from_snapshots(assessment, response)
        response.delete()  # its answers go with it (CASCADE)
    invitation.delete()
    if erasure.response or erasure.invitation:
        record(Event.RESPONSE_ERASED, user=by, assessment=assessment)
    return erasure


def _erase_from_snapshots(assessment: Assessment, response: Response) -> None:
    """An erased respondent's frozen row goes too; the snapshot shows one respondent fewer."""
    for snapshot in assessment.snapshots.all():
        if snapshot.rows.pop(str(response.pk), None) is not None:
            snapshot.counting_respondents = len(snapshot.rows)
            snapshot.live_respondents -= 0 if response.imported else 1
            fields = ["rows", "counting_respondents", "live_respondents"]
            snapshot.save(update_fields=fields)


# Importing responses -----------------------------------------------------------------------


def imported_answers(record: RespondentRecord) -> list[tuple[str, int | None, int | None, str]]:
    """(aspect, current, ambition, comment) per aspect that has a level, "don't know" or a
    comment in the file; levels as stored answer codes."""
    answers = []
    for aspect in sorted(record.answers.keys() | record.comments.keys()):
        current, ambition = record.answers.get(aspect, (None, None))
        comment = (record.comments.get(aspect) or "").strip()
        if current is not None or ambition is not None or comment:
            answers.append((aspect, _code(current), _code(ambition), comment))
    return answers


def _code(value: Any) -> int | None:
    """The scoring package's value (1..5, 'dk' or None) as a stored answer code."""
    if value is None:
        return None
    return DONT_KNOW if value == "dk" else int(value)


def already_imported(assessment: Assessment, parsed: ParsedResponses) -> list[str]:
    """A problem per respondent of the file that an earlier import of the round already holds,
    by the row the parser read it from."""
    taken = set(assessment.responses.exclude(label="").values_list("label", flat=True))
    rows = parsed.rows or range(2, 2 + len(parsed.respondents))
    return [
        _("row %(row)d, column respondent: “%(label)s” has already been imported.")
        % {"row": row, "label": record.id}
        for row, record in zip(rows, parsed.respondents, strict=True)
        if record.id in taken
    ]


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
    clashes = already_imported(assessment, parsed)
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
        Answer(
            response=response,
            aspect=aspect,
            current=current,
            ambition=ambition,
            comment=comment[:MAX_COMMENT],
        )
        for response, record in zip(responses, records, strict=True)
        for aspect, current, ambition, comment in imported_answers(record)
    )
    refresh_snapshot(assessment)
    return responses

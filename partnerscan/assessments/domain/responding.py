"""A respondent's response: found by the token, started, answered and submitted."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.assessments.domain.interim import refresh_snapshot
from partnerscan.assessments.models import Answer, Assessment, Invitation, Response, as_code
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.queries import OneRow
from partnerscan.scoring.responses_csv import BadValue, parse_value


def find_invitation(token: str) -> Invitation | None:
    if not tokens.looks_like_token(token):
        return None
    return (
        Invitation.objects.select_related("assessment__organisation")
        .filter(token_hash=tokens.invitation_hash(token))
        .first()
    )


# Every autosave starts here: the SQL is compiled once, not per request (issue 19).
_RESPONSE_BY_KEY = OneRow(
    lambda key_hash: Response.objects.select_related("assessment").filter(key_hash=key_hash)
)


def find_response(token: str) -> Response | None:
    """The response the token's own hash leads to, with its assessment: a respondent who
    started needs no look-up of the invitation at all."""
    return _RESPONSE_BY_KEY.get(tokens.response_hash(token))


def start_response(invitation: Invitation, token: str, language: str | None = None) -> Response:
    """The respondent's response, created on the first visit; later visits get the same one."""
    with transaction.atomic():
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
    """'1'..'5' → level, 'dk' → don't know, '' → blank, as a stored code; the same reading
    as a file's cell. Anything else is refused."""
    try:
        return as_code(parse_value(str(value if value is not None else "")))
    except BadValue:
        raise DomainError(_("An answer must be a level from 1 to 5 or “don't know”.")) from None


ANSWER_FIELDS = ("current", "ambition", "comment")


MAX_COMMENT = 4000


def _stored_value(model: CapabilityModel, aspect: str, field: str, value: str) -> int | str | None:
    if aspect not in {a.id for a in model.aspects}:
        raise DomainError(_("Unknown aspect."))
    if field not in ANSWER_FIELDS:
        raise DomainError(_("Unknown field."))
    return value.strip()[:MAX_COMMENT] if field == "comment" else parse_level(value)


def save_answer(response: Response, aspect: str, field: str, value: str, position: str = "") -> int:
    """Save one answer at once; the last save of the same answer wins. With `position`, the
    response remembers it as where the respondent was. Returns how many level questions the
    response has answered now (the progress the page shows).

    The autosave is the busiest write of all, so this is four statements in one transaction
    in plain SQL (docs/architecture.md: issue 19's autosave goal), each what the ORM would send:
    lock the response's row (moving its position in the same statement when it changes), one
    INSERT … ON CONFLICT DO UPDATE of this field only, and the count for the progress."""
    stored = _stored_value(response.assessment.capability_model, aspect, field, value)
    moved = bool(position) and position != response.position
    sql = _statements(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        key = (sql.response_id(response.pk), response.key_hash)
        # Only the flag is read back: the round's state comes with the response (the caller's
        # look-up), and a close since then is caught by the key in the lock's filter.
        cursor.execute(sql.move if moved else sql.lock, (position, *key) if moved else key)
        row = cursor.fetchone()
        _refuse_changes(response.assessment, None if row is None else bool(row[0]))
        # A first save and a retry racing it on another server both end in the one row of
        # (response, aspect).
        cursor.execute(sql.upsert[field], (key[0], aspect, stored, stored))
        cursor.execute(sql.answered, (key[0],))
        answered = int(cursor.fetchone()[0])
    if moved:
        response.position = position
    return answered


class _Statements:
    """The autosave's SQL, built once from the models' tables and columns. Only quoted names
    of our own tables and columns are put into the text; every value is a parameter."""

    def __init__(self) -> None:
        q = connection.ops.quote_name
        responses, answers = q(Response._meta.db_table), q(Answer._meta.db_table)
        response_id = q(Answer._meta.get_field("response").column)
        where = f"WHERE {q('id')} = %s AND {q('key_hash')} = %s"
        lock = ""
        if connection.features.has_select_for_no_key_update:
            lock = " FOR NO KEY UPDATE"
        elif connection.features.has_select_for_update:
            lock = " FOR UPDATE"
        select, update = f"SELECT {q('submitted')} FROM", f"UPDATE {responses} SET"
        self.lock = f"{select} {responses} {where}{lock}"
        self.move = f"{update} {q('position')} = %s {where} RETURNING {q('submitted')}"
        columns = ", ".join((response_id, q("aspect"), q("current"), q("ambition"), q("comment")))
        conflict = f"ON CONFLICT ({response_id}, {q('aspect')}) DO UPDATE SET"
        self.upsert = {}
        for field in ANSWER_FIELDS:
            values = ", ".join("%s" if name == field else default for name, default in DEFAULTS)
            insert = f"INSERT INTO {answers} ({columns})"
            self.upsert[field] = f"{insert} VALUES (%s, %s, {values}) {conflict} {q(field)} = %s"
        count = f"SELECT COUNT({q('current')}) + COUNT({q('ambition')})"
        self.answered = f"{count} FROM {answers} WHERE {response_id} = %s"

    @staticmethod
    def response_id(pk: object) -> Any:  # a UUID on PostgreSQL, its hex on SQLite
        return Response._meta.pk.get_db_prep_value(pk, connection)


# The columns of a new answer other than the saved field: no level, no comment.
DEFAULTS = (("current", "NULL"), ("ambition", "NULL"), ("comment", "''"))


@cache
def _statements(vendor: str) -> _Statements:
    """The autosave's SQL for the database in use, built on the first save (the models'
    tables and columns are known only once Django is set up)."""
    return _Statements()


def save_context(response: Response, role: str, department: str) -> Response:
    with transaction.atomic():
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
    if language in LANGUAGES and response.language != language:
        Response.objects.filter(pk=response.pk).update(language=language)
        response.language = language


def set_invitation_language(invitation: Invitation, language: str) -> None:
    """The language chosen before the first answer; the response starts in it."""
    if language in LANGUAGES and invitation.language != language:
        Invitation.objects.filter(pk=invitation.pk).update(language=language)
        invitation.language = language


def submit_response(response: Response, invitation: Invitation | None) -> Response:
    """Idempotent: a second submit, a double click or a replay changes nothing."""
    with transaction.atomic():
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

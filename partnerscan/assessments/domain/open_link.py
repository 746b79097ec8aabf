"""The open link: one link for everyone that hands each visitor a personal link."""

from __future__ import annotations

from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.domain.common import ensure_not_closed
from partnerscan.assessments.models import Assessment, Invitation
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError

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


def enable_open_link(
    assessment: Assessment,
    cap: int = DEFAULT_OPEN_LINK_CAP,
    access_code: str = "",
    by: User | None = None,
) -> str:
    """One link for everyone; each visitor gets a personal link of their own from it, up to
    `cap` in the round. A new link replaces the old one; links already handed out keep
    counting against the cap."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        ensure_not_closed(assessment)
        if len(access_code) > MAX_ACCESS_CODE:
            raise DomainError(_("The access code can be at most 100 characters long."))
        token = tokens.new_token()
        assessment.open_link_hash = tokens.open_link_hash(token)
        assessment.open_link_cap = _checked_cap(cap)
        assessment.open_link_code_hash = (
            _access_code_hash(access_code) if access_code.strip() else ""
        )
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


def set_open_link_cap(assessment: Assessment, cap: int, by: User | None = None) -> Assessment:
    """Raise (or lower) the cap; a cap below the links already handed out stops new claims."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        ensure_not_closed(assessment)
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


def disable_open_link(assessment: Assessment, by: User | None = None) -> None:
    with transaction.atomic():
        assessment.open_link_hash = None
        assessment.save(update_fields=["open_link_hash"])
        if by is not None:
            record(
                Event.SETTINGS_CHANGED,
                user=by,
                assessment=assessment,
                detail="open link disabled",
                code="open_link_disabled",
                params={},
            )


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
    if not assessment.open_link_hash:
        return False
    return constant_time_compare(assessment.open_link_hash, tokens.open_link_hash(open_token))


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


def claim_open_link(open_token: str, access_code: str = "", language: str = "") -> str | None:
    """A personal token for a visitor of the open link, or None when the link is not valid.

    The assessment's row is locked while the claims are counted, so a burst of visitors on
    several servers cannot together pass the cap. Raises WrongAccessCode or OpenLinkFull.
    """
    with transaction.atomic():
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

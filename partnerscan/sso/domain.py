"""Who an identity provider's verified e-mail address is in partnerscan: the one workflow of
single sign-on.

An account is found by its e-mail address only when the provider vouches for it
(`email_verified`). A verified address without an account gets one (without a password) when
the address is of the domain whose people become members of one organisation automatically, or
when an owner has invited it (the invitee then accepts on the organisations page, as with a
password); any other address is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partnerscan.accounts.models import MemberInvitation, Membership, Organisation, User
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.errors import DomainError
from partnerscan.sso.config import DomainRule


class Refused(DomainError):
    """The provider says who someone is, but partnerscan does not let them in."""


def verified_email(claims: Mapping[str, Any]) -> str:
    email = str(claims.get("email") or "").strip().lower()
    if not email:
        raise Refused(
            _(
                "Your identity provider did not tell partnerscan your e-mail address, so it cannot "
                "find your account. Ask your IT department to release the e-mail claim."
            )
        )
    if claims.get("email_verified") is not True:
        raise Refused(
            _(
                "Your identity provider has not confirmed that %(email)s is yours, so partnerscan "
                "cannot log you in with it. Log in with your password instead, or ask your IT "
                "department to confirm the address."
            )
            % {"email": email}
        )
    return email


def _domain_of(email: str) -> str:
    return email.rpartition("@")[2]


def _rule_organisation(rule: DomainRule | None, email: str) -> Organisation | None:
    if rule is None or _domain_of(email) != rule.domain:
        return None
    return Organisation.objects.filter(pk=rule.organisation_id).first()


def _new_account(email: str, claims: Mapping[str, Any], language: str) -> User:
    name = str(claims.get("name") or "")[:150]
    try:
        with transaction.atomic():
            return User.objects.create_user(email, None, name=name, language=language)
    except IntegrityError:  # the same person's first log-in in another tab, a moment earlier
        return User.objects.get(email=email)


def _join_by_domain(user: User, organisation: Organisation, rule: DomainRule) -> None:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": rule.role}
    )
    if created:
        record(
            Event.SSO_JOINED,
            user=user,
            organisation=organisation,
            detail=f"joined through single sign-on as {rule.role} (domain {rule.domain})",
            code="sso_joined",
            params={"role": rule.role, "domain": rule.domain},
        )


@transaction.atomic
def sign_in(claims: Mapping[str, Any], rule: DomainRule | None, language: str = "nl") -> User:
    """The account for the ID token's claims, made or joined as the rules say; else Refused."""
    email = verified_email(claims)
    organisation = _rule_organisation(rule, email)
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        invited = MemberInvitation.objects.valid().filter(email=email).exists()
        if organisation is None and not invited:
            raise Refused(
                _(
                    "There is no partnerscan account for %(email)s. Ask an owner of your "
                    "organisation in partnerscan to invite you."
                )
                % {"email": email}
            )
        user = _new_account(email, claims, language)
    if not user.is_active:
        raise Refused(_("The account of %(email)s has been switched off.") % {"email": email})
    if organisation is not None and rule is not None:
        _join_by_domain(user, organisation, rule)
    return user

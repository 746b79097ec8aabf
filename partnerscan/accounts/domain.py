"""The workflows of organisations and their members: creating an organisation, inviting a
member (who joins by their own consent), changing roles and removing members.

Each is atomic and writes an audit event; views and the admin call these, nothing else writes
memberships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import MemberInvitation, Membership, Organisation, User
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError

# Organisations -----------------------------------------------------------------------------


def check_sector(sector: str) -> str:
    """One id of the fixed list, or "" for none: the sector filter of the benchmark compares
    ids exactly, so free text would silently find no peers."""
    if sector and sector not in Organisation.Sector.values:
        raise DomainError(
            _("Sector: “%(sector)s” is not in the list of sectors.") % {"sector": sector}
        )
    return sector


@transaction.atomic
def create_organisation(
    user: User, name: str, sector: str = "", size: str = "", departments: list[str] | None = None
) -> Organisation:
    check_sector(sector)
    organisation = Organisation.objects.create(
        name=name, sector=sector, size=size, departments=departments or []
    )
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return organisation


@transaction.atomic
def add_member(
    organisation: Organisation, email: str, role: str, by: User | None = None
) -> Membership:
    """Make an address a member at once, without asking: for setting up (load_demo, tests).

    The members page never calls this: there an owner invites (invite_member), and the
    membership starts only when the invitee accepts.
    """
    user, _created = User.objects.get_or_create(email=email.strip().lower())
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _new = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if by is not None:
        record(
            Event.MEMBERS_CHANGED,
            user=by,
            organisation=organisation,
            detail=f"added {role}",
            code="member_added",
            params={"role": role},
        )
    return membership


# Member invitations ------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInvite:
    """A member invitation and the token of its link, which exists only here and in the mail."""

    invitation: MemberInvitation
    token: str


def has_account(email: str) -> bool:
    """Whether the address can log in already: then it accepts, rather than sets a password."""
    user = User.objects.filter(email=email.strip().lower()).first()
    return user is not None and user.has_usable_password()


def _new_link(invitation: MemberInvitation) -> str:
    """A fresh token and expiry; any earlier link of this invitation stops working."""
    token = tokens.new_token()
    invitation.token_hash = tokens.member_invitation_hash(token)
    invitation.expires = timezone.now() + dt.timedelta(days=settings.MEMBER_INVITATION_DAYS)
    invitation.sent_at = None
    return token


@transaction.atomic
def invite_member(
    organisation: Organisation, email: str, role: str, by: User | None, language: str = "nl"
) -> MemberInvite:
    """Invite an address; inviting it again while pending changes the role and sends a new link.

    The mail goes in the language of the account when there is one, else in `language`.
    """
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email=email).exists():
        raise DomainError(_("%(email)s is already a member.") % {"email": email})
    account = User.objects.filter(email=email).first()
    pending = (
        MemberInvitation.objects.select_for_update()
        .filter(organisation=organisation, email=email)
        .pending()
        .first()
    )
    invitation = pending or MemberInvitation(organisation=organisation, email=email)
    invitation.role, invitation.invited_by = role, by
    invitation.language = account.language if account else language
    token = _new_link(invitation)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:  # another owner invited the same address at the same moment
        raise DomainError(_("%(email)s has just been invited.") % {"email": email}) from exc
    record(
        Event.MEMBERS_CHANGED,
        user=by,
        organisation=organisation,
        detail=f"invited {role}",
        code="member_invited",
        params={"role": role},
    )
    return MemberInvite(invitation, token)


@transaction.atomic
def resend_member_invitation(invitation: MemberInvitation, by: User | None) -> MemberInvite:
    """A new link with a new expiry, for a lost or expired mail."""
    invitation = _locked_member_invitation(invitation)
    token = _new_link(invitation)
    invitation.save(update_fields=["token_hash", "expires", "sent_at"])
    record(
        Event.MEMBERS_CHANGED,
        user=by,
        organisation=invitation.organisation,
        detail="invitation sent again",
        code="member_invitation_again",
    )
    return MemberInvite(invitation, token)


@transaction.atomic
def record_member_invitation_sent(invitation: MemberInvitation) -> MemberInvitation:
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return invitation


@transaction.atomic
def revoke_member_invitation(invitation: MemberInvitation, by: User | None) -> None:
    invitation = _locked_member_invitation(invitation)
    organisation = invitation.organisation
    invitation.delete()
    record(
        Event.MEMBERS_CHANGED,
        user=by,
        organisation=organisation,
        detail="invitation revoked",
        code="member_invitation_revoked",
    )


def find_member_invitation(token: str) -> MemberInvitation | None:
    """The invitation of a link, also when used or expired (the page says which)."""
    if not tokens.looks_like_token(token):
        return None
    return (
        MemberInvitation.objects.select_related("organisation")
        .filter(token_hash=tokens.member_invitation_hash(token))
        .first()
    )


def _locked_member_invitation(invitation: MemberInvitation) -> MemberInvitation:
    """The invitation, locked, and still waiting for an answer; else a DomainError."""
    locked = (
        MemberInvitation.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=invitation.pk)
        .first()
    )
    if locked is None:
        raise DomainError(_("This invitation has been withdrawn."))
    if locked.used_at is not None:
        raise DomainError(_("This invitation has already been accepted."))
    return locked


def _usable(invitation: MemberInvitation) -> MemberInvitation:
    locked = _locked_member_invitation(invitation)
    if locked.is_expired:
        raise DomainError(
            _("This invitation has expired. Ask an owner of %(organisation)s to send it again.")
            % {"organisation": locked.organisation.name}
        )
    return locked


def _join(invitation: MemberInvitation, user: User) -> Membership:
    membership, _new = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(
        Event.MEMBERS_CHANGED,
        user=user,
        organisation=invitation.organisation,
        detail=f"accepted the invitation as {invitation.role}",
        code="member_joined",
        params={"role": invitation.role},
    )
    return membership


@transaction.atomic
def accept_member_invitation(invitation: MemberInvitation, user: User) -> Membership:
    """The signed-in invitee says yes: only now does the membership exist."""
    invitation = _usable(invitation)
    if invitation.email != user.email:
        raise DomainError(_("This invitation is for another e-mail address."))
    return _join(invitation, user)


@transaction.atomic
def decline_member_invitation(invitation: MemberInvitation, user: User) -> None:
    invitation = _locked_member_invitation(invitation)
    if invitation.email != user.email:
        raise DomainError(_("This invitation is for another e-mail address."))
    organisation = invitation.organisation
    invitation.delete()
    record(
        Event.MEMBERS_CHANGED,
        user=user,
        organisation=organisation,
        detail="invitation declined",
        code="member_declined",
    )


@transaction.atomic
def join_with_password(invitation: MemberInvitation, password: str) -> User:
    """A new account through the link: the password is set, the membership starts.

    The link proves the invitee reads this address, as a password-reset link would. An
    account that already has a password must log in and accept instead, so the link cannot
    be used to take over an account.
    """
    invitation = _usable(invitation)
    user, created = User.objects.get_or_create(email=invitation.email)
    if not created and user.has_usable_password():
        raise DomainError(_("You already have an account: log in to accept the invitation."))
    if created:
        user.language = invitation.language
    user.set_password(password)
    user.save()
    _join(invitation, user)
    return user


def pending_invitations_for(user: User) -> list[MemberInvitation]:
    """The invitations a signed-in user can still accept or decline."""
    return list(
        MemberInvitation.objects.valid()
        .filter(email=user.email)
        .select_related("organisation")
        .order_by("created")
    )


# Members -----------------------------------------------------------------------------------


def ensure_an_owner_remains(membership: Membership, new_role: str | None) -> None:
    """An organisation without an owner could never add members again.

    Call it in a transaction: it locks the owners' rows until the change is saved.
    """
    if membership.role != Membership.Role.OWNER or new_role == Membership.Role.OWNER:
        return
    owners = Membership.objects.select_for_update().filter(
        organisation_id=membership.organisation_id, role=Membership.Role.OWNER
    )
    if owners.count() <= 1:
        raise DomainError(_("An organisation needs at least one owner."))


def organisations_only_owned_by(user: User) -> list[Organisation]:
    """The organisations that would be left without an owner if this user went."""
    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER).values("organisation")
    return list(
        Organisation.objects.filter(pk__in=owned)
        .annotate(owners=Count("memberships", filter=Q(memberships__role=Membership.Role.OWNER)))
        .filter(owners=1)
        .order_by("name")
    )


@transaction.atomic
def change_member_role(membership: Membership, role: str, by: User | None = None) -> Membership:
    ensure_an_owner_remains(membership, role)
    membership.role = role
    membership.save(update_fields=["role"])
    if by is not None:
        record(
            Event.MEMBERS_CHANGED,
            user=by,
            organisation=membership.organisation,
            detail=f"role changed to {role}",
            code="member_role",
            params={"role": role},
        )
    return membership


@transaction.atomic
def remove_member(membership: Membership, by: User | None = None) -> None:
    ensure_an_owner_remains(membership, None)
    organisation = membership.organisation
    membership.delete()
    if by is not None:
        record(
            Event.MEMBERS_CHANGED,
            user=by,
            organisation=organisation,
            detail="removed",
            code="member_removed",
        )

"""Log-in pages, the organisations a consultant works for, and their members."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partnerscan.accounts import domain
from partnerscan.accounts.access import (
    SignedInRequest,
    access_member_invitation,
    access_membership,
    access_own_invitation,
)
from partnerscan.accounts.backends import account_wait, network_wait
from partnerscan.accounts.forms import (
    EmailAuthenticationForm,
    MemberForm,
    OrganisationForm,
    RoleForm,
    SwitchForm,
)
from partnerscan.accounts.mail import send_member_invitation
from partnerscan.accounts.models import MemberInvitation, Membership, User
from partnerscan.audit.models import AuditEvent
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page, reader_lang, remember
from partnerscan.core.ratelimit import (
    account,
    minutes,
    reset_limit,
    reset_network_limit,
    token_limit,
)


class EmailLoginView(LoginView):
    """Log-in with a clear message while the address or the network is locked
    (accounts/backends.py)."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The button of single sign-on (partnerscan/sso), shown only when it is configured.
        label = settings.OIDC_BUTTON_LABEL if settings.OIDC_ISSUER else ""
        return super().get_context_data(sso_label=label, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = network_wait(request)
        if wait:
            return self._locked(wait, _network_locked(wait))
        wait = account_wait(request.POST.get("username", ""))
        if wait:
            return self._locked(wait, _account_locked(wait))
        return super().post(request, *args, **kwargs)

    def _locked(self, wait: int, message: str) -> HttpResponse:
        context = self.get_context_data(form=self.get_form_class()(self.request), locked=message)
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(wait)
        return response


def _network_locked(wait: int) -> str:
    return ngettext(
        "Too many failed log-ins from your network. Try again in one minute.",
        "Too many failed log-ins from your network. Try again in %(n)d minutes.",
        minutes(wait),
    ) % {"n": minutes(wait)}


def _account_locked(wait: int) -> str:
    # Said of any address tried, whether or not it has an account, so it tells nothing.
    return ngettext(
        "Too many failed log-ins with this e-mail address. Try again in one minute, "
        "or reset your password.",
        "Too many failed log-ins with this e-mail address. Try again in %(n)d minutes, "
        "or reset your password.",
        minutes(wait),
    ) % {"n": minutes(wait)}


class LimitedPasswordResetView(PasswordResetView):
    """Password reset, limited per address and per network.

    An address asked for too often gets the same "if the address exists we sent a mail" page
    as always, without a mail: the page cannot tell whether an account exists, and nobody can
    flood someone's inbox. A network that asks too often gets a 429, whatever the addresses.
    """

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        wait = reset_network_limit().retry_after(self.request)
        if wait:
            message = ngettext(
                "Too many password resets were asked from your network. Try again in one minute.",
                "Too many password resets were asked from your network. Try again in %(n)d "
                "minutes.",
                minutes(wait),
            ) % {"n": minutes(wait)}
            response = self.render_to_response(
                self.get_context_data(form=form, locked=message), status=429
            )
            response["Retry-After"] = str(wait)
            return response
        reset_network_limit().hit(self.request)
        address = account(form.cleaned_data["email"])
        if reset_limit().retry_after_for(address):
            return HttpResponseRedirect(self.get_success_url())
        reset_limit().hit_for(address)
        return super().form_valid(form)


def my_memberships(request: SignedInRequest) -> QuerySet[Membership]:
    return Membership.objects.filter(user=request.user).select_related("organisation")


@login_required
def organisations(request: SignedInRequest) -> HttpResponse:
    memberships = list(my_memberships(request).order_by("organisation__name"))
    context = {
        "memberships": memberships,
        "invitations": domain.pending_invitations_for(request.user),
    }
    return page(request, "manage/organisations.html", context)


@login_required
def organisation_create(request: SignedInRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = domain.create_organisation(request.user, **form.cleaned_data)
        remember(request, organisation)
        messages.success(request, _("The organisation has been created; you are its owner."))
        return redirect("organisation", organisation.pk)
    return page(request, "manage/organisation_form.html", {"form": form})


@login_required
@require_POST
def organisation_switch(request: SignedInRequest) -> HttpResponse:
    form = SwitchForm(request.POST)
    if not form.is_valid():
        raise Http404
    membership = access_membership(request, form.cleaned_data["organisation"])
    remember(request, membership.organisation)
    return redirect("organisation", membership.organisation_id)


@login_required
@require_POST
def member_add(request: SignedInRequest, org_id: int) -> HttpResponse:
    """Invite, never add: the membership starts when the invitee accepts."""
    organisation = access_membership(request, org_id, "owner").organisation
    form = MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not invited: give a valid e-mail address and a role."))
        return redirect("organisation", organisation.pk)
    try:
        invite = domain.invite_member(
            organisation, **form.cleaned_data, by=request.user, language=reader_lang(request)
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        _send(request, invite)
    return redirect("organisation", organisation.pk)


def _send(request: HttpRequest, invite: domain.MemberInvite) -> None:
    """Send the invitation mail now and tell the owner whether it went out."""
    email = invite.invitation.email
    error = send_member_invitation(invite.invitation, invite.token)
    if error:
        messages.error(
            request,
            _("The invitation to %(email)s could not be sent (%(why)s). Try “Send again”.")
            % {"email": email, "why": error},
        )
        return
    domain.record_member_invitation_sent(invite.invitation)
    messages.success(
        request,
        _("An invitation has been sent to %(email)s. They become a member once they accept it.")
        % {"email": email},
    )


@login_required
@require_POST
def member_invitation_resend(
    request: SignedInRequest, org_id: int, invitation_id: int
) -> HttpResponse:
    invitation = access_member_invitation(request, org_id, invitation_id)
    try:
        invite = domain.resend_member_invitation(invitation, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        _send(request, invite)
    return redirect("organisation", org_id)


@login_required
@require_POST
def member_invitation_revoke(
    request: SignedInRequest, org_id: int, invitation_id: int
) -> HttpResponse:
    invitation = access_member_invitation(request, org_id, invitation_id)
    try:
        domain.revoke_member_invitation(invitation, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("organisation", org_id)


@login_required
@require_POST
def invitation_accept(request: SignedInRequest, invitation_id: int) -> HttpResponse:
    invitation = access_own_invitation(request, invitation_id)
    try:
        membership = domain.accept_member_invitation(invitation, request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("organisations")
    remember(request, membership.organisation)
    messages.success(
        request,
        _("You are now a member of %(organisation)s.")
        % {"organisation": membership.organisation.name},
    )
    return redirect("organisation", membership.organisation_id)


@login_required
@require_POST
def invitation_decline(request: SignedInRequest, invitation_id: int) -> HttpResponse:
    invitation = access_own_invitation(request, invitation_id)
    try:
        domain.decline_member_invitation(invitation, request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("You declined the invitation of %(organisation)s.")
            % {"organisation": invitation.organisation.name},
        )
    return redirect("organisations")


def member_join(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a member invitation: choose a password, or log in to accept."""
    wait = token_limit().retry_after(request)
    if wait:
        return _join_page(request, {"state": "limited", "minutes": minutes(wait)}, status=429)
    invitation = domain.find_member_invitation(token)
    if invitation is None:
        token_limit().fail(request)
        return _join_page(request, {"state": "invalid"}, status=404)
    state = _join_state(invitation)
    if state == "account" and getattr(request.user, "email", None) == invitation.email:
        return redirect("organisations")  # the invitation waits there, to accept
    context: dict[str, Any] = {"invitation": invitation, "state": state}
    if state != "password":
        return _join_page(request, context)
    form = SetPasswordForm(User(email=invitation.email), request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _join(request, invitation, form.cleaned_data["new_password1"], token)
    return _join_page(request, context | {"form": form})


def _join(
    request: HttpRequest, invitation: MemberInvitation, password: str, token: str
) -> HttpResponse:
    """Create the account and the membership, then log the new member in."""
    try:
        user = domain.join_with_password(invitation, password)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("member-join", token)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    remember(request, invitation.organisation)
    messages.success(
        request,
        _("Welcome! You are now a member of %(organisation)s.")
        % {"organisation": invitation.organisation.name},
    )
    return redirect("organisation", invitation.organisation_id)


def _join_state(invitation: MemberInvitation) -> str:
    if invitation.used_at is not None:
        return "used"
    if invitation.is_expired:
        return "expired"
    return "account" if domain.has_account(invitation.email) else "password"


def _join_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    # The page answers for a token: neither the browser nor a proxy may keep it.
    response = render(request, "registration/member_join.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _member(request: HttpRequest, org_id: int, member_id: int) -> Membership:
    """A membership of an organisation the user owns; any other is a 404 or 403."""
    organisation = access_membership(request, org_id, "owner").organisation
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=member_id, organisation=organisation
    )


@login_required
@require_POST
def member_role(request: SignedInRequest, org_id: int, member_id: int) -> HttpResponse:
    membership = _member(request, org_id, member_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            domain.change_member_role(membership, form.cleaned_data["role"], by=request.user)
            messages.success(
                request, _("The role of %(user)s has changed.") % {"user": membership.user}
            )
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect("organisation", org_id)


@login_required
@require_POST
def member_remove(request: SignedInRequest, org_id: int, member_id: int) -> HttpResponse:
    membership = _member(request, org_id, member_id)
    try:
        domain.remove_member(membership, by=request.user)
        messages.success(request, _("%(user)s has been removed.") % {"user": membership.user})
    except DomainError as exc:
        messages.error(request, str(exc))
    if membership.user_id == request.user.pk and membership.pk is None:
        return redirect("organisations")  # left the organisation: its page is now a 404
    return redirect("organisation", org_id)


AUDIT_PER_PAGE = 100


@login_required
def audit_log(request: SignedInRequest, org_id: int) -> HttpResponse:
    """The audit log of an organisation, for its owners."""
    membership = access_membership(request, org_id, "owner")
    events = AuditEvent.objects.filter(organisation=membership.organisation).select_related(
        "user", "assessment"
    )
    listing = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "organisation": membership.organisation,
        "membership": membership,
        "events": listing,
    }
    return page(request, "manage/audit.html", context)

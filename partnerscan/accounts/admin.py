"""Admin for operators: users, organisations and memberships.

Memberships change only through the workflows of accounts/domain.py, so the admin, like the
members page, can never leave an organisation without an owner. Fields that another workflow
owns (and audits) are read-only here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerscan.accounts import domain
from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.core.errors import DomainError

if TYPE_CHECKING:  # django-stubs makes these classes generic; Django's own cannot be subscripted
    ModelForm = forms.ModelForm[Any]
    UserChangeForm = auth_forms.UserChangeForm[Any]
    ModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[Any, Any]
    BaseUserAdmin = auth_admin.UserAdmin[Any]
else:
    ModelForm = forms.ModelForm
    UserChangeForm = auth_forms.UserChangeForm
    ModelAdmin = admin.ModelAdmin
    TabularInline = admin.TabularInline
    BaseUserAdmin = auth_admin.UserAdmin


def why_not_leave(user: User) -> str:
    """Why this user may not be deactivated or deleted, or "" when they may."""
    orphaned = domain.organisations_only_owned_by(user)
    if not orphaned:
        return ""
    return gettext(
        "The last owner of %(organisations)s is %(user)s: make another member owner first."
    ) % {"user": user.email, "organisations": ", ".join(o.name for o in orphaned)}


def why_not_remove(membership: Membership) -> str:
    """Why this membership may not be deleted, or "" when it may."""
    try:
        domain.ensure_an_owner_remains(membership, None)
    except DomainError as refusal:
        return str(refusal)
    return ""


def operator(request: HttpRequest) -> User:
    """The signed-in staff member: the admin lets nobody else in."""
    assert isinstance(request.user, User)
    return request.user


def refuse(model_admin: ModelAdmin, request: HttpRequest, obj: Model, why: str) -> HttpResponse:
    """Back to the object's page, with the reason, instead of a confirmation that would fail."""
    model_admin.message_user(request, why, messages.ERROR)
    opts = obj._meta
    return HttpResponseRedirect(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )


class MembershipInline(TabularInline):
    """Shown, not edited: a change of role or a removal goes through the membership's page."""

    model = Membership
    extra = 0
    fields = ["user", "role"]
    readonly_fields = ["user", "role"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return False


class MembershipForm(ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]

    def clean_role(self) -> str:
        role: str = self.cleaned_data["role"]
        try:
            domain.ensure_an_owner_remains(
                self.instance, role
            )  # the instance still holds the saved role
        except DomainError as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        return role


@admin.register(Membership)
class MembershipAdmin(ModelAdmin):
    form = MembershipForm
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = ["user", "organisation"]
    fields = ["user", "organisation", "role"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a member joins by accepting an owner's invitation on the members page

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would bypass remove_member()
        return actions

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        if "role" in form.changed_data:
            saved = Membership.objects.get(pk=obj.pk)
            domain.change_member_role(saved, obj.role, by=operator(request))

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with transaction.atomic():
            membership = self.get_object(request, unquote(object_id))
            why = why_not_remove(membership) if membership is not None else ""
        if membership is not None and why:
            return refuse(self, request, membership, why)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        domain.remove_member(obj, by=operator(request))


class GuardedUserChangeForm(UserChangeForm):
    def clean_is_active(self) -> bool:
        active: bool = self.cleaned_data["is_active"]
        why = why_not_leave(self.instance) if not active and self.instance.is_active else ""
        if why:
            raise forms.ValidationError(why)
        return active


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = GuardedUserChangeForm
    ordering = ["email"]
    list_display = ["email", "name", "language", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal"), {"fields": ("name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ["groups"]
    list_filter = ["is_staff", "is_active"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would delete last owners unchecked
        return actions

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        user = self.get_object(request, unquote(object_id))
        why = why_not_leave(user) if user is not None else ""
        if user is not None and why:
            return refuse(self, request, user, why)
        return super().delete_view(request, object_id, extra_context)


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ["name", "sector", "size", "created"]
    search_fields = ["name"]
    # Set on the organisation's pool page (set_pool_profile), which audits the change.
    readonly_fields = ["sector", "size", "pool_named"]
    inlines = [MembershipInline]

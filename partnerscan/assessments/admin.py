"""Admin for operators. Responses and answers are left out on purpose: nobody needs to browse
individual answers, and leaving them out keeps anonymity from depending on admin discipline.

Whatever a workflow of the domain package sets (a round's state, its open link, pool sharing,
interim results, the settings that give earlier answers their meaning; an invitation's token,
sending and progress) is read-only here: an edit in the admin would skip the workflow's checks
and its audit record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only
    AssessmentModelAdmin = admin.ModelAdmin[Assessment]
    InvitationModelAdmin = admin.ModelAdmin[Invitation]
else:
    AssessmentModelAdmin = InvitationModelAdmin = admin.ModelAdmin


def _read_only_except(model: type[Model], editable: set[str]) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and field.name not in editable
    ]


@admin.register(Assessment)
class AssessmentAdmin(AssessmentModelAdmin):
    list_display = ["title", "organisation", "state", "model_id", "model_version", "created"]
    list_filter = ["state"]
    search_fields = ["title", "organisation__name"]
    readonly_fields = _read_only_except(
        Assessment, {"title", "opens_on", "closes_on", "retention_days"}
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # create_assessment pins the model version and records who made the round

    def save_model(
        self, request: HttpRequest, obj: Assessment, form: ModelForm[Assessment], change: bool
    ) -> None:
        user = request.user if isinstance(request.user, User) else None
        domain.save_settings(obj, list(form.changed_data), user)


@admin.register(Invitation)
class InvitationAdmin(InvitationModelAdmin):
    list_display = ["assessment", "kind", "email", "language", "sent_at", "send_error"]
    list_filter = ["kind"]
    search_fields = ["email", "assessment__title"]
    exclude = ["token_hash"]
    readonly_fields = [
        name for name in _read_only_except(Invitation, {"language"}) if name != "token_hash"
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only the workflows make invitations: each with a token, none twice

    def save_model(
        self, request: HttpRequest, obj: Invitation, form: ModelForm[Invitation], change: bool
    ) -> None:
        if "language" in form.changed_data:  # the stored row still has the old language
            domain.set_invitation_language(Invitation.objects.get(pk=obj.pk), obj.language)

    def has_delete_permission(self, request: HttpRequest, obj: Invitation | None = None) -> bool:
        # A deleted row would drop out of the counts and the response rate; the privacy
        # workflows blank an invitation's address and link instead and keep the row.
        return False

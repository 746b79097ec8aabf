"""Admin for operators. Responses and answers are left out on purpose: nobody needs to browse
individual answers, and leaving them out keeps anonymity from depending on admin discipline."""

from __future__ import annotations

from django.contrib import admin

from partnerscan.assessments.models import Assessment, Invitation


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "state", "model_id", "model_version", "created"]
    list_filter = ["state"]
    search_fields = ["title", "organisation__name"]
    # State changes go through the domain workflows (the management pages), never a raw edit.
    readonly_fields = ["state", "model_id", "model_version", "open_link_hash", "closed_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["assessment", "kind", "email", "language", "sent_at", "send_error"]
    list_filter = ["kind"]
    search_fields = ["email", "assessment__title"]
    exclude = ["token_hash"]
    readonly_fields = ["started_on", "submitted_on", "sent_at"]

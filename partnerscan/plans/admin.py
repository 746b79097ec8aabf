"""Operators may look up actions; organisations change their plans through the plan pages,
which validate the aspect against the pinned model and write the audit log."""

from __future__ import annotations

from django.contrib import admin

from partnerscan.plans.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["id", "assessment", "aspect", "status", "due_on", "target_level", "updated"]
    list_filter = ["status"]
    list_select_related = ["assessment"]
    search_fields = ["assessment__title", "aspect"]
    raw_id_fields = ["assessment", "created_by"]
    readonly_fields = ["created", "updated"]

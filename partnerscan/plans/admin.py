"""Operators may look up actions, and only look: organisations change their plans through the
plan pages (plans/domain.py), which validate the aspect against the pinned model and write the
audit log. An admin edit, addition or deletion would do neither."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from partnerscan.core.admin import ViewOnly
from partnerscan.plans.models import Action

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only
    ActionModelAdmin = admin.ModelAdmin[Action]
else:
    ActionModelAdmin = admin.ModelAdmin


@admin.register(Action)
class ActionAdmin(ViewOnly, ActionModelAdmin):
    list_display = ["id", "assessment", "aspect", "status", "due_on", "target_level", "updated"]
    list_filter = ["status"]
    list_select_related = ["assessment"]
    search_fields = ["assessment__title", "aspect"]
    readonly_fields = [
        "assessment",
        "aspect",
        "description",
        "owner",
        "due_on",
        "status",
        "target_level",
        "created",
        "created_by",
        "updated",
    ]

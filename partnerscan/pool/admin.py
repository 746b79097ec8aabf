"""Admin for operators: the pool, read-only. Entries change only through pool/domain.py."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from partnerscan.pool.models import PoolEntry, PoolScore


class PoolScoreInline(admin.TabularInline):
    model = PoolScore
    extra = 0
    fields = ["kind", "key", "current", "ambition"]
    readonly_fields = fields
    can_delete = False


@admin.register(PoolEntry)
class PoolEntryAdmin(admin.ModelAdmin):
    list_display = ["id", "model_id", "model_version", "respondents", "latest", "created"]
    list_filter = ["latest", "model_id", "model_version"]
    readonly_fields = [
        "assessment",
        "organisation",
        "model_id",
        "model_version",
        "respondents",
        "latest",
        "created",
    ]
    inlines = [PoolScoreInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

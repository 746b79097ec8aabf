"""Admin for operators: the pool, read-only. Entries change only through pool/domain.py, which
follows the round's `in_pool` choice and keeps one latest entry per organisation; an admin
edit, addition or deletion would bypass both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from partnerscan.core.admin import ViewOnly
from partnerscan.pool.models import PoolEntry, PoolScore

if TYPE_CHECKING:  # ModelAdmin and its inlines are generic in django-stubs only
    ScoreInline = admin.TabularInline[PoolScore, PoolEntry]
    EntryModelAdmin = admin.ModelAdmin[PoolEntry]
else:
    ScoreInline = admin.TabularInline
    EntryModelAdmin = admin.ModelAdmin


class PoolScoreInline(ScoreInline):
    model = PoolScore
    extra = 0
    fields = readonly_fields = ("kind", "key", "current", "ambition")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PoolEntry)
class PoolEntryAdmin(ViewOnly, EntryModelAdmin):
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

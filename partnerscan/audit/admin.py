"""Operators may read the audit log; nobody edits it."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from partnerscan.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created", "organisation", "user", "action", "assessment", "detail"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

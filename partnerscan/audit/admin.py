"""Operators may read the audit log; nobody edits or deletes it, here or anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from partnerscan.audit.models import AuditEvent
from partnerscan.core.admin import ViewOnly

if TYPE_CHECKING:  # django-stubs makes ModelAdmin generic; Django's own cannot be subscripted
    ModelAdmin = admin.ModelAdmin[AuditEvent]
else:
    ModelAdmin = admin.ModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnly, ModelAdmin):
    list_display = ["created", "organisation", "user", "action", "assessment", "detail"]
    list_filter = ["action"]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET":
            self.message_user(
                request,
                _("The audit log is read-only: it records what was done and cannot be changed."),
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)

"""Operators may look up workshops and their agendas, and only look: facilitators change them
through the control page (workshop/domain.py), which checks and audits every change.
Participants, votes, ratings, candidate actions and dots are not here at all, as a scan's
responses are not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from partnerscan.core.admin import ViewOnly
from partnerscan.workshop.models import AgendaItem, Workshop

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only
    WorkshopModelAdmin = admin.ModelAdmin[Workshop]
    ItemModelAdmin = admin.ModelAdmin[AgendaItem]
else:
    WorkshopModelAdmin = ItemModelAdmin = admin.ModelAdmin


@admin.register(Workshop)
class WorkshopAdmin(ViewOnly, WorkshopModelAdmin):
    list_display = ["id", "title", "assessment", "state", "created", "ended_at"]
    list_filter = ["state"]
    list_select_related = ["assessment"]
    exclude = ["code"]  # a running session's key; operators have no use for it


@admin.register(AgendaItem)
class AgendaItemAdmin(ViewOnly, ItemModelAdmin):
    list_display = ["id", "workshop", "position", "aspect", "agreed_level"]
    list_select_related = ["workshop"]

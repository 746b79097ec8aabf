"""Operators may look up the portfolio, and only look: organisations change it through the
portfolio pages (portfolio/domain.py), which check it and write the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from partnerscan.portfolio.models import PartnerOrganisation, Partnership

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only
    PartnershipModelAdmin = admin.ModelAdmin[Partnership]
    PartnerModelAdmin = admin.ModelAdmin[PartnerOrganisation]
else:
    PartnershipModelAdmin = PartnerModelAdmin = admin.ModelAdmin


class ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Partnership)
class PartnershipAdmin(ReadOnly, PartnershipModelAdmin):
    list_display = ["id", "organisation", "name", "challenge_type", "phase", "importance"]
    list_filter = ["challenge_type", "phase", "importance"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "name"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(ReadOnly, PartnerModelAdmin):
    list_display = ["id", "organisation", "name", "kind"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "name"]

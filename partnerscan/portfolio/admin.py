"""Operators may look up the portfolio, and only look: organisations change it through the
portfolio pages (portfolio/domain.py), which check it and write the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from partnerscan.core.admin import ViewOnly
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only
    PartnershipModelAdmin = admin.ModelAdmin[Partnership]
    PartnerModelAdmin = admin.ModelAdmin[PartnerOrganisation]
else:
    PartnershipModelAdmin = PartnerModelAdmin = admin.ModelAdmin


@admin.register(Partnership)
class PartnershipAdmin(ViewOnly, PartnershipModelAdmin):
    list_display = ["id", "organisation", "name", "challenge_type", "phase", "importance"]
    list_filter = ["challenge_type", "phase", "importance"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "name"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(ViewOnly, PartnerModelAdmin):
    list_display = ["id", "organisation", "name", "kind"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "name"]

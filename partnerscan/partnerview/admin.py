"""Operators may look up partner rounds and their invitations, and only look: editors change them
through the partner page (partnerview/domain.py), which checks and audits every change.
Responses and answers are not here at all, as for the scans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from partnerscan.core.admin import ViewOnly
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only
    RoundModelAdmin = admin.ModelAdmin[PartnerRound]
    InvitationModelAdmin = admin.ModelAdmin[PartnerInvitation]
else:
    RoundModelAdmin = InvitationModelAdmin = admin.ModelAdmin


@admin.register(PartnerRound)
class PartnerRoundAdmin(ViewOnly, RoundModelAdmin):
    list_display = ["id", "assessment", "state", "opened_at", "closed_at", "min_group"]
    list_filter = ["state"]
    list_select_related = ["assessment"]


@admin.register(PartnerInvitation)
class PartnerInvitationAdmin(ViewOnly, InvitationModelAdmin):
    list_display = ["id", "round", "organisation_name", "language", "sent_at", "send_failure"]
    list_filter = ["language", "send_failure"]
    exclude = ["token_hash"]

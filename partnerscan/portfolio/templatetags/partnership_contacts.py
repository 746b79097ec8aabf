"""What the contacts' panel of a partnership's page shows, so the panel is one included partial
and the page's view needs no change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.db.models import Max

from partnerscan.accounts.models import Membership
from partnerscan.portfolio.contact_views import ContactForm
from partnerscan.portfolio.contacts import ContactList, contact_list
from partnerscan.portfolio.models import Partnership
from partnerscan.portfolio.rhythm import next_check_on

register = template.Library()


@register.simple_tag
def contacts_of(partnership: Partnership, membership: Membership) -> ContactList:
    """Counts per side for every member; the addresses only for who may edit."""
    return contact_list(partnership, with_addresses=membership.can_edit)


@register.simple_tag
def next_automatic_check(partnership: Partnership) -> dt.date | None:
    """The day the rhythm starts the next check; None without an interval."""
    last = partnership.health_checks.aggregate(last=Max("opened_at"))["last"]
    return next_check_on(partnership, last)


@register.simple_tag
def contact_form() -> Any:
    return ContactForm()

"""Template helpers for the model browser."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from partnerscan.capability.schema import PLACEHOLDER, PartnerWording
from partnerscan.core.templatetags.partnerscan import tr

register = template.Library()


@register.filter
def partner_question(wording: PartnerWording) -> str:
    """The partner question in the active language, the rated organisation left open as
    "[organisation]": the browser shows the model, not one organisation's round."""
    return tr(wording.question).replace(PLACEHOLDER, gettext("[organisation]"))

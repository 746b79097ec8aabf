"""Template helpers for bilingual model texts."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def tr(text: Any) -> str:
    """The model text in the active language (Dutch when the language is not English)."""
    if text is None:
        return ""
    lang = "en" if (get_language() or "nl").startswith("en") else "nl"
    if isinstance(text, dict):
        return str(text.get(lang) or text.get("nl") or "")
    return str(text.get(lang))

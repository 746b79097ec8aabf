"""The form that makes a webhook subscription: where to, and which events."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerscan.webhooks.models import EventType


class SubscriptionForm(forms.Form):
    # A CharField, not a URLField: the workflow's check (https, a public address) gives the
    # message, so the form and the workflow never disagree.
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("An https:// address of the system that receives the events."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=EventType.values,
        error_messages={"required": _("Choose at least one event.")},
    )


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")

"""Forms of the workshop pages: starting one, adding an aspect to the agenda, the agreed level,
a participant's code and vote. The workflows check again what only they can know (a vote still
open, an aspect not yet on the agenda)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.capability.schema import CapabilityModel
from partnerscan.workshop.models import CODE_LENGTH, MAX_NOTE

LEVELS: list[tuple[object, object]] = [(level, str(level)) for level in range(1, 6)]


class StartForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title (optional)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Shown on the projector; without one, the round's title is used."),
    )


class AddItemForm(forms.Form):
    aspect = forms.ChoiceField(label=gettext_lazy("Add an aspect"))

    def __init__(self, model: CapabilityModel, lang: str, left_out: set[str], *args: Any) -> None:
        super().__init__(*args)
        field = self.fields["aspect"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (aspect.id, aspect.name.get(lang)) for aspect in model.aspects if aspect.id in left_out
        ]


class AgreementForm(forms.Form):
    level = forms.TypedChoiceField(
        label=gettext_lazy("Agreed level"),
        choices=[("", gettext_lazy("not agreed")), *LEVELS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=CODE_LENGTH + 4,
        help_text=gettext_lazy("The six characters on the screen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False)


class VoteForm(forms.Form):
    ballot = forms.IntegerField()
    current = forms.TypedChoiceField(choices=LEVELS, coerce=int)
    ambition = forms.TypedChoiceField(
        choices=[("", ""), *LEVELS], coerce=int, empty_value=None, required=False
    )

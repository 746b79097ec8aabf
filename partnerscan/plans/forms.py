"""Forms of the action plan: one action, and the quick status change of a row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from partnerscan.capability.schema import CapabilityModel
from partnerscan.plans.models import Action

Choices = list[tuple[Any, Any]]


if TYPE_CHECKING:  # ModelForm is generic in django-stubs only
    ActionModelForm = forms.ModelForm[Action]
else:
    ActionModelForm = forms.ModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        # The browser's date picker sends ISO dates whatever the page's language.
        super().__init__(format="%Y-%m-%d")


def aspect_choices(model: CapabilityModel, lang: str) -> Choices:
    """The model's aspects grouped by condition, so the select shows the model's structure."""
    return [
        (condition.name.get(lang), [(a.id, a.name.get(lang)) for a in condition.aspects])
        for condition in model.conditions
    ]


def level_choices(model: CapabilityModel, lang: str) -> Choices:
    levels = [(level.level, f"{level.level} · {level.name.get(lang)}") for level in model.levels]
    return [("", gettext_lazy("(none)")), *levels]


class ActionForm(ActionModelForm):
    """Checks and cleans; the view saves through `plans.domain` so the audit log sees it."""

    aspect = forms.ChoiceField(label=gettext_lazy("Aspect"))
    target_level = forms.TypedChoiceField(
        label=gettext_lazy("Target level"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("The level this action should help the aspect reach."),
    )

    class Meta:
        model = Action
        fields = ["aspect", "target_level", "description", "owner", "due_on", "status"]
        labels = {
            "description": gettext_lazy("What we will do"),
            "owner": gettext_lazy("Owner"),
            "due_on": gettext_lazy("Due date"),
            "status": gettext_lazy("Status"),
        }
        help_texts = {
            "owner": gettext_lazy("The person who sees to it; they need no account."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "owner": forms.TextInput(attrs={"autocomplete": "off"}),
            "due_on": DateInput(),
        }

    # Where each field goes on the page: what the action is about, then who and when.
    WHAT = ("aspect", "target_level", "description")
    WHO = ("owner", "due_on", "status")

    def __init__(self, model: CapabilityModel, lang: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["aspect"]).choices = aspect_choices(model, lang)
        cast(forms.ChoiceField, self.fields["target_level"]).choices = level_choices(model, lang)
        self.fields["due_on"].error_messages["invalid"] = gettext_lazy(
            "Enter the due date as a date, for example 2026-06-30."
        )

    def what(self) -> list[forms.BoundField]:
        return [self[name] for name in self.WHAT]

    def who(self) -> list[forms.BoundField]:
        return [self[name] for name in self.WHO]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Action.Status.choices)

    def __init__(self, *args: Any, row: int | None = None, **kwargs: Any) -> None:
        # Its own ids per row: a plan page holds one of these forms for every action.
        kwargs.setdefault("auto_id", f"id_action_{row}_%s" if row else "id_%s")
        super().__init__(*args, **kwargs)

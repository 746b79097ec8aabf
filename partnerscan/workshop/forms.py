"""Forms of the workshop pages: starting one, adding an aspect to the agenda, the agreed level,
a participant's code and vote. The workflows check again what only they can know (a vote still
open, an aspect not yet on the agenda)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.capability.schema import CapabilityModel
from partnerscan.workshop.dot_screens import DotsView
from partnerscan.workshop.models import CODE_LENGTH, MAX_ACTION, MAX_NOTE, Workshop

TOP = 2  # the winners ticked for the plan unless the facilitator ticks others
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


class CandidateForm(forms.Form):
    """A candidate action; the aspects offered are the model's (the facilitator) or the
    agenda's (a participant)."""

    aspect = forms.ChoiceField(label=gettext_lazy("Aspect"))
    description = forms.CharField(
        label=gettext_lazy("Action"),
        max_length=MAX_ACTION,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_ACTION}),
    )

    def __init__(self, choices: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["aspect"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class DotSettingsForm(forms.Form):
    budget = forms.IntegerField(label=gettext_lazy("Dots per participant"), min_value=1)
    cap = forms.IntegerField(
        label=gettext_lazy("Most dots on one action (empty: no limit)"),
        min_value=1,
        required=False,
    )
    suggestions = forms.BooleanField(
        label=gettext_lazy("Participants may suggest actions"), required=False
    )


class PlanForm(forms.Form):
    chosen = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Actions for the plan"), coerce=int, required=True
    )
    owner = forms.CharField(
        label=gettext_lazy("Owner for now"),
        max_length=150,
        help_text=gettext_lazy("Change owner and due date on the plan page afterwards."),
    )

    def __init__(self, choices: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["chosen"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def aspect_choices(workshop: Workshop, lang: str) -> list[tuple[str, str]]:
    return [(a.id, a.name.get(lang)) for a in workshop.assessment.capability_model.aspects]


def dot_forms(workshop: Workshop, dots: DotsView, lang: str) -> dict[str, Any]:
    """The forms of the control page's dot vote section."""
    initial = {"budget": dots.budget, "cap": dots.cap, "suggestions": dots.dot_vote.suggestions}
    open_ones = [c for c in dots.ranked if c.candidate.planned_at is None]
    top = set(dots.tally.top(TOP)) if dots.tally is not None else set()
    plan_choices = [(c.candidate.pk, c.text, c.candidate.pk in top) for c in open_ones]
    return {
        "candidate_form": CandidateForm(aspect_choices(workshop, lang), auto_id="candidate-%s"),
        "settings_form": DotSettingsForm(initial=initial),
        "plan_choices": plan_choices,
        "owner_initial": _("to be decided"),
        "aspect_choices": aspect_choices(workshop, lang),
    }

"""Forms of a round's settings, and of closing it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from partnerscan.accounts.forms import DepartmentsField
from partnerscan.assessments.models import (
    DEFAULT_RETENTION_DAYS,
    LANGUAGE_CHOICES,
    Assessment,
    SharesSource,
)
from partnerscan.capability.loader import get_model, shipped_models
from partnerscan.capability.schema import CHALLENGE_TYPES, CapabilityModel
from partnerscan.core import languages
from partnerscan.scoring.options import DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP


class DateInput(forms.DateInput):
    input_type = "date"


class SharesWidget(forms.MultiWidget):
    def __init__(self) -> None:
        number = {"min": 0, "max": 100, "step": "any", "inputmode": "decimal"}
        super().__init__([forms.NumberInput(attrs=number) for _type in CHALLENGE_TYPES])

    def decompress(self, value: Any) -> list[Any]:
        shares = value or {}
        return [_percent(shares.get(t)) for t in CHALLENGE_TYPES]


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 4)


class SharesField(forms.MultiValueField):
    """Three percentages that add up to 100, or none at all; cleaned to fractions of 1."""

    widget = SharesWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = [
            forms.DecimalField(min_value=0, max_value=100, required=False)
            for _type in CHALLENGE_TYPES
        ]
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dict[str, float]:
        given = [value for value in data_list if value is not None]
        if not given:
            return {}
        if len(given) < len(CHALLENGE_TYPES):
            raise ValidationError(
                _(
                    "Challenge-type shares: give all three percentages (adding up to 100), "
                    "or leave all three empty."
                )
            )
        if sum(given) != 100:
            raise ValidationError(
                _(
                    "Challenge-type shares: the three percentages must add up to 100 "
                    "(now %(total)s)."
                ),
                params={"total": f"{sum(given):g}"},
            )
        return {t: float(v) / 100 for t, v in zip(CHALLENGE_TYPES, data_list, strict=True)}


def shares_from_text(text: str) -> dict[str, float] | None:
    """Shares written as `chain:40,regional:35,innovation:25` (the portfolio page's link), checked
    like typed shares; None for anything else, so a bad link just leaves the field empty."""
    pairs = [part.partition(":") for part in text.split(",")]
    given = {kind.strip(): percent.strip() for kind, _colon, percent in pairs}
    if len(given) != len(pairs) or set(given) != set(CHALLENGE_TYPES):
        return None
    try:
        shares = SharesField().clean([given[kind] for kind in CHALLENGE_TYPES])
    except ValidationError:
        return None
    return shares or None


def model_label(model: CapabilityModel) -> str:
    """A capability model as a choice reads: its name in the reader's language, and version."""
    return f"{model.name.get(languages.of(get_language()))} {model.version}"


def model_choices() -> list[tuple[str, str]]:
    newest_first = sorted(shipped_models(), key=lambda m: m.ref == get_model().ref, reverse=True)
    return [(m.ref, model_label(m)) for m in newest_first]


class AssessmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    goal = forms.CharField(
        label=gettext_lazy("Partnering goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the organisation wants to achieve by working with others."),
    )
    shares = SharesField(
        label=gettext_lazy("Challenge-type shares (percent)"),
        help_text=gettext_lazy(
            "How the partnering effort divides over chain, regional and innovation challenges. "
            "They weigh the leads; leave all three empty to weigh every aspect the same."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages offered"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=list(languages.LANGUAGES),
        error_messages={"required": gettext_lazy("Offer at least one language.")},
    )
    min_group = forms.IntegerField(
        label=gettext_lazy("Smallest group shown (k)"),
        initial=DEFAULT_MIN_GROUP,
        min_value=LOWEST_MIN_GROUP,
        max_value=100,
        help_text=gettext_lazy("Breakdowns show a group only when it has at least this many."),
        error_messages={
            "min_value": gettext_lazy(
                "At least 3: smaller groups would let readers recognise individual answers."
            )
        },
    )
    departments = DepartmentsField()
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), required=False, widget=DateInput)
    closes_on = forms.DateField(label=gettext_lazy("Closes on"), required=False, widget=DateInput)
    allow_amend = forms.BooleanField(
        label=gettext_lazy("Respondents may change their answers after submitting"),
        required=False,
        initial=True,
    )
    retention_days = forms.IntegerField(
        label=gettext_lazy("Keep e-mail addresses after closing (days)"),
        required=False,
        initial=DEFAULT_RETENTION_DAYS,
        min_value=0,
        max_value=3650,
        help_text=gettext_lazy(
            "After this many days the invitations and their e-mail addresses are deleted. "
            "The anonymous answers stay."
        ),
    )

    in_pool = forms.BooleanField(
        label=gettext_lazy("Share this round's results anonymously in the benchmark pool"),
        required=False,
        help_text=gettext_lazy(
            "Owners only. When the round closes with results, the pool receives its means per "
            "condition and aspect, the number of respondents, and the organisation's sector and "
            "size band: never an answer or a comment, and never the organisation's name unless "
            "it allowed researchers to see it. In return the dashboard compares the round with "
            "other organisations. Switching this off takes the round out of the pool."
        ),
    )

    def clean_retention_days(self) -> int:
        # Left empty (or by an older form): the default, not "keep forever".
        value = self.cleaned_data.get("retention_days")
        return DEFAULT_RETENTION_DAYS if value is None else int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes <= opens:
            self.add_error("closes_on", _("The closing date must be after the opening date."))
        return data

    def share_inputs(self) -> list[dict[str, Any]]:
        """One entry per challenge type, so the template gives each input a label of its own."""
        field = self["shares"]
        value = field.value()
        values = value if isinstance(value, list) else SharesWidget().decompress(value)
        labels = {"chain": _("Chain"), "regional": _("Regional"), "innovation": _("Innovation")}
        return [
            {
                "label": labels[kind],
                "name": f"{field.html_name}_{i}",
                "id": f"{field.auto_id}_{i}",
                "value": "" if values[i] is None else values[i],
            }
            for i, kind in enumerate(CHALLENGE_TYPES)
        ]


class NewAssessmentForm(AssessmentForm):
    model_ref = forms.ChoiceField(
        label=gettext_lazy("Capability model"),
        help_text=gettext_lazy("Fixed once the assessment exists, so rounds stay comparable."),
    )
    # The portfolio's shares as the link gave them: shares still equal to these on submit were
    # taken from the portfolio; changed ones are the editor's estimate.
    portfolio_shares = forms.CharField(required=False, widget=forms.HiddenInput)
    field_order = ["title", "model_ref"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["model_ref"]).choices = model_choices()
        self.fields["model_ref"].initial = get_model().ref

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        taken = shares_from_text(data.pop("portfolio_shares", "") or "")
        if taken is not None and data.get("shares") == taken:
            data["shares_source"] = SharesSource.PORTFOLIO
        return data


def prefilled(query: Any) -> dict[str, Any]:
    """The initial values a link to the new-round page may set: the shares (`shares=`), and
    with `source=portfolio` the note that they come from the portfolio."""
    text = query.get("shares", "")
    shares = shares_from_text(text)
    if shares is None:
        return {}
    if query.get("source") == SharesSource.PORTFOLIO:
        return {"shares": shares, "portfolio_shares": text}
    return {"shares": shares}


def assessment_initial(assessment: Assessment) -> dict[str, Any]:
    return {name: getattr(assessment, name) for name in AssessmentForm.base_fields}


class CloseForm(forms.Form):
    delete_invitations = forms.BooleanField(
        label=gettext_lazy("Also delete all e-mail addresses and links now"),
        required=False,
        help_text=gettext_lazy(
            "Otherwise they are deleted automatically when the retention period has passed."
        ),
    )


class InterimResultsForm(forms.Form):
    interim_results = forms.BooleanField(
        label=gettext_lazy("Show interim results while the assessment is open"), required=False
    )

"""Forms of the portfolio: a partnership, a partner organisation, the list's filters, the import,
a health check's links.

They check and clean; the views save through `portfolio.domain`, so the audit log sees it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from partnerscan.accounts.models import Membership, Organisation
from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.portfolio.checks import MOST_MONTHS
from partnerscan.portfolio.health import MAX_LINKS
from partnerscan.portfolio.labels import challenge_choices
from partnerscan.portfolio.models import PartnerOrganisation, Partnership, Side

MOST_BYTES = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        # The browser's date picker sends ISO dates whatever the page's language.
        super().__init__(format="%Y-%m-%d")


class MemberChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user)


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    field = forms.DateField(label=label, required=False, widget=DateInput(), help_text=help_text)
    field.error_messages["invalid"] = gettext_lazy("Enter a date, for example 2026-06-30.")
    return field


class PartnershipForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Partner organisations"),
        queryset=PartnerOrganisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_partners = forms.CharField(
        label=gettext_lazy("New partner organisations"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("One name per line; they are added to the partner organisations."),
    )
    challenge_type = forms.ChoiceField(label=gettext_lazy("Primary challenge type"))
    goal = forms.CharField(
        label=gettext_lazy("Goal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the partnership must achieve."),
    )
    goal_date = _date(gettext_lazy("Goal date"), gettext_lazy("By when; leave empty if open."))
    owner = MemberChoice(
        label=gettext_lazy("Owner (a member)"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=gettext_lazy("(none)"),
    )
    owner_name = forms.CharField(
        label=gettext_lazy("Or the owner's name"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("For an owner without an account."),
    )
    departments = forms.MultipleChoiceField(
        label=gettext_lazy("Departments involved"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phase = forms.ChoiceField(label=gettext_lazy("Phase"), choices=Partnership.Phase.choices)
    importance = forms.TypedChoiceField(
        label=gettext_lazy("Strategic importance"),
        coerce=int,
        choices=[(v, f"{v} · {label}") for v, label in Partnership.Importance.choices],
    )
    started_on = _date(gettext_lazy("Start date"))
    review_on = _date(gettext_lazy("Next review"))
    review_interval_months = forms.IntegerField(
        label=gettext_lazy("Check interval in months"),
        min_value=1,
        max_value=MOST_MONTHS,
        required=False,
        help_text=gettext_lazy("How often the partnership is checked; optional."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    # Where each field goes on the page.
    GROUPS = (
        (gettext_lazy("The partnership"), ("name", "partners", "new_partners", "challenge_type")),
        (gettext_lazy("Goal"), ("goal", "goal_date")),
        (gettext_lazy("Who"), ("owner", "owner_name", "departments")),
        (
            gettext_lazy("Phase and planning"),
            ("phase", "importance", "started_on", "review_on", "review_interval_months", "notes"),
        ),
    )

    def __init__(self, organisation: Organisation, lang: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = cast(forms.ModelMultipleChoiceField, self.fields["partners"])  # type: ignore[type-arg]
        partners.queryset = organisation.partner_organisations.all()
        owner = cast(MemberChoice, self.fields["owner"])
        owner.queryset = organisation.memberships.select_related("user").order_by("user__email")
        challenge = cast(forms.ChoiceField, self.fields["challenge_type"])
        challenge.choices = challenge_choices(lang)
        departments = cast(forms.MultipleChoiceField, self.fields["departments"])
        departments.choices = [(d, d) for d in organisation.departments]
        if not organisation.departments:
            del self.fields["departments"]

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(legend), [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def new_partner_names(self) -> list[str]:
        lines = self.cleaned_data.get("new_partners", "").splitlines()
        return list(dict.fromkeys(line.strip() for line in lines if line.strip()))

    def changes(self) -> dict[str, Any]:
        skip = {"new_partners"}
        values = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        values["partners"] = list(values["partners"])
        return values


def initial_of(partnership: Partnership) -> dict[str, Any]:
    return {
        "name": partnership.name,
        "partners": list(partnership.partners.all()),
        "challenge_type": partnership.challenge_type,
        "goal": partnership.goal,
        "goal_date": partnership.goal_date,
        "owner": partnership.owner,
        "owner_name": partnership.owner_name,
        "departments": partnership.departments,
        "phase": partnership.phase,
        "importance": partnership.importance,
        "started_on": partnership.started_on,
        "review_on": partnership.review_on,
        "review_interval_months": partnership.review_interval_months,
        "notes": partnership.notes,
    }


class PartnerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("(not given)")), *PartnerOrganisation.Kind.choices],
        required=False,
    )


class FilterForm(forms.Form):
    """The list's filters, from the query string; an unknown value filters nothing."""

    challenge = forms.ChoiceField(label=gettext_lazy("Challenge type"), required=False)
    phase = forms.ChoiceField(label=gettext_lazy("Phase"), required=False)
    department = forms.ChoiceField(label=gettext_lazy("Department"), required=False)
    importance = forms.TypedChoiceField(
        label=gettext_lazy("Importance"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, organisation: Organisation, lang: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", gettext_lazy("all"))]
        options: dict[str, list[tuple[Any, Any]]] = {
            "challenge": challenge_choices(lang),
            "phase": Partnership.Phase.choices,
            "department": [(d, d) for d in organisation.departments],
            "importance": Partnership.Importance.choices,
        }
        for name, choices in options.items():
            cast(forms.ChoiceField, self.fields[name]).choices = [*every, *choices]

    def chosen(self) -> dict[str, Any]:
        if not self.is_valid():
            return {name: self.cleaned_data.get(name) or None for name in self.fields}
        return {name: value or None for name, value in self.cleaned_data.items()}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file (CSV or XLSX)"),
        help_text=gettext_lazy("At most 2 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(gettext_lazy("Upload a .csv or .xlsx file."))
        if upload.size > MOST_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 2 MB."))
        return upload


class HealthLinksForm(forms.Form):
    """Links of a health check for one side, in one language."""

    side = forms.ChoiceField(label=gettext_lazy("For"), choices=Side.choices)
    count = forms.IntegerField(
        label=gettext_lazy("Number of links"), min_value=1, max_value=MAX_LINKS, initial=5
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_health_%s")
        super().__init__(*args, **kwargs)

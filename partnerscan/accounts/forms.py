"""Forms of the account and organisation pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from partnerscan.accounts.models import Membership, Organisation


def split_lines(text: str) -> list[str]:
    """Non-empty, stripped lines in their order, without repeats."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        # Addresses are stored in lower case, so a capitalised login must still match.
        return str(self.cleaned_data["username"]).strip().lower()


class DepartmentsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", _("Departments"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One per line. Respondents choose theirs from this list."))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def prepare_value(self, value: object) -> object:
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value: object) -> list[str]:
        departments = split_lines(str(super().clean(value) or ""))
        too_long = [name for name in departments if len(name) > 100]
        if too_long:
            raise forms.ValidationError(
                _("A department name can have at most 100 characters: %(name)s"),
                params={"name": too_long[0]},
            )
        return departments


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("not given")), *Organisation.Sector.choices],
        required=False,
    )
    size = forms.ChoiceField(
        label=_("Size"),
        choices=[("", _("not given")), *Organisation.Size.choices],
        required=False,
    )
    departments = DepartmentsField()


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.VIEWER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class SwitchForm(forms.Form):
    organisation = forms.IntegerField()

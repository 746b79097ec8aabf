"""The form that makes an API token: for which organisation, what it may do, how long."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerscan.accounts.models import Membership
from partnerscan.api.models import ApiToken

DAYS = (30, 90, 180, 365)


def _days_choices() -> list[tuple[int, str]]:
    longest = settings.API_TOKEN_MAX_DAYS
    days = [d for d in DAYS if d < longest] + [longest]
    return [(d, ngettext("%(n)d day", "%(n)d days", d) % {"n": d}) for d in days]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use it, so you recognise it later, such as “Power BI”."),
    )
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        help_text=_(
            "Read and write may also create and change assessments, invitations and actions, "
            "as far as your role allows."
        ),
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"), coerce=int, help_text=_("Every token expires.")
    )

    def __init__(self, memberships: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = self.fields["organisation"]
        assert isinstance(organisations, forms.ChoiceField)
        organisations.choices = [(m.organisation_id, m.organisation.name) for m in memberships]
        days = self.fields["days"]
        assert isinstance(days, forms.ChoiceField)
        days.choices = _days_choices()
        days.initial = 90 if settings.API_TOKEN_MAX_DAYS >= 90 else settings.API_TOKEN_MAX_DAYS

"""Forms of the open link: switching it on, its cap, and its printable page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partnerscan.assessments.domain.open_link import DEFAULT_OPEN_LINK_CAP
from partnerscan.assessments.models import Assessment


def _cap_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Most respondents through the open link"),
        min_value=1,
        max_value=100_000,
        help_text=gettext_lazy(
            "For example the number of people you expect. Each visitor who starts gets a "
            "personal link; once this many have started, the open link takes nobody else, so "
            "nobody can add answers without end. You can raise it later."
        ),
    )


class OpenLinkForm(forms.Form):
    """Switching the open link on (again): a cap is required, an access code is optional."""

    cap = _cap_field()
    access_code = forms.CharField(
        label=gettext_lazy("Access code (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Visitors must type this code before they start. Give it apart from the link, for "
            "example in the meeting or on the intranet, so a forwarded link alone is not enough. "
            "It is stored scrambled and cannot be shown again."
        ),
    )

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_open_%s")
        kwargs.setdefault("initial", {"cap": assessment.open_link_cap or DEFAULT_OPEN_LINK_CAP})
        super().__init__(*args, **kwargs)


class OpenLinkCapForm(forms.Form):
    cap = _cap_field()

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_open_cap_%s")
        kwargs.setdefault("initial", {"cap": assessment.open_link_cap})
        super().__init__(*args, **kwargs)


class OpenLinkPrintForm(forms.Form):
    """The open link just shown (its token, only ever in this POST) and, if the editor types
    it, the access code to print beside it."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    access_code = forms.CharField(
        label=gettext_lazy("Access code to print (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Leave empty to print only that a code is needed, and give the code in the room."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_print_%s")
        super().__init__(*args, **kwargs)

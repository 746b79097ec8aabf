"""Forms of the benchmark: which peers to compare with, and the organisation's pool profile."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerscan.accounts.models import Organisation


class PeersForm(forms.Form):
    """A GET form: it only chooses what to show, so a link can carry the choice."""

    peers = forms.ChoiceField(
        label=_("Compare with"),
        choices=[
            ("all", _("all organisations in the pool")),
            ("sector", _("organisations of the same sector")),
            ("size", _("organisations of the same size")),
        ],
        required=False,
    )

    def chosen(self) -> str:
        if not self.is_valid():
            return "all"  # a hand-made query string falls back to the whole pool
        return str(self.cleaned_data["peers"] or "all")


class PoolToggleForm(forms.Form):
    in_pool = forms.BooleanField(required=False)


class PoolProfileForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("not given")), *Organisation.Sector.choices],
        required=False,
        help_text=_("Peers of the same sector are the organisations that chose the same here."),
    )
    size = forms.ChoiceField(
        label=_("Size"),
        choices=[("", _("not given")), *Organisation.Size.choices],
        required=False,
    )
    pool_named = forms.BooleanField(
        label=_("Researchers may see our name"),
        required=False,
        help_text=_(
            "Without this, the pooled research data name the organisation only by a pseudonym."
        ),
    )

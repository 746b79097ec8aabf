"""Forms of the partner page: starting the round, the checklist of the portfolio's partner-side
contacts, and the pasted lines. The lines themselves are checked by the workflow, which names
each bad line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.partnerview.domain import MAX_MIN_GROUP
from partnerscan.partnerview.invitees import Candidate
from partnerscan.partnerview.models import MAX_NOTE
from partnerscan.scoring.options import DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP


class StartForm(forms.Form):
    min_group = forms.IntegerField(
        label=gettext_lazy("Smallest group of partners shown (k)"),
        initial=DEFAULT_MIN_GROUP,
        min_value=LOWEST_MIN_GROUP,
        max_value=MAX_MIN_GROUP,
        help_text=gettext_lazy(
            "Partners' answers are shown only as totals of at least this many partners, and "
            "per partner organisation only where it has this many."
        ),
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Last day to answer"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "The round closes by itself after this day; leave empty to close it yourself."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Personal note in the invitation (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Shown to every partner in the e-mail and on the first page."),
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Contact person for partners"), required=False, max_length=150
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("Contact's e-mail address"),
        required=False,
        help_text=gettext_lazy(
            "Partners may ask this person questions; replies to the e-mail go there."
        ),
    )

    def closes_at(self) -> dt.datetime | None:
        """The midnight that ends the last day, in the site's time zone."""
        day = self.cleaned_data.get("closes_on")
        if day is None:
            return None
        following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
        return timezone.make_aware(following)


class PasteForm(forms.Form):
    lines = forms.CharField(
        label=gettext_lazy("People to invite, one per line"),
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "As e-mail;partner organisation, optionally with ;nl or ;en for the language."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language when a line gives none"), choices=LANGUAGE_CHOICES
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_paste_%s")
        super().__init__(*args, **kwargs)


class ContactsForm(forms.Form):
    contacts = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Partner-side contacts from the portfolio"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, candidates: list[Candidate], *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_contacts_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["contacts"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (c.contact.pk, f"{c.contact.email} · {c.partner.name}") for c in candidates
        ]

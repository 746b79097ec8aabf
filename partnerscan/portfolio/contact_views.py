"""Editors add and remove the contacts the health-check rhythm invites; every member sees how
many there are per side on the partnership's page (templatetags/partnership_contacts.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.core.errors import DomainError
from partnerscan.portfolio import contacts
from partnerscan.portfolio.access import access_contact, access_partnership
from partnerscan.portfolio.models import Side


class ContactForm(forms.Form):
    side = forms.ChoiceField(label=gettext_lazy("Side"), choices=Side.choices)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    name = forms.CharField(label=gettext_lazy("Name (optional)"), max_length=150, required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_contact_%s")
        super().__init__(*args, **kwargs)


def _back(partnership_id: int) -> HttpResponse:
    return redirect(reverse("partnership", args=[partnership_id]) + "#contacts")


@login_required
@require_POST
def contact_add(request: MemberRequest, partnership_id: int) -> HttpResponse:
    partnership, _membership = access_partnership(request, partnership_id, "editor")
    form = ContactForm(request.POST)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {' '.join(str(e) for e in errs)}"
            for name, errs in form.errors.items()
        ]
        messages.error(
            request, _("No contact was added. %(problems)s") % {"problems": " ".join(problems)}
        )
        return _back(partnership.pk)
    try:
        contacts.add_contact(partnership, request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The contact was added."))
    return _back(partnership.pk)


@login_required
@require_POST
def contact_remove(request: MemberRequest, contact_id: int) -> HttpResponse:
    contact, _membership = access_contact(request, contact_id, "editor")
    contacts.remove_contact(contact, request.user)
    messages.success(request, _("The contact was removed."))
    return _back(contact.partnership_id)

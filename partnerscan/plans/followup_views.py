"""The page that starts a follow-up round (editor and up)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.forms.rounds import DateInput, model_label
from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.models import Assessment
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page
from partnerscan.plans import followup
from partnerscan.plans.rounds import follow_up_of


class FollowUpForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), required=False, widget=DateInput)
    closes_on = forms.DateField(label=gettext_lazy("Closes on"), required=False, widget=DateInput)
    model_ref = forms.ChoiceField(
        label=gettext_lazy("Capability model"),
        help_text=gettext_lazy(
            "This round's version, or a later version that says which of its aspects continue "
            "the earlier ones: only then can the trend follow them."
        ),
    )

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = followup.model_choices(assessment)
        models = [(m.ref, model_label(m)) for m in choices]
        cast(forms.ChoiceField, self.fields["model_ref"]).choices = models
        self.fields["model_ref"].initial = choices[0].ref
        self.fields["title"].initial = followup.suggested_title(assessment)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        return data


def _copied_message(plan: followup.CopyPlan) -> str:
    return ngettext(
        "%(count)d e-mail invitation was copied; it gets a new link when the round opens.",
        "%(count)d e-mail invitations were copied; each gets a new link when the round opens.",
        plan.emails,
    ) % {"count": plan.emails}


def _not_copied_message(plan: followup.CopyPlan) -> str:
    return ngettext(
        "%(count)d personal or open-link invitation was not copied: it has no e-mail address.",
        "%(count)d personal or open-link invitations were not copied: they have no e-mail address.",
        plan.links,
    ) % {"count": plan.links}


def _tell(request: HttpRequest, plan: followup.CopyPlan) -> None:
    messages.success(request, _("The follow-up round has been created as a draft."))
    messages.info(request, _copied_message(plan))
    if plan.links:
        messages.warning(request, _not_copied_message(plan))
    if plan.deleted:
        messages.warning(
            request,
            _(
                "The invitations of the earlier round had been deleted, so there was no "
                "list to copy: add this round's invitations yourself."
            ),
        )


@login_required
def start(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = FollowUpForm(assessment, request.POST or None)
    plan = followup.copy_plan(assessment)
    if request.method == "POST" and form.is_valid():
        try:
            new = followup.start_follow_up(assessment, request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            _tell(request, plan)
            return redirect("assessment", new.pk)
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "form": form,
        "plan": plan,
        "existing": follow_up_of(assessment),
    }
    return page(request, "plans/followup.html", context)

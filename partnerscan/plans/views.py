"""The action plan of an assessment: every member reads it, owners and editors change it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerscan.accounts.models import Membership
from partnerscan.assessments import results_store
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.models import Assessment
from partnerscan.core.pages import page, reader_lang, remember
from partnerscan.plans import domain
from partnerscan.plans.access import access_action
from partnerscan.plans.forms import ActionForm, StatusForm
from partnerscan.plans.models import Action
from partnerscan.plans.rows import ActionRow, action_row, action_rows
from partnerscan.scoring.stats import level_of


def _form(request: HttpRequest, assessment: Assessment, **kwargs: Any) -> ActionForm:
    data = request.POST if request.method == "POST" else None
    return ActionForm(assessment.capability_model, reader_lang(request), data, **kwargs)


def _saved(form: ActionForm, save: Callable[..., object]) -> bool:
    """Run a domain write with the form's values; a refusal lands on the field it names."""
    try:
        save(**form.changes())
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@login_required
@require_GET
def plan(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, membership = access_assessment(request, assessment_id)
    remember(request, assessment.organisation)
    rows = action_rows(assessment, None, reader_lang(request))
    context = _plan_context(assessment, membership, rows)
    if membership.can_edit:
        context["form"] = _form(request, assessment, initial={"status": Action.Status.PLANNED})
    return page(request, "plans/plan.html", context)


def _plan_context(
    assessment: Assessment, membership: Membership, rows: tuple[ActionRow, ...]
) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "membership": membership,
        "rows": [(row, StatusForm(initial={"status": row.status}, row=row.id)) for row in rows],
    }


@login_required
def action_new(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    posted = request.method == "POST"
    form = _form(request, assessment, initial={} if posted else _lead_initial(request, assessment))
    create = partial(domain.create_action, assessment, request.user)
    if posted and form.is_valid() and _saved(form, create):
        messages.success(request, _("The action has been added to the plan."))
        return redirect("plan", assessment.pk)
    context = {"assessment": assessment, "organisation": assessment.organisation, "form": form}
    return page(request, "plans/action_form.html", context)


def _lead_initial(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    """From a lead (`?aspect=`): its aspect, the model's next step, and one level up."""
    initial: dict[str, Any] = {"status": Action.Status.PLANNED}
    aspect_id = request.GET.get("aspect", "")
    model = assessment.capability_model
    if aspect_id not in {a.id for a in model.aspects}:
        return initial
    initial["aspect"] = aspect_id
    results = results_store.round_results(assessment, reader_lang(request))
    found = [a for a in results.aspects if a.id == aspect_id] if results else []
    level = level_of(found[0].current.mean) if found else None
    if level is not None:
        initial["target_level"] = min(level + 1, 5)
        initial["description"] = (
            model.aspect(aspect_id).next_steps[level - 1].get(reader_lang(request))
        )
    return initial


@login_required
def action_edit(request: MemberRequest, action_id: int) -> HttpResponse:
    action, _membership = access_action(request, action_id, "editor")
    assessment = action.assessment
    form = _form(request, assessment, instance=action)
    update = partial(domain.update_action, action, request.user)
    if request.method == "POST" and form.is_valid() and _saved(form, update):
        messages.success(request, _("The action has been saved."))
        return redirect("plan", assessment.pk)
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "form": form,
        "action": action,
    }
    return page(request, "plans/action_form.html", context)


@login_required
def action_delete(request: MemberRequest, action_id: int) -> HttpResponse:
    action, _membership = access_action(request, action_id, "editor")
    assessment = action.assessment
    if request.method == "POST":
        domain.delete_action(action, request.user)
        messages.success(request, _("The action has been deleted from the plan."))
        return redirect("plan", assessment.pk)
    row = action_row(assessment.capability_model, action, None, reader_lang(request))
    context = {"assessment": assessment, "organisation": assessment.organisation, "row": row}
    return page(request, "plans/action_delete.html", context)


@login_required
@require_POST
def action_status(request: MemberRequest, action_id: int) -> HttpResponse:
    """The quick status change of one row: a short confirmation for htmx, else the plan."""
    action, _membership = access_action(request, action_id, "editor")
    form = StatusForm(request.POST, row=action.pk)
    if form.is_valid():
        action = domain.update_action(action, request.user, status=form.cleaned_data["status"])
    if request.htmx:
        return _saved_response(request, action, form)
    if form.is_valid():
        messages.success(request, _("The status has been saved."))
    else:
        messages.error(request, _("Choose one of the statuses in the list."))
    return redirect("plan", action.assessment_id)


def _saved_response(request: HttpRequest, action: Action, form: StatusForm) -> HttpResponse:
    """The row's status line. htmx swaps only a 2xx answer, so a refused value changes
    nothing on the page; the select keeps its focus either way."""
    if not form.is_valid():
        return HttpResponse(status=422)
    row = action_row(action.assessment.capability_model, action, None, reader_lang(request))
    return render(request, "plans/_saved.html", {"row": row})

"""The register as a file: export (every member) and import (owners and editors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET

from partnerscan.accounts.access import access_membership
from partnerscan.assessments.http import MemberRequest
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.files import file_response
from partnerscan.core.pages import page, reader_lang
from partnerscan.portfolio import domain, overview
from partnerscan.portfolio.forms import ImportForm
from partnerscan.portfolio.register_file import RegisterFileError, read_register
from partnerscan.portfolio.register_table import COLUMNS, REQUIRED_COLUMNS, register_table

FORMATS = ("csv", "xlsx")


@login_required
@require_GET
def export(request: HttpRequest, org_id: int, fmt: str) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404
    organisation = access_membership(request, org_id).organisation
    lang = reader_lang(request)
    partnerships = list(overview.partnerships_of(organisation).order_by("name", "id"))
    with override(lang):
        response = file_response(
            register_table(partnerships, lang), fmt, filename=f"partnerships.{fmt}"
        )
    record(
        Event.EXPORTED,
        user=request.user,
        organisation=organisation,
        detail=f"exported portfolio as {fmt}",
        code="exported",
        params={"kind": "portfolio", "format": fmt},
    )
    return response


@login_required
def import_register(request: MemberRequest, org_id: int) -> HttpResponse:
    organisation = access_membership(request, org_id, "editor").organisation
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_register(organisation, upload.read(), upload.name)
        except RegisterFileError as exc:
            problems = exc.problems
        else:
            done = domain.import_register(organisation, request.user, rows)
            messages.success(
                request,
                _("Imported: %(created)d new and %(updated)d changed partnerships.")
                % {"created": done.created, "updated": done.updated},
            )
            return redirect("portfolio", organisation.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "problems": problems,
        "columns": list(COLUMNS),
        "required": REQUIRED_COLUMNS,
    }
    return page(request, "portfolio/import.html", context)

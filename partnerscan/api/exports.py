"""/api/v1/assessments/{id}/exports/{name}: the same files as the export buttons of the pages,
from the same function (reports/export_files.py), with the same rules: the responses only for
owners and only of a closed round, nothing below 3 respondents; each file in the audit log."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.params.functions import Path

from partnerscan.api import assessments, schemas
from partnerscan.api.auth import through, token_of
from partnerscan.api.params import ERRORS, Lang, ObjectId
from partnerscan.assessments.access import access_assessment
from partnerscan.core.pages import reader_lang
from partnerscan.reports import export_files, export_jobs

# The files of reports/export_files.py (a test checks they are the same).
FileName = Annotated[
    Literal[
        "responses.csv",
        "responses.xlsx",
        "responses.sav",
        "results.csv",
        "results.xlsx",
        "results.sav",
        "results.json",
    ],
    Path(description="The file, as the page's export buttons name it."),
]
# The document says which content types a 200 may have, one per file kind.
FILE_RESPONSES: dict[str, Any] = {
    "200": {
        "description": "The file, as the page gives it.",
        "content": {
            content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
            for content_type in sorted(set(export_files.FILES.values()))
            if content_type != "application/json"
        }
        | {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}},
    }
}


@assessments.router.get(
    "{assessment_id}/exports/{name}",
    response={409: schemas.Error, **ERRORS},
    openapi_extra={"responses": FILE_RESPONSES},
    tags=["exports"],
)
def export(
    request: HttpRequest, assessment_id: ObjectId, name: FileName, lang: Lang = None
) -> HttpResponseBase:
    """responses.csv/.xlsx/.sav (owners, closed rounds), results.csv/.xlsx/.sav/.json."""
    kind, _dot, fmt = str(name).partition(".")
    assessment, _membership = access_assessment(
        request, assessment_id, export_files.role_needed(kind)
    )
    if export_jobs.made_by_the_worker(assessment, kind):
        # Too large to make while a request waits: the page has the worker make it.
        page = reverse("export", args=[assessment.pk, kind, fmt])
        raise HttpError(
            409,
            _(
                "This round's responses file is too large to make in a request; the worker "
                "makes it when an owner asks for it on the page %(page)s."
            )
            % {"page": page},
        )
    with through(token_of(request)):
        found = export_files.download(
            assessment, kind, fmt, lang or reader_lang(request), request.user
        )
    if found is None:
        raise HttpError(409, assessments.refusal(assessment, kind))
    return found

"""What every signed-in page shares: its rendering with the organisation switcher, the reader's
language, and the organisation the consultant works in now.

Here in core, below every app, so that any app's views can use them without importing another
app's views (docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerscan.core import languages

CURRENT = "organisation_id"  # session key of the organisation the consultant works in now


def remember(request: HttpRequest, organisation: Model) -> None:
    request.session[CURRENT] = organisation.pk


def reader_lang(request: HttpRequest) -> str:
    """The language the signed-in reader sees pages in: "nl" unless the request is English."""
    return languages.of(request.LANGUAGE_CODE)


def page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render a management page with the organisation switcher (one query)."""
    memberships = list(
        request.user.memberships.select_related("organisation").order_by(  # type: ignore[union-attr]
            "organisation__name"
        )
    )
    context.setdefault("current_id", request.session.get(CURRENT))
    return render(request, template, {"switch_to": memberships, **context})

"""How the screens of a workshop stay live without a broker: each polls a small fragment every
second with the version it shows (`?v=`), and gets `204 No Content` while the session has not
moved on — an answer that costs one indexed read (docs/workshop.md, "Live updates")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def seen(request: HttpRequest) -> int | None:
    """The version the polling screen shows; None when it sent none or nonsense."""
    value = request.GET.get("v", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def unchanged(request: HttpRequest, version: int) -> bool:
    return seen(request) == version


def unchanged_answer() -> HttpResponse:
    """Nothing new: htmx leaves the screen as it is."""
    return HttpResponse(status=204)

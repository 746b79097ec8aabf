"""Public pages: the home page and the browser of the capability model."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from partnerscan.capability.loader import get_model, shipped_models


def home(request: HttpRequest) -> HttpResponse:
    model = get_model()
    return render(request, "capability/home.html", {"model": model})


def model_browser(request: HttpRequest, ref: str | None = None) -> HttpResponse:
    try:
        model = get_model(ref)
    except LookupError as exc:
        raise Http404(str(exc)) from exc
    return render(
        request,
        "capability/model.html",
        {"model": model, "versions": shipped_models(), "lang": request.LANGUAGE_CODE},
    )

"""The project's URLs plus one baseline view for bench/load.py.

The baseline is the least Django can do for an autosave: a POST checked for CSRF that writes
one row of the same Answer table with `update_or_create` in a transaction, with none of the
respondent checks (token, open assessment, submitted, known aspect) and no template.
Comparing the real autosave with it shows what those checks cost, not what Django costs.
"""

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.csrf import ensure_csrf_cookie

from partnerscan.assessments.models import DONT_KNOW, Answer

LEVELS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "dk": DONT_KNOW}


@ensure_csrf_cookie
def baseline(request: HttpRequest, response_id: str) -> HttpResponse:
    """GET hands out the CSRF cookie, as the start page does; POST saves one answer."""
    if request.method != "POST":
        return HttpResponse("ready")
    field, value = request.POST.get("field", ""), request.POST.get("value", "")
    if field not in ("current", "ambition") or value not in LEVELS:
        return HttpResponseBadRequest("bad answer")
    with transaction.atomic():
        Answer.objects.update_or_create(
            response_id=response_id,
            aspect=request.POST.get("aspect", ""),
            defaults={field: LEVELS[value]},
        )
    return HttpResponse("saved")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/baseline/<uuid:response_id>/", baseline, name="bench-baseline"),
    path("", include("partnerscan.urls")),
]

"""Version 1 of the REST API, under /api/v1/: its routers, its authentication and its errors.

Every error is `{"detail": "..."}` in the reader's language (Accept-Language): 401 without a
usable token, 403 for a role too low, 404 for what is not there or belongs to another
organisation, 409 for what cannot be had yet, 422 for bad input (naming the field), 429 past
the token's budget.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from partnerscan.api import assessments, organisations
from partnerscan.api.auth import RateLimited, TokenAuth
from partnerscan.api.openapi import without_internal_fields

DESCRIPTION = """The partnerscan API, first part: reading organisations, members, assessments,
their results and action plans with a personal API token (`Authorization: Bearer psk_…`).
Writing, webhooks and single sign-on follow. See docs/api.md."""


class PartnerscanAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return without_internal_fields(super().get_openapi_schema(*args, **kwargs))


api = PartnerscanAPI(
    title="partnerscan",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from ninja's own static files; no validator badge fetched from elsewhere.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    auth=TokenAuth(),
)
api.add_router("/organisations/", organisations.router)
api.add_router("/assessments/", assessments.router)


def _error(request: HttpRequest, detail: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = _("A usable API token is needed: Authorization: Bearer psk_… (docs/api.md).")
    response = _error(request, detail, 401)
    response["WWW-Authenticate"] = 'Bearer realm="partnerscan"'
    return response


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    detail = ngettext(
        "Too many requests. Try again in %(seconds)d second.",
        "Too many requests. Try again in %(seconds)d seconds.",
        exc.wait,
    ) % {"seconds": exc.wait}
    response = _error(request, detail, 429)
    response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, _("Your role in this organisation does not allow this."), 403)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.message, exc.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in error["loc"][1:]), "message": error["msg"]}
        for error in exc.errors
    ]
    detail = "; ".join(f"{error['field']}: {error['message']}" for error in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

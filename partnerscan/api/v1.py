"""Version 1 of the REST API, under /api/v1/: its routers, its authentication and its errors.

Every error is `{"detail": "..."}` in the reader's language (Accept-Language): 401 without a
usable token, 403 for a role too low, 404 for what is not there or belongs to another
organisation, 409 for what cannot be had yet, 422 for bad input (naming the field) or a write
the workflow refuses, 429 past the token's budget; 400 for a body that is no JSON or too large
(as Django answers it, but in JSON).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from partnerscan.api import actions, assessments, exports, organisations, portfolio, rounds
from partnerscan.api.auth import RateLimited, TokenAuth
from partnerscan.api.inputs import Invalid, refused
from partnerscan.api.openapi import without_internal_fields
from partnerscan.core.errors import DomainError

DESCRIPTION = """The partnerscan API, with a personal API token (`Authorization: Bearer psk_…`):
read organisations, members, assessments, their results and exports, action plans, the
portfolio and partner rounds; with a token that writes, create and change assessments, add
invitations and actions. Every write is in the organisation's audit log. See docs/api.md."""


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
api.add_router("/actions/", actions.router)
api.add_router("/partnerships/", portfolio.router)
# The writes of a round are on the assessments' router: one path, one router, every method.
assert rounds.router is assessments.router
assert exports.export is not None  # its route is on the assessments' router


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
    errors = [{"field": _field(error["loc"]), "message": error["msg"]} for error in exc.errors]
    detail = "; ".join(f"{error['field']}: {error['message']}" for error in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _field(loc: Any) -> str:
    """The field as the client named it: without where it was (query, path, body) and, in a
    body, without the name of the body itself."""
    parts = list(loc[2:] if loc[0] == "body" and len(loc) > 2 else loc[1:])
    return ".".join(str(part) for part in parts)


@api.exception_handler(Invalid)
def invalid_input(request: HttpRequest, exc: Invalid) -> HttpResponse:
    errors = [{"field": field, "message": message} for field, message in exc.problems.items()]
    detail = "; ".join(
        f"{error['field']}: {error['message']}" if error["field"] else error["message"]
        for error in errors
    )
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(DomainError)
def domain_refusal(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return invalid_input(request, refused(exc))


@api.exception_handler(DjangoValidationError)
def model_refusal(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return invalid_input(request, refused(exc))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    detail = _("The request is too large: send at most %(mb)s MB at a time.") % {
        "mb": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):.3g}"
    }
    return _error(request, detail, 400)

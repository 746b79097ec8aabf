"""The requests these views receive, typed as the middleware leaves them."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from partnerscan.accounts.models import User


class RespondentRequest(HttpRequest):
    """A respondent's request: nobody signed in, `htmx` set by django-htmx's middleware."""

    htmx: HtmxDetails


class MemberRequest(RespondentRequest):
    """A request to a login_required page: the user is a signed-in member, never anonymous."""

    user: User

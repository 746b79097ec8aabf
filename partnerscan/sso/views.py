"""Log in through the organisation's identity provider: off to it, and back on the callback.

Both are GETs, as OpenID Connect's redirects are. The start writes only the session (state,
nonce, PKCE verifier, where to go next); the callback, once the provider's answer has been
checked, logs the user in and — only the first time a verified address arrives — makes the
account or the membership that the rules of sso/domain.py allow.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from partnerscan.core.languages import of as language_of
from partnerscan.sso import client, config, domain

log = logging.getLogger(__name__)
NEXT = "sso_next"  # session key: where to go after the log-in


def _provider() -> config.Provider:
    provider = config.provider()
    if provider is None:
        raise Http404("Single sign-on is not configured.")
    return provider


def _safe_next(request: HttpRequest, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


def start(request: HttpRequest) -> HttpResponse:
    provider = _provider()
    request.session[NEXT] = _safe_next(request, request.GET.get("next", ""))
    callback = request.build_absolute_uri(reverse("sso:callback"))
    try:
        return client.redirect_to_provider(provider, request, callback)
    except client.LoginFailed as exc:
        log.warning("Single sign-on could not start: %s", exc)
        return _refused(request, provider, _unreachable(provider), status=502)


def callback(request: HttpRequest) -> HttpResponse:
    provider = _provider()
    try:
        claims = client.verified_claims(provider, request)
    except client.LoginFailed as exc:
        log.warning("Single sign-on refused the provider's answer: %s", exc)
        message = _(
            "The log-in through %(provider)s did not succeed, or took too long. Please try again."
        ) % {"provider": provider.label}
        return _refused(request, provider, message, status=400)
    try:
        user = domain.sign_in(claims, provider.rule, language_of(request.LANGUAGE_CODE))
    except domain.Refused as exc:
        return _refused(request, provider, str(exc), status=403)
    # Read before login(), which empties the session of whoever was logged in before.
    next_url = request.session.pop(NEXT, "") or _safe_next(request, "")
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return HttpResponseRedirect(next_url)


def _unreachable(provider: config.Provider) -> str:
    return _("partnerscan cannot reach %(provider)s at the moment. Please try again later.") % {
        "provider": provider.label
    }


def _refused(
    request: HttpRequest, provider: config.Provider, message: str, status: int
) -> HttpResponse:
    context = {"message": message, "provider": provider}
    return render(request, "sso/refused.html", context, status=status)

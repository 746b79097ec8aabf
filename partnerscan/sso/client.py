"""The OpenID Connect relying party, by Authlib: discovery, the authorization code flow with
PKCE, state and nonce, and the ID token checked against the provider's published keys (JWKS):
signature, issuer, audience, expiry and nonce.

One client per configuration, kept for the process: the discovery document and the keys are
fetched once (the keys again when a token names a key not seen yet).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.http import HttpRequest, HttpResponseRedirect
from joserfc.errors import JoseError
from requests import RequestException

from partnerscan.sso.config import Provider

SCOPE = "openid email profile"
TIMEOUT = 10  # seconds for each request to the provider


class LoginFailed(Exception):
    """The provider's answer cannot be trusted or used; the message is for the log."""


@lru_cache(maxsize=4)
def _client(provider: Provider) -> DjangoOAuth2App:
    oauth = OAuth()
    return oauth.register(
        "oidc",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.discovery_url,
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )


def _discovered(provider: Provider) -> DjangoOAuth2App:
    """The client, after checking that the provider is the issuer it was configured as."""
    client = _client(provider)
    try:
        issuer = client.load_server_metadata().get("issuer", "")
    except (RequestException, ValueError) as exc:
        _client.cache_clear()  # try the discovery again next time
        raise LoginFailed(f"discovery at {provider.discovery_url} failed: {exc}") from exc
    if issuer.rstrip("/") != provider.issuer.rstrip("/"):
        raise LoginFailed(f"the provider calls itself {issuer!r}, not {provider.issuer!r}")
    return client


def redirect_to_provider(
    provider: Provider, request: HttpRequest, callback: str
) -> HttpResponseRedirect:
    """Off to the provider's log-in; state, nonce and the PKCE verifier wait in the session."""
    response: HttpResponseRedirect = _discovered(provider).authorize_redirect(request, callback)
    return response


def verified_claims(provider: Provider, request: HttpRequest) -> dict[str, Any]:
    """The ID token's claims, after the provider's answer on the callback has been checked."""
    client = _discovered(provider)
    try:
        token = client.authorize_access_token(request)
    except (OAuthError, JoseError, RequestException, ValueError, KeyError) as exc:
        raise LoginFailed(f"{type(exc).__name__}: {exc}") from exc
    claims = token.get("userinfo")
    if not claims:
        raise LoginFailed("the provider sent no ID token")
    return dict(claims)

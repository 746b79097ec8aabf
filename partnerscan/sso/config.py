"""Single sign-on's settings (docs/deploy.md) and the OpenID Connect client built from them.

Everything comes from settings read from the environment: the issuer, the client's id and
secret, and the optional rule that makes verified addresses of one e-mail domain members of one
organisation. Without OIDC_ISSUER there is no single sign-on at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from partnerscan.accounts.models import Membership


@dataclass(frozen=True)
class DomainRule:
    """Verified addresses @domain become members of one organisation with this role."""

    domain: str
    organisation_id: int
    role: str


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    label: str
    rule: DomainRule | None

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def provider() -> Provider | None:
    """The configured identity provider, or None when single sign-on is off."""
    if not settings.OIDC_ISSUER:
        return None
    return Provider(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        label=settings.OIDC_BUTTON_LABEL,
        rule=_rule(),
    )


def _rule() -> DomainRule | None:
    domain = settings.OIDC_DOMAIN.strip().lower().lstrip("@")
    if not domain or not str(settings.OIDC_DOMAIN_ORGANISATION).isdigit():
        return None
    return DomainRule(domain, int(settings.OIDC_DOMAIN_ORGANISATION), settings.OIDC_DOMAIN_ROLE)


def check_settings(**kwargs: Any) -> list[CheckMessage]:
    """`partnerscan check` (and every start) names a half-made configuration."""
    if not settings.OIDC_ISSUER:
        return []
    errors = []
    if not (settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET):
        errors.append("OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be too.")
    if bool(settings.OIDC_DOMAIN) != bool(settings.OIDC_DOMAIN_ORGANISATION):
        errors.append("OIDC_DOMAIN and OIDC_DOMAIN_ORGANISATION go together: set both or neither.")
    elif settings.OIDC_DOMAIN and not str(settings.OIDC_DOMAIN_ORGANISATION).isdigit():
        errors.append("OIDC_DOMAIN_ORGANISATION must be the id of an organisation (a number).")
    if settings.OIDC_DOMAIN_ROLE not in Membership.Role.values:
        errors.append(f"OIDC_DOMAIN_ROLE must be one of {', '.join(Membership.Role.values)}.")
    return [Error(message, id="partnerscan.sso.E001") for message in errors]

"""`partnerscan check` names a half-made single sign-on configuration."""

from __future__ import annotations

from typing import Any

from partnerscan.sso.config import DomainRule, check_settings, provider


def configure(settings: Any, **values: str) -> None:
    base = {
        "OIDC_ISSUER": "https://login.example.org",
        "OIDC_CLIENT_ID": "partnerscan",
        "OIDC_CLIENT_SECRET": "s3cret",
        "OIDC_DOMAIN": "",
        "OIDC_DOMAIN_ORGANISATION": "",
        "OIDC_DOMAIN_ROLE": "viewer",
    }
    for name, value in (base | values).items():
        setattr(settings, name, value)


def messages(settings: Any) -> list[str]:
    return [message.msg for message in check_settings()]


def test_off_without_an_issuer(settings: Any) -> None:
    configure(settings, OIDC_ISSUER="", OIDC_CLIENT_ID="")
    assert (provider(), messages(settings)) == (None, [])


def test_a_whole_configuration_passes(settings: Any) -> None:
    configure(settings, OIDC_DOMAIN="example.org", OIDC_DOMAIN_ORGANISATION="7")
    assert messages(settings) == []
    assert provider() is not None
    assert provider().rule == DomainRule("example.org", 7, "viewer")  # type: ignore[union-attr]


def test_each_gap_is_named(settings: Any) -> None:
    configure(settings, OIDC_CLIENT_SECRET="", OIDC_DOMAIN="example.org", OIDC_DOMAIN_ROLE="boss")
    assert messages(settings) == [
        "OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be too.",
        "OIDC_DOMAIN and OIDC_DOMAIN_ORGANISATION go together: set both or neither.",
        "OIDC_DOMAIN_ROLE must be one of owner, editor, viewer.",
    ]
    configure(settings, OIDC_DOMAIN="example.org", OIDC_DOMAIN_ORGANISATION="org-a")
    assert messages(settings) == [
        "OIDC_DOMAIN_ORGANISATION must be the id of an organisation (a number)."
    ]

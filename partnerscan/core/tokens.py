"""Tokens (respondents' links, member invitations, API tokens): 192 random bits, shown once,
stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits; docs/privacy.md promises at least 128


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def invitation_hash(token: str) -> str:
    return hashlib.sha256(b"invitation:" + token.encode()).hexdigest()


def response_hash(token: str) -> str:
    # A different hash of the same token, so the two rows share no value.
    return hashlib.sha256(b"response:" + token.encode()).hexdigest()


def open_link_hash(token: str) -> str:
    return hashlib.sha256(b"open-link:" + token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return 20 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


def member_invitation_hash(token: str) -> str:
    return hashlib.sha256(b"member-invitation:" + token.encode()).hexdigest()


# So a leaked API token is recognisable, by people and by secret scanners.
API_TOKEN_PREFIX = "psk_"  # noqa: S105 - a prefix, not a secret


def new_api_token() -> str:
    return API_TOKEN_PREFIX + new_token()


def looks_like_api_token(token: str) -> bool:
    return token.startswith(API_TOKEN_PREFIX) and looks_like_token(token[len(API_TOKEN_PREFIX) :])


def api_token_hash(token: str) -> str:
    return hashlib.sha256(b"api-token:" + token.encode()).hexdigest()


def participant_hash(key: str) -> str:
    """A workshop participant's cookie value, as the participant row keeps it."""
    return hashlib.sha256(b"workshop-participant:" + key.encode()).hexdigest()

"""What the questionnaires answered through a personal link share (a health check's, the
partners'): a link (an invitation row with `token_hash`, `language`, `started_on`,
`submitted_on`) and, apart from it, a response (`key_hash`, `language`, `submitted`), found
only through the token that hashes to each (docs/privacy.md).

The rows are any app's models; these functions read and write only those fields. Each app's
workflows wrap them with their own checks (is the round still open) and their own messages.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from partnerscan.core import tokens
from partnerscan.core.languages import LANGUAGES

M = TypeVar("M", bound=Model)


def new_link(link: Model) -> str:
    """A fresh token for the link, for a mail that carries it; the one it had stops working."""
    token = tokens.new_token()
    link.token_hash = tokens.invitation_hash(token)  # type: ignore[attr-defined]
    link.save(update_fields=["token_hash"])
    return token


def by_link(links: QuerySet[M], token: str) -> M | None:
    """The invitation the token opens."""
    if not tokens.looks_like_token(token):
        return None
    return links.filter(token_hash=tokens.invitation_hash(token)).first()


def by_key(responses: QuerySet[M], token: str) -> M | None:
    """The response the token's own hash leads to; none once its round has closed."""
    if not tokens.looks_like_token(token):
        return None
    return responses.filter(key_hash=tokens.response_hash(token)).first()


def start(
    links: QuerySet[Any], responses: QuerySet[M], link: Model, token: str, fields: dict[str, Any]
) -> M | None:
    """The response of the link's token, made with `fields` on the first call; None when the
    link no longer holds that token. Marks the link started (day precision)."""
    locked = links.select_for_update().filter(pk=link.pk, token_hash=tokens.invitation_hash(token))
    if not locked.exists():
        return None
    key = tokens.response_hash(token)
    try:
        with transaction.atomic():
            response, _made = responses.get_or_create(key_hash=key, defaults=fields)
    except IntegrityError:  # a concurrent first POST made it
        response = responses.get(key_hash=key)
    links.filter(pk=link.pk, started_on__isnull=True).update(started_on=timezone.localdate())
    return response


def locking(responses: QuerySet[M], response: Any) -> QuerySet[M]:
    """The response's own row, locked, while it still has its key: closing the round clears
    every key under the same row locks, so a save racing a close finds no row."""
    return responses.select_for_update(of=("self",), no_key=True).filter(
        pk=response.pk, key_hash__isnull=False, key_hash=response.key_hash
    )


def submit(
    responses: QuerySet[M], response: Any, links: QuerySet[Any], link: Model | None
) -> M | None:
    """Mark the response submitted, and its link (day precision), once however often; None
    when it has lost its key (closed)."""
    locked: Any = locking(responses, response).first()
    if locked is None:
        return None
    if not locked.submitted:
        locked.submitted = True
        locked.save(update_fields=["submitted"])
        if link is not None:
            links.filter(pk=link.pk, submitted_on__isnull=True).update(
                submitted_on=timezone.localdate()
            )
    return locked  # type: ignore[no-any-return]


def set_language(link: Model | None, response: Model | None, language: str) -> None:
    """The respondent's language: with the link before the first answer (switching is not
    taking part, so it makes no response), with the response after."""
    row = response if response is not None else link
    if language not in LANGUAGES or row is None:
        return
    type(row)._default_manager.filter(pk=row.pk).update(language=language)
    row.language = language  # type: ignore[attr-defined]

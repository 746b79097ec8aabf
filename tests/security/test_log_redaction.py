"""Respondent tokens never reach a log line: django.request, django.server, django.security."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from support import english_client

from partnerscan.core.logging import RedactTokens, redact

from .conftest import World

pytestmark = pytest.mark.django_db

TOKEN = "Zq3vX8yW1bC5dE7fG9hJ2kL4mN6pQ8rS"


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """What the configured handlers of the 'django' loggers write."""
    stream = io.StringIO()
    handlers = [
        handler
        for name in ("django", "django.server")
        for handler in logging.getLogger(name).handlers
        if any(isinstance(f, RedactTokens) for f in handler.filters)
    ]
    assert len(handlers) == 2
    old = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


@pytest.mark.parametrize(
    ("line", "logged_as"),
    [
        (f"Not Found: /r/{TOKEN}/", "Not Found: /r/[token]/"),
        (f"GET /r/open/{TOKEN}/ HTTP/1.1", "GET /r/open/[token]/ HTTP/1.1"),
        (f"/r/{TOKEN}/c/strategy/?x=1", "/r/[token]/c/strategy/?x=1"),
        (f"Not Found: /accounts/join/{TOKEN}/", "Not Found: /accounts/join/[token]/"),
        (f"POST /p/{TOKEN}/save/ HTTP/1.1", "POST /p/[token]/save/ HTTP/1.1"),
        ("/assessments/3/results/", "/assessments/3/results/"),
        ("/assessments/3/partners/", "/assessments/3/partners/"),
    ],
)
def test_redact_replaces_the_token_and_keeps_the_rest(line: str, logged_as: str) -> None:
    assert redact(line) == logged_as


def test_a_refused_request_is_logged_without_its_token(world: World, logged: io.StringIO) -> None:
    token = world.a.token
    assert english_client().get(f"/r/{token}/save/").status_code == 405  # Django logs this
    assert logged.getvalue() == "Method Not Allowed (GET): /r/[token]/save/\n"


def test_server_and_security_records_are_redacted(logged: io.StringIO) -> None:
    logging.getLogger("django.server").info('"%s" %s %s', f"GET /r/{TOKEN}/ HTTP/1.1", 200, 512)
    logging.getLogger("django.security.csrf").warning("Forbidden (CSRF): /r/%s/submit/", TOKEN)
    text = logged.getvalue()
    assert TOKEN not in text
    assert "GET /r/[token]/ HTTP/1.1" in text and "Forbidden (CSRF): /r/[token]/submit/" in text

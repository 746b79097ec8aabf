"""Guessing tokens and guessing passwords are limited per network, each in its own bucket."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from support import PASSWORD, english_client

from partnerscan.core import ratelimit

from .conftest import World

pytestmark = pytest.mark.django_db

GUESS = "guessed-token-that-does-not-exist-0000"


def guess_tokens(client: Client, times: int) -> list[int]:
    return [client.get(f"/r/{GUESS}{n:04d}/").status_code for n in range(times)]


def log_in(client: Client, email: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": email, "password": password}).status_code


def test_guessing_tokens_hits_the_limit_and_then_unknown_tokens_are_refused(
    world: World,
) -> None:
    client = english_client()
    assert guess_tokens(client, 30) == [404] * 30
    refused = client.get(f"/r/{GUESS}9999/")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 600
    # The open link and the autosave are token look-ups too.
    assert client.get(f"/r/open/{GUESS}9999/").status_code == 429
    assert client.post(f"/r/{GUESS}9999/save/", {}).status_code == 429


def test_guessing_tokens_does_not_lock_the_log_in(world: World) -> None:
    client = english_client()
    guess_tokens(client, 40)
    assert log_in(client, world.a.owner.email, PASSWORD) == 302


def test_failed_log_ins_lock_the_account_with_a_clear_message(world: World) -> None:
    client = english_client()
    assert [log_in(client, world.a.owner.email, "wrong") for _ in range(10)] == [200] * 10
    locked = client.post(
        "/accounts/login/", {"username": world.a.owner.email, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert (
        "Too many failed log-ins with this e-mail address. Try again in 15 minutes, "
        "or reset your password."
    ) in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_address_cannot_log_in_through_the_admin_either(world: World) -> None:
    client = english_client()
    for _ in range(10):
        log_in(client, world.a.owner.email, "wrong")
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username=world.a.owner.email, password=PASSWORD) is None


def test_failed_log_ins_do_not_block_respondents(world: World) -> None:
    client = english_client()
    for _ in range(15):
        log_in(client, world.a.owner.email, "wrong")
    assert client.get(f"/r/{world.a.token}/").status_code == 200


def test_limits_count_per_address(world: World) -> None:
    guesser, other = english_client(), Client(REMOTE_ADDR="192.0.2.7")
    guess_tokens(guesser, 30)
    assert guesser.get(f"/r/{GUESS}9999/").status_code == 429
    assert other.get(f"/r/{GUESS}9999/").status_code == 404


def test_the_lock_ends_with_its_window(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    client = english_client()
    guess_tokens(client, 30)
    later = time.time() + 601
    monkeypatch.setattr(ratelimit.time, "time", lambda: later)
    assert client.get(f"/r/{GUESS}9999/").status_code == 404


@pytest.mark.parametrize(
    ("trusted", "forwarded", "address"),
    [
        ("", "198.51.100.1", "127.0.0.1"),  # no proxy configured: the header is anyone's claim
        ("10.0.0.2", "198.51.100.1", "127.0.0.1"),  # not from the proxy: ignored
        ("127.0.0.1", "203.0.113.9, 198.51.100.1", "198.51.100.1"),  # the proxy's own entry
    ],
)
def test_x_forwarded_for_counts_only_from_the_trusted_proxy(
    settings: Any, trusted: str, forwarded: str, address: str
) -> None:
    settings.TRUSTED_PROXY = trusted
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == address

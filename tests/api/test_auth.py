"""Who a token lets in: only a usable token of a current member, only to its organisation, and
only so often."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Membership
from partnerscan.api import domain
from partnerscan.api.models import ApiToken

from .conftest import World, api, token_for

pytestmark = pytest.mark.django_db

UNAUTHORISED = {
    "detail": "A usable API token is needed: Authorization: Bearer psk_… (docs/api.md)."
}
NOT_FOUND = {"detail": "Not found."}


def assert_unauthorised(client: Client, url: str = "/api/v1/organisations/") -> None:
    got = client.get(url)
    assert (got.status_code, got.json(), got["WWW-Authenticate"]) == (
        401,
        UNAUTHORISED,
        'Bearer realm="partnerscan"',
    )


def test_no_token_an_unknown_one_or_another_scheme_is_a_401(world: World) -> None:
    """Dutch unless the client asks for English, as every page."""
    got = Client().get("/api/v1/organisations/")
    assert got.json()["detail"].startswith("Er is een geldig API-token nodig")
    token = token_for(world.a.owner, world.a.organisation)
    assert_unauthorised(Client(HTTP_ACCEPT_LANGUAGE="en"))
    assert_unauthorised(api("psk_" + "A" * 32))
    assert_unauthorised(api("not-even-a-token"))
    assert_unauthorised(Client(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_ACCEPT_LANGUAGE="en"))
    assert_unauthorised(Client(HTTP_AUTHORIZATION=token, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_session_is_not_a_token(world: World) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.a.owner)
    assert_unauthorised(client)


def test_a_revoked_token_is_a_401(world: World) -> None:
    issued = domain.create_token(world.a.owner, world.a.organisation, "BI", "read", 30)
    assert api(issued.token).get("/api/v1/organisations/").status_code == 200
    domain.revoke_token(issued.api_token, world.a.owner)
    assert_unauthorised(api(issued.token))


def test_an_expired_token_is_a_401(world: World) -> None:
    issued = domain.create_token(world.a.owner, world.a.organisation, "BI", "read", 30)
    past = timezone.now() - dt.timedelta(seconds=1)
    ApiToken.objects.filter(pk=issued.api_token.pk).update(expires=past)
    assert_unauthorised(api(issued.token))


def test_a_token_of_someone_who_left_the_organisation_is_a_401(world: World) -> None:
    token = token_for(world.a.viewer, world.a.organisation)
    membership = Membership.objects.get(user=world.a.viewer, organisation=world.a.organisation)
    accounts_domain.remove_member(membership, by=world.a.owner)
    assert_unauthorised(api(token))


def test_a_token_of_a_deactivated_account_is_a_401(world: World) -> None:
    token = token_for(world.a.viewer, world.a.organisation)
    world.a.viewer.is_active = False
    world.a.viewer.save(update_fields=["is_active"])
    assert_unauthorised(api(token))


def test_a_token_never_reaches_another_organisation_of_its_user(world: World) -> None:
    """Alice owns org A and is made a member of org B: her org A token still sees only A."""
    accounts_domain.add_member(world.b.organisation, world.a.owner.email, "owner")
    client = api(token_for(world.a.owner, world.a.organisation))
    b, closed_b = world.b.organisation.pk, world.b.closed.pk
    for url in (
        f"/api/v1/organisations/{b}/",
        f"/api/v1/organisations/{b}/members/",
        f"/api/v1/assessments/{closed_b}/",
        f"/api/v1/assessments/{closed_b}/results/",
        f"/api/v1/assessments/{closed_b}/plan/",
    ):
        got = client.get(url)
        assert (url, got.status_code, got.json()) == (url, 404, NOT_FOUND)
    listed = client.get("/api/v1/assessments/").json()
    assert {a["id"] for a in listed} == {world.a.closed.pk, world.a.open.pk}
    assert [o["id"] for o in client.get("/api/v1/organisations/").json()] == [
        world.a.organisation.pk
    ]


def test_past_its_budget_a_token_gets_a_429_with_retry_after(world: World, settings: Any) -> None:
    settings.RATE_LIMIT_API = (3, 60)
    client = api(token_for(world.a.viewer, world.a.organisation))
    assert [client.get("/api/v1/organisations/").status_code for _ in range(3)] == [200] * 3
    got = client.get("/api/v1/organisations/")
    assert got.status_code == 429
    assert 0 < int(got["Retry-After"]) <= 60
    assert got.json()["detail"].startswith("Too many requests. Try again in ")
    # Another token of the same user has its own budget.
    assert (
        api(token_for(world.a.viewer, world.a.organisation))
        .get("/api/v1/organisations/")
        .status_code
        == 200
    )


def test_guessing_tokens_is_limited_per_network(world: World, settings: Any) -> None:
    settings.RATE_LIMIT_TOKENS = (3, 600)
    guesser = api("psk_" + "B" * 32)
    assert [guesser.get("/api/v1/organisations/").status_code for _ in range(3)] == [401] * 3
    got = guesser.get("/api/v1/organisations/")
    assert got.status_code == 429
    assert int(got["Retry-After"]) > 0


def test_an_expired_or_revoked_token_never_locks_its_network_out(
    world: World, settings: Any
) -> None:
    """A forgotten client that keeps sending its old token is told 401, every time, and the
    network's other clients go on working."""
    settings.RATE_LIMIT_TOKENS = (3, 600)
    issued = domain.create_token(world.a.owner, world.a.organisation, "Old BI", "read", 30)
    domain.revoke_token(issued.api_token, world.a.owner)
    old = api(issued.token)
    assert [old.get("/api/v1/organisations/").status_code for _ in range(5)] == [401] * 5
    fresh = api(token_for(world.a.viewer, world.a.organisation))
    assert fresh.get("/api/v1/organisations/").status_code == 200

"""API tokens: made for an organisation the user belongs to, shown once, stored as a hash,
listed with their last use, revoked; each change in the organisation's audit log."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from support import logged_in, text_of

from partnerscan.api import domain
from partnerscan.api.models import ApiToken
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.core.errors import DomainError

from .conftest import World, api

pytestmark = pytest.mark.django_db


def test_a_token_is_prefixed_random_and_stored_only_as_its_hash(world: World) -> None:
    issued = domain.create_token(world.a.viewer, world.a.organisation, "Power BI", "read", 90)
    token, row = issued.token, ApiToken.objects.get()
    assert token.startswith("psk_") and len(token) == 4 + 32
    assert row.token_hash == hashlib.sha256(b"api-token:" + token.encode()).hexdigest()
    assert row.prefix == token[:8]
    stored = [str(getattr(row, f.attname)) for f in ApiToken._meta.fields]
    assert not any(token in value or token[8:] in value for value in stored)
    assert (row.user, row.organisation, row.name, row.scope) == (
        world.a.viewer,
        world.a.organisation,
        "Power BI",
        "read",
    )
    expected = timezone.now() + dt.timedelta(days=90)
    assert abs(row.expires - expected) < dt.timedelta(minutes=1)
    other = domain.create_token(world.a.viewer, world.a.organisation, "Power BI", "read", 90)
    assert other.token != token


@pytest.mark.parametrize(
    ("days", "scope", "name", "message"),
    [
        (0, "read", "BI", "Expires: choose between 1 and 365 days."),
        (366, "read", "BI", "Expires: choose between 1 and 365 days."),
        (30, "admin", "BI", "Access: choose read, or read and write."),
        (30, "read", "  ", "Name: give the token a name, such as the system that will use it."),
        (30, "write", "BI", "Access: only owners and editors can make a token that writes."),
    ],
)
def test_a_token_needs_a_name_a_scope_the_role_allows_and_an_expiry_within_a_year(
    world: World, days: int, scope: str, name: str, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        domain.create_token(world.a.viewer, world.a.organisation, name, scope, days)
    assert ApiToken.objects.count() == 0


def test_only_a_member_makes_a_token_for_an_organisation(world: World) -> None:
    with pytest.raises(DomainError, match="You are not a member of this organisation."):
        domain.create_token(world.a.owner, world.b.organisation, "BI", "read", 30)


def test_editors_and_owners_may_make_write_tokens(world: World) -> None:
    for user in (world.a.owner, world.a.editor):
        domain.create_token(user, world.a.organisation, "CRM", "write", 30)
    assert ApiToken.objects.filter(scope="write").count() == 2


def test_making_and_revoking_are_audited_in_both_languages(world: World) -> None:
    issued = domain.create_token(world.a.viewer, world.a.organisation, "BI", "read", 30)
    domain.revoke_token(issued.api_token, world.a.viewer)
    domain.revoke_token(issued.api_token, world.a.viewer)  # again: nothing more happens
    made, revoked = AuditEvent.objects.order_by("created", "id").filter(
        action__in=(Event.API_TOKEN_CREATED, Event.API_TOKEN_REVOKED)
    )
    pk, day = issued.api_token.pk, timezone.localdate(issued.api_token.expires).isoformat()
    assert (made.user, made.organisation, revoked.user) == (
        world.a.viewer,
        world.a.organisation,
        world.a.viewer,
    )
    assert made.sentence == f"API token {pk}, access: read, valid until {day}"
    assert revoked.sentence == f"API token {pk}"
    with translation.override("nl"):
        assert made.sentence == f"API-token {pk}, toegang: lezen, geldig tot {day}"
        assert str(Event(made.action).label) == "heeft een API-token gemaakt"
        assert str(Event(revoked.action).label) == "heeft een API-token ingetrokken"


def test_the_last_use_is_noted_to_the_minute(world: World) -> None:
    issued = domain.create_token(world.a.viewer, world.a.organisation, "BI", "read", 30)
    assert issued.api_token.last_used is None
    api(issued.token).get("/api/v1/organisations/")
    first = ApiToken.objects.get().last_used
    assert first is not None and timezone.now() - first < dt.timedelta(seconds=10)
    api(issued.token).get("/api/v1/organisations/")
    assert ApiToken.objects.get().last_used == first  # within the minute: no new write
    earlier = first - dt.timedelta(minutes=2)
    ApiToken.objects.update(last_used=earlier)
    api(issued.token).get("/api/v1/organisations/")
    assert ApiToken.objects.get().last_used > earlier


# The page ---------------------------------------------------------------------------------


def test_the_page_offers_only_the_users_organisations(world: World) -> None:
    page = logged_in(world.a.viewer).get("/account/api-tokens/")
    assert page.status_code == 200
    options = page.context["form"].fields["organisation"].choices
    assert options == [(world.a.organisation.pk, "Org A")]


def test_the_page_shows_a_new_token_once(world: World) -> None:
    client = logged_in(world.a.viewer)
    made = client.post(
        "/account/api-tokens/",
        {"name": "Power BI", "organisation": world.a.organisation.pk, "scope": "read", "days": 90},
    )
    token = made.context["issued"].token
    assert token.startswith("psk_") and token in made.content.decode()
    assert "Copy it now: it is shown only this once." in text_of(made.content)
    listed = client.get("/account/api-tokens/")
    text = text_of(listed.content)
    assert token not in listed.content.decode()
    assert "Power BI" in text and f"{token[:8]}…" in text and "never" in text


def test_the_page_refuses_an_organisation_the_user_is_not_in(world: World) -> None:
    client = logged_in(world.a.viewer)
    made = client.post(
        "/account/api-tokens/",
        {"name": "BI", "organisation": world.b.organisation.pk, "scope": "read", "days": 90},
    )
    assert made.context["issued"] is None
    assert "organisation" in made.context["form"].errors
    assert ApiToken.objects.count() == 0


def test_a_viewer_asking_for_a_write_token_is_told_why(world: World) -> None:
    made = logged_in(world.a.viewer).post(
        "/account/api-tokens/",
        {"name": "BI", "organisation": world.a.organisation.pk, "scope": "write", "days": 90},
    )
    assert "only owners and editors can make a token that writes" in text_of(made.content)
    assert ApiToken.objects.count() == 0


def test_revoking_on_the_page_stops_the_token(world: World) -> None:
    issued = domain.create_token(world.a.viewer, world.a.organisation, "BI", "read", 30)
    client = logged_in(world.a.viewer)
    done = client.post(f"/account/api-tokens/{issued.api_token.pk}/revoke/", follow=True)
    assert "The token “BI” is revoked." in text_of(done.content)
    assert ApiToken.objects.get().revoked is not None
    assert api(issued.token).get("/api/v1/organisations/").status_code == 401


def test_nobody_else_revokes_a_token(world: World) -> None:
    issued = domain.create_token(world.a.viewer, world.a.organisation, "BI", "read", 30)
    url = f"/account/api-tokens/{issued.api_token.pk}/revoke/"
    for user in (world.a.owner, world.b.owner):
        assert logged_in(user).post(url).status_code == 404
    assert logged_in(world.a.viewer).get(url).status_code == 405
    assert ApiToken.objects.get().revoked is None


def test_the_menu_links_to_the_token_page(world: World) -> None:
    page = logged_in(world.a.viewer).get("/orgs/")
    assert 'href="/account/api-tokens/"' in page.content.decode()


def test_the_page_asks_the_same_queries_however_many_tokens(world: World) -> None:
    client = logged_in(world.a.owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/account/api-tokens/").status_code == 200
        return len(captured)

    domain.create_token(world.a.owner, world.a.organisation, "One", "read", 30)
    before = count()
    for name in ("Two", "Three", "Four"):
        domain.create_token(world.a.owner, world.a.organisation, name, "write", 30)
    assert count() == before

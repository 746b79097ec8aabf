"""Fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from support import PASSWORD, logged_in

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The cache table of the DatabaseCache (rate limits), as `make install` makes it."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Personas: alice owns org A, bob views org A, charlie owns org B — the could-leak tenant.
@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice@example.org", PASSWORD, name="Alice")


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user("bob@example.org", PASSWORD, name="Bob")


@pytest.fixture
def charlie(db: None) -> User:
    return User.objects.create_user("charlie@example.org", PASSWORD, name="Charlie")


@pytest.fixture
def org_a(alice: User, bob: User) -> Organisation:
    organisation = accounts_domain.create_organisation(
        alice, "Org A", departments=["Policy", "Operations"]
    )
    accounts_domain.add_member(organisation, bob.email, "viewer")
    return organisation


@pytest.fixture
def org_b(charlie: User) -> Organisation:
    return accounts_domain.create_organisation(charlie, "Org B")


@pytest.fixture
def as_alice(alice: User) -> Client:
    return logged_in(alice)


@pytest.fixture
def as_bob(bob: User) -> Client:
    return logged_in(bob)


@pytest.fixture
def as_charlie(charlie: User) -> Client:
    return logged_in(charlie)


@pytest.fixture(autouse=True)
def _close_browser_contexts(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a browser test, close every page it opened: a page left open keeps polling the
    live server (a workshop's screens poll every second) from the shared Chromium while later
    tests run, and its requests fail there and count in their measurements."""
    browser = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    yield
    if browser is not None:
        for context in list(browser.contexts):
            context.close()

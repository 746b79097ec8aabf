"""Fixtures and page helpers of the end-to-end tests.

They drive the shared `browser` of tests/browser_support.py against pytest-django's
`live_server`, so every test needs `django_db(transaction=True)`: the server's thread sees
only committed data.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import browser  # noqa: F401 - the browser tests here drive it
from django.conf import settings as django_settings
from playwright.sync_api import Browser, BrowserContext, Page, expect

from partnerscan.accounts.models import User
from partnerscan.capability.loader import get_model
from partnerscan.demo.management.commands.load_demo import CONSULTANT, PASSWORD

# The questionnaire's autosave is done when no htmx request is in flight and every aspect's
# status line says its last answer arrived (respond.js sets data-state).
SAVES_DONE = """() =>
    document.querySelectorAll('.htmx-request').length === 0
    && [...document.querySelectorAll('.q-status')].every(s => s.dataset.state === 'saved')"""


@pytest.fixture(autouse=True)
def links_to_live_server(settings: Any, live_server: Any) -> None:
    """The invitations page prints links under SITE_URL; let them point at the test server."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def consultant(transactional_db: None) -> User:
    """The demo consultant of `load_demo`, without the demo's organisation."""
    return User.objects.create_user(CONSULTANT, PASSWORD, name="Demo Consultant")


def new_context(chromium: Browser, base_url: str, lang: str = "nl") -> BrowserContext:
    """A fresh browser (no cookies) that prefers `lang`, like a first-time visitor."""
    context = chromium.new_context(
        base_url=base_url,
        locale="nl-NL" if lang == "nl" else "en-GB",
        viewport={"width": 1280, "height": 900},
    )
    context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base_url}]
    )
    return context


def log_in(page: Page, email: str = CONSULTANT, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main form input[name=password]")).to_have_count(0)


def wait_for_saves(page: Page) -> None:
    page.wait_for_function(SAVES_DONE)


def aspect_ids() -> list[str]:
    return [aspect.id for aspect in get_model().aspects]

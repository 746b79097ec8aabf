"""Fixtures for the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Playwright, sync_playwright
from system_tools import require

# The sync Playwright API runs an event loop in the test's thread; Django would otherwise
# refuse the test's own ORM calls as "called from an async context".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The cache table of the DatabaseCache (rate limits), as `make install` makes it."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


# One Playwright driver for the whole run: two sync drivers alive at once clash in one thread.
@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = require("chromium")
    chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()

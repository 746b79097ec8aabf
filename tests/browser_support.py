"""The browser that the browser tests drive: one Playwright driver and one Chromium per run.

Only the conftests of packages with browser tests import these fixtures, so the rest of the
suite never starts Playwright. Each importing conftest gets its own copy of the session
fixtures; they share one driver, because two sync drivers alive at once clash in one thread.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright
from support import require

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class SharedChromium:
    """Started by the first fixture that needs it, stopped when the last one lets go."""

    def __init__(self) -> None:
        self.users = 0
        self.driver: Playwright | None = None
        self.browser: Browser | None = None

    def acquire(self) -> Browser:
        if self.browser is None:
            # The sync API runs an event loop in the test's thread; Django would otherwise
            # refuse the test's own ORM calls as "called from an async context".
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            executable = require("chromium")
            self.driver = sync_playwright().start()
            self.browser = self.driver.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
        self.users += 1
        return self.browser

    def release(self) -> None:
        self.users -= 1
        if self.users == 0 and self.driver is not None and self.browser is not None:
            self.browser.close()
            self.driver.stop()
            self.driver = self.browser = None


CHROMIUM = SharedChromium()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    yield CHROMIUM.acquire()
    CHROMIUM.release()

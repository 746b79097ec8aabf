"""The browser tests drive the one shared Chromium of tests/browser_support.py."""

from browser_support import browser  # noqa: F401 - the tests here drive it

"""The research pages are also checked in a real browser."""

from browser_support import browser  # noqa: F401 - test_research_browser.py drives it

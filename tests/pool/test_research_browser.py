"""The research page passes axe in both languages, with its tables and downloads showing."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser

from partnerscan.accounts.models import User

from .test_research import (  # noqa: F401 - the fixtures apply here too
    PASSWORD,
    closed_round,
    english,
    mini_model,
    organisation,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_no_violations_on_the_research_page(
    live_server: Any, browser: Browser, lang: str
) -> None:
    for i in range(5):
        closed_round(organisation(f"Pool {i}"), 4)
    researcher = User.objects.create_superuser("rita@example.org", PASSWORD)
    client = Client()
    client.force_login(researcher)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in (
                (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
                (settings.LANGUAGE_COOKIE_NAME, lang),
            )
        ]
    )
    page = context.new_page()
    response = page.goto("/research/")
    assert response is not None and response.status == 200
    assert page.locator("table.reliability").count() == 1
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()

"""A member makes a token in the browser, a script uses it over HTTP, the member revokes it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import browser  # noqa: F401 - the test drives it
from playwright.sync_api import Browser, expect
from support import PASSWORD

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User


def read(url: str, token: str) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the test server
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_token_made_on_the_page_reads_the_api_until_it_is_revoked(
    live_server: Any,
    browser: Browser,  # noqa: F811 - the fixture imported above
) -> None:
    user = User.objects.create_user("kim@example.org", PASSWORD, name="Kim")
    organisation = accounts_domain.create_organisation(user, "Gemeente Oost")
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Power BI")
    page.get_by_role("button", name="Make the token").click()
    shown = page.get_by_label("Copy it now: it is shown only this once.")
    token = shown.input_value()
    assert token.startswith("psk_")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    url = f"{live_server.url}/api/v1/organisations/"
    assert read(url, token) == (
        200,
        [
            {
                "id": organisation.pk,
                "name": "Gemeente Oost",
                "sector": "",
                "size": "",
                "departments": [],
            }
        ],
    )

    page.goto("/account/api-tokens/")
    expect(page.get_by_label("Copy it now: it is shown only this once.")).to_have_count(0)
    assert token not in page.content()
    page.get_by_role("button", name="Revoke Power BI").click()
    expect(page.get_by_text("The token “Power BI” is revoked.")).to_be_visible()
    assert read(url, token)[0] == 401
    context.close()

"""In a real browser: the log-in page's button, the provider's own pages, and back in
partnerscan, signed in."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Browser, expect
from support import PASSWORD

from partnerscan.accounts import domain as accounts
from partnerscan.accounts.models import User

from .provider.people import PASSWORD as PROVIDER_PASSWORD
from .provider.people import SAM


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_logs_in_through_the_provider(
    browser: Browser, live_server: object, sso: str
) -> None:
    sam = User.objects.create_user(SAM.email, PASSWORD)
    accounts.create_organisation(sam, "Sam's Partnership Office")
    # The provider accepts its loopback redirect URI on any port, by address, not by name.
    base = str(live_server).replace("localhost", "127.0.0.1")
    context = browser.new_context(base_url=base, locale="en-GB")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    page = context.new_page()

    page.goto("/accounts/login/?next=/orgs/")
    results = Axe().run(page)  # the button beside the password form keeps the page accessible
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="Log in with Test IdP").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill(SAM.username)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.get_by_role("button", name="Authorize").click()

    expect(page).to_have_url(f"{base}/orgs/")
    expect(page.locator("main")).to_contain_text("Sam's Partnership Office")
    context.close()

"""A partner's respondent on a phone: answers the health check with the keyboard alone, sees
each answer saved, and submits; axe finds nothing on the statements page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from partnerscan.accounts.models import Organisation
from partnerscan.portfolio import domain, health
from partnerscan.portfolio.models import HealthAnswer, HealthResponse

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_answers_on_a_phone_with_the_keyboard_and_submits(
    live_server: Any, browser: Browser
) -> None:
    organisation = Organisation.objects.create(name="Zorggroep Noord")
    partner = domain.create_partner(organisation, None, "Gemeente Oost")
    care = domain.create_partnership(
        organisation,
        None,
        name="Zorgketen",
        partners=[partner],
        challenge_type="chain",
        goal="Kortere wachtlijsten",
    )
    check = health.start_health_check(care, None)
    (token,) = health.create_health_links(check, None, "partner", 1, "nl")

    phone = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = phone.new_page()
    page.goto(f"{live_server.url}/h/{token}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name="Beginnen").click()
    expect(page).to_have_url(re.compile("/questions/$"))
    promised = page.get_by_role("group", name=re.compile("De andere organisatie maakt"))
    expect(promised).to_be_visible()

    # Tab into the first radio group, arrows move and choose within it: 1 → 3.
    first = page.locator("#goal-clear-1")
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#goal-clear-3")).to_be_checked()
    expect(page.locator("#status-goal-clear")).to_have_text(re.compile("Opgeslagen"))
    page.locator("#commit-promised-dk").focus()
    page.keyboard.press("Space")
    expect(page.locator("#status-commit-promised")).to_have_text(re.compile("Opgeslagen"))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.screenshot(path="/tmp/health-phone-nl.png", full_page=True)

    page.get_by_role("button", name="Opslaan en verder").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/review/$"))
    page.get_by_role("button", name="Mijn antwoorden indienen").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/thanks/$"))
    phone.close()

    response = HealthResponse.objects.get()
    assert (response.side, response.submitted) == ("partner", True)
    assert dict(HealthAnswer.objects.values_list("statement", "value")) == {
        "goal-clear": 3,
        "commit-promised": 9,
    }

"""A phone in a live workshop, in Chromium: join by the typed code, follow the facilitator by
polling, vote and see it confirmed; the projector counts the vote. Every page axe-clean.

The whole session with several phones, dot-voting and the plan is test_workshop_session.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from partner_scenarios import own_round
from playwright.sync_api import Browser, Page, expect
from support import PASSWORD

from partnerscan.accounts import domain as accounts
from partnerscan.accounts.models import User
from partnerscan.workshop import domain
from partnerscan.workshop.models import Rating

PHONE = {"width": 390, "height": 844}
CONTESTED = "internal-alignment"


def level(i: int, aspect: str) -> int:
    return (1 if i % 2 else 5) if aspect == CONTESTED else 3 + i % 2


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_phone_joins_follows_the_facilitator_and_votes(
    live_server: Any, browser: Browser, settings: Any
) -> None:
    settings.SITE_URL = live_server.url
    alice = User.objects.create_user("alice@example.org", PASSWORD, name="Alice")
    organisation = accounts.create_organisation(alice, "Org A")
    workshop = domain.start_workshop(own_round(organisation, alice, level), alice, "Room 4")
    domain.go_live(workshop, alice)

    phone = browser.new_context(viewport=PHONE, locale="en-GB", base_url=live_server.url)
    page = phone.new_page()
    page.goto("/w/?lang=en")
    assert_no_violations(page)
    page.get_by_label("Code").fill(workshop.code.lower())
    page.get_by_role("button", name="Join").click()
    status = page.locator("#live-status")
    expect(status).to_have_text("Waiting for the facilitator.")
    assert_no_violations(page)

    ballot = domain.open_ballot(workshop.items.get(aspect=CONTESTED), alice)
    expect(status).to_have_text("Vote 1 is open: Internal alignment per partner.", timeout=3000)
    assert_no_violations(page)
    now = page.get_by_role("group", name=re.compile("^Where are we now"))
    now.get_by_role("radio", name=re.compile(r"^3 Organised For key partners")).check()
    wanted = page.get_by_role("group", name=re.compile("^Where do we want to be"))
    wanted.get_by_role("radio", name="4 Integrated", exact=True).check()
    page.get_by_role("button", name="Vote").click()
    expect(page.locator("#vote-status")).to_have_text(
        "Your vote: 3, Organised; ambition 4, Integrated. You can change it until the vote closes."
    )
    assert list(Rating.objects.values_list("current", "ambition")) == [(3, 4)]

    screen = browser.new_context(locale="en-GB", base_url=live_server.url).new_page()
    screen.goto("/accounts/login/")
    screen.fill("input[name=username]", alice.email)
    screen.fill("input[name=password]", PASSWORD)
    screen.locator("main form button[type=submit]").click()
    screen.goto(f"/workshops/{workshop.pk}/projector/")
    expect(screen.locator("#ws-stage")).to_contain_text("1 vote so far.")
    assert_no_violations(screen)

    domain.close_ballot(ballot, alice)
    closed = "The vote on Internal alignment per partner is closed."
    expect(status).to_have_text(closed, timeout=3000)
    expect(screen.locator("#ws-stage")).to_contain_text("Vote 1 is closed. 1 vote.", timeout=3000)
    phone.close()

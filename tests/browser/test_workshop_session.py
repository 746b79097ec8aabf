"""A whole workshop in Chromium (issue 17's "done when"): a facilitator and five phones — one
on a phone's viewport, one in English — join by the code, re-rate two contested aspects in
hidden votes that are then revealed, agree on levels, spread their dots over five candidate
actions, and the top two become plan entries that the plan page and the PDF show.

Lean on purpose: one browser, six contexts, every step through the pages the people in the
room use; the facilitator's own clicks redirect back to the control page.
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from partner_scenarios import own_round
from playwright.sync_api import Browser, BrowserContext, Page, expect
from support import PASSWORD, require

from partnerscan.accounts import domain as accounts
from partnerscan.accounts.models import User
from partnerscan.plans.models import Action
from partnerscan.workshop import domain

PHONE = {"width": 390, "height": 844}
CONTESTED = ("goals", "internal-alignment")  # colleagues split 1 or 5: views differ
AGREED = {"goals": "4", "internal-alignment": "3"}
# Dots per phone, by position on the list: three leads' next steps, then the facilitator's
# action and the one a participant suggests; those two win with 6 and 5 dots.
DOTS = [(3, 3, 4), (3, 4, 0), (4, 3, 1), (3, 4, 2), (4, 3, 0)]


def level(i: int, aspect: str) -> int:
    return (1 if i % 2 else 5) if aspect in CONTESTED else 3 + i % 2


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def join(browser: Browser, url: str, code: str, i: int) -> Page:
    """Phone i: the first on a phone's viewport, the second in English, the rest in Dutch."""
    lang = "en" if i == 1 else "nl"
    options: dict[str, Any] = {"locale": "en-GB" if lang == "en" else "nl-NL", "base_url": url}
    if i == 0:
        options["viewport"] = PHONE
    page = browser.new_context(**options).new_page()
    page.goto(f"/w/?lang={lang}")
    page.get_by_label("Code").fill(code.lower())
    page.locator("form.ws-join-form button[type=submit]").click()
    expect(page.locator("#live-status")).not_to_be_empty()
    return page


def facilitator(browser: Browser, url: str, alice: User) -> Page:
    page = browser.new_context(locale="en-GB", base_url=url).new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", alice.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    return page


def rerate(control: Page, screen: Page, phones: list[Page], aspect: str, item: int) -> None:
    """One hidden vote on an item: open, every phone votes, closed, revealed, agreed."""
    at = control.locator(f"#i{item}")
    at.get_by_role("button", name="Open the vote").click()
    for i, phone in enumerate(phones):
        expect(phone.locator("form.ws-vote")).to_be_visible(timeout=3000)
        phone.locator(f"#current-{2 + i % 3}").check()
        phone.locator("form.ws-vote button[type=submit]").click()
        expect(phone.locator("#vote-status")).not_to_be_empty()
    expect(screen.locator("#ws-stage")).to_contain_text("5 votes so far.", timeout=3000)
    expect(screen.locator("#ws-stage")).not_to_contain_text("n = 5")
    control.locator(f"#i{item}").get_by_role("button", name="Close vote 1").click()
    control.locator(f"#i{item}").get_by_role("button", name="Reveal vote 1").click()
    expect(screen.locator("#ws-stage")).to_contain_text("n = 5", timeout=3000)
    at = control.locator(f"#i{item}")
    at.locator("select[name=level]").select_option(AGREED[aspect])
    at.locator("form.ws-agreement button[type=submit]").click()


def place_dots(phone: Page, picks: tuple[int, ...], left: re.Pattern[str]) -> None:
    items = phone.locator(".ws-dot-item")
    expect(items).to_have_count(5, timeout=3000)
    for n, pick in enumerate(picks, start=1):
        items.nth(pick).locator("button[value=add]").click()
        expect(phone.locator("#dots-left")).to_have_text(re.compile(left.pattern % (3 - n)))


def pdf_text(context: BrowserContext, href: str) -> str:
    pdf = context.request.get(href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    done = subprocess.run(
        [require("pdftotext"), "-raw", "-", "-"], input=pdf.body(), capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_whole_workshop_from_the_code_to_the_plan(
    live_server: Any, browser: Browser, settings: Any
) -> None:
    settings.SITE_URL = url = live_server.url
    alice = User.objects.create_user("alice@example.org", PASSWORD, name="Alice")
    organisation = accounts.create_organisation(alice, "Org A")
    workshop = domain.start_workshop(own_round(organisation, alice, level), alice, "Room 4")
    items = {item.aspect: item.pk for item in workshop.items.all()}
    assert set(CONTESTED) <= set(items)

    control = facilitator(browser, url, alice)
    control.goto(f"/workshops/{workshop.pk}/")
    control.get_by_role("button", name="Go live").click()
    screen = control.context.new_page()
    screen.goto(f"/workshops/{workshop.pk}/projector/")
    phones = [join(browser, url, workshop.code, i) for i in range(5)]
    expect(screen.locator("#ws-stage")).to_contain_text("5 participants joined", timeout=3000)
    expect(phones[1].locator("#live-status")).to_have_text("Waiting for the facilitator.")

    for aspect in CONTESTED:
        rerate(control, screen, phones, aspect, items[aspect])

    control.get_by_role("button", name="Prepare the dot vote").click()
    adding = control.locator("#dots form.ws-add")
    adding.get_by_label("Aspect").select_option("internal-alignment")
    adding.get_by_label("Action").fill("Monthly partner meeting")
    control.get_by_role("button", name="Add to the list").click()
    control.get_by_label("Participants may suggest actions").check()
    control.get_by_role("button", name="Save the dots").click()
    control.get_by_role("button", name="Show the dot vote on the screens").click()
    english = phones[1]
    expect(english.locator("#live-status")).to_have_text(
        "Suggest actions for the dot vote.", timeout=3000
    )
    english.get_by_label("Aspect").select_option("goals")
    english.get_by_label("Action").fill("Shared partner list")
    english.get_by_role("button", name="Suggest").click()
    expect(english.locator(".ws-anchors li")).to_have_count(5, timeout=3000)

    control.get_by_role("button", name="Open the dot vote").click()
    expect(screen.locator("#ws-stage")).to_contain_text("The dot vote is open.", timeout=3000)
    for i, (phone, picks) in enumerate(zip(phones, DOTS, strict=True)):
        left = r"^%d of 3 dots left$" if i == 1 else r"^Nog %d van de 3 stippen over$"
        place_dots(phone, picks, re.compile(left))
    assert_no_violations(phones[0])
    expect(screen.locator("#ws-stage")).to_contain_text("5 participants placed dots.")
    expect(screen.locator("#ws-stage")).not_to_contain_text("6")

    control.get_by_role("button", name="Close the dot vote").click()
    control.get_by_role("button", name="Reveal the dot vote").click()
    results = screen.locator(".ws-dot-results tbody tr")
    expect(results.first).to_contain_text("Monthly partner meeting", timeout=3000)
    expect(results.first).to_contain_text("6")
    expect(results.nth(1)).to_contain_text("Shared partner list")
    assert_no_violations(screen)
    control.get_by_role("button", name="Put in the plan").click()
    expect(control.locator(".messages, [role=status], .message").first).to_contain_text(
        "2 actions put in the plan."
    )
    expect(control.locator("#dots .ws-tag", has_text="in the plan")).to_have_count(2)
    assert sorted(Action.objects.values_list("description", "target_level")) == [
        ("Monthly partner meeting", 3),
        ("Shared partner list", 4),
    ]

    control.get_by_role("link", name="Open the action plan").click()
    plan = control.locator("main")
    expect(plan).to_contain_text("Monthly partner meeting")
    expect(plan).to_contain_text("Shared partner list")
    text = pdf_text(control.context, f"/assessments/{workshop.assessment_id}/report.pdf?lang=en")
    assert "Monthly partner meeting" in text and "Shared partner list" in text

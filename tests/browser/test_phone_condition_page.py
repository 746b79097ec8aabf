"""A condition page on a phone: half the scroll of the old layout, and still accessible.

The old layout repeated the five anchored level texts under "where do we want to be"; the
new one shows them once per aspect, with "where are we now", and asks the ambition as a row
of numbered radios whose accessible names still say the level.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Answer
from partnerscan.capability.loader import get_model

PHONE = {"width": 390, "height": 844}
SAVED = re.compile("Opgeslagen|Saved")

# The height of every condition page of capability_models/partnership-capability-1.0.yaml in
# the old layout (both level questions with all five anchor texts), in Dutch at 390 × 844 in
# the suite's headless Chromium, before any answer: measured with `heights` below on main
# at commit 2f2c9a4 on 2026-12-01. The tallest, "organisation", was 12359 px (14.6 screens).
OLD_HEIGHTS = {"strategy": 9917, "culture": 12193, "organisation": 12359, "systems": 11925}


def heights(page: Page, link: str) -> dict[str, int]:
    """document.documentElement.scrollHeight of every condition page."""
    measured = {}
    for condition in get_model().conditions:
        page.goto(f"{link}c/{condition.id}/")
        measured[condition.id] = int(page.evaluate("document.documentElement.scrollHeight"))
    return measured


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def ambition_radio(page: Page, aspect: str, name: str) -> Any:
    """The one radio of the aspect's ambition group a screen reader announces as `name`."""
    group = page.locator(f"#a-{aspect} fieldset.q-compact")
    return group.get_by_role("radio", name=name, exact=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_condition_page_on_a_phone_is_at_most_half_the_old_height_and_accessible(
    live_server: Any, browser: Browser
) -> None:
    organisation = Organisation.objects.create(name="Zorggroep Noord")
    assessment = domain.open_assessment(
        domain.create_assessment(organisation, None, title="Partnerscan 2025")
    )
    dutch, english = domain.create_links(assessment, 2, language="nl")
    invitation = domain.find_invitation(english)
    assert invitation is not None
    domain.set_invitation_language(invitation, "en")
    tallest = max(OLD_HEIGHTS, key=lambda c: OLD_HEIGHTS[c])
    first = next(c for c in get_model().conditions if c.id == tallest).aspects[0].id

    phone = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = phone.new_page()
    new = heights(page, f"{live_server.url}/r/{dutch}/")
    print(f"condition page heights at 390 × 844, old {OLD_HEIGHTS}, new {new}")
    assert {c: 2 * h <= OLD_HEIGHTS[c] for c, h in new.items()} == dict.fromkeys(OLD_HEIGHTS, True)
    assert 2 * max(new.values()) <= max(OLD_HEIGHTS.values())

    # The number alone is shown; the level's name is in the accessible name too.
    page.goto(f"{live_server.url}/r/{dutch}/c/{tallest}/")
    radio = ambition_radio(page, first, "3 – Georganiseerd")
    expect(radio).to_have_id(f"{first}-ambition-3")
    label = page.locator(f"label[for='{first}-ambition-3']")
    expect(label).to_have_text("3 – Georganiseerd")
    box = label.bounding_box()
    assert box is not None and min(box["width"], box["height"]) >= 44
    label.click()
    expect(radio).to_be_checked()
    expect(page.locator(f"#status-{first}")).to_have_text(SAVED)
    assert list(Answer.objects.values_list("aspect", "current", "ambition")) == [(first, None, 3)]
    assert_no_violations(page)
    page.screenshot(path="/tmp/phone-nl.png", full_page=True)
    phone.close()

    phone = browser.new_context(viewport=PHONE, locale="en-GB")
    page = phone.new_page()
    page.goto(f"{live_server.url}/r/{english}/c/{tallest}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(ambition_radio(page, first, "5 – Learning and strategic")).to_have_id(
        f"{first}-ambition-5"
    )
    assert_no_violations(page)
    page.screenshot(path="/tmp/phone-en.png", full_page=True)
    phone.close()

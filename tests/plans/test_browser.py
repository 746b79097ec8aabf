"""In a real browser, under the site's CSP: the quick status change works through htmx without
leaving the page, and axe finds nothing on the plan pages in Dutch and English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Browser, Page, expect
from support import PASSWORD

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.plans import domain as plans
from partnerscan.plans.models import Action

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(live_server: Any) -> tuple[User, Action]:
    editor = User.objects.create_user("editor@example.org", PASSWORD, name="Editor")
    organisation = accounts_domain.create_organisation(editor, "Org A")
    assessment = domain.create_assessment(organisation, editor, title="Round 1", min_group=3)
    action = plans.create_action(
        assessment,
        editor,
        aspect="goals",
        description="Agree on three goals.",
        owner="Kim",
        due_on=dt.date(2026, 6, 30),
        target_level=3,
    )
    return editor, action


def opened(browser: Browser, live_server: Any, lang: str) -> Page:
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "editor@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main form input[name=password]")).to_have_count(0)
    return page


def test_the_status_changes_in_place_with_htmx(
    browser: Browser, live_server: Any, scene: tuple[User, Action]
) -> None:
    _editor, action = scene
    page = opened(browser, live_server, "en")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"/assessments/{action.assessment_id}/actions/")
    url = page.url
    page.select_option(f"#id_action_{action.pk}_status", "in_progress")
    page.locator(f"#action-{action.pk} button[type=submit]").click()
    expect(page.locator(f"#saved-{action.pk}")).to_have_text("Saved: in progress")
    assert page.url == url
    action.refresh_from_db()
    assert (action.status, errors) == ("in_progress", [])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_nothing_on_the_plan_pages(
    browser: Browser, live_server: Any, scene: tuple[User, Action], lang: str
) -> None:
    _editor, action = scene
    page = opened(browser, live_server, lang)
    page.goto(f"/assessments/{action.assessment_id}/actions/")
    assert_no_violations(page)
    page.locator(".plan-add button[type=submit]").click()  # no text, no owner: two errors
    expect(page.locator(".message.error li")).to_have_count(2)
    assert_no_violations(page)
    for path in (f"/actions/{action.pk}/edit/", f"/actions/{action.pk}/delete/"):
        page.goto(path)
        assert_no_violations(page)


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

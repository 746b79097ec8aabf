"""The portfolio from end to end in a real browser, as an editor: three partnerships through the
form, ten more from an XLSX file, a health check answered by 3 people on each side of one
partnership and by 3 and 2 on the sides of another, then the partnership pages, the portfolio's
importance × health matrix and the capability dashboard's portfolio facts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from openpyxl import Workbook
from playwright.sync_api import Browser, Locator, Page, expect
from support import PASSWORD

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User
from partnerscan.assessments import domain as rounds
from partnerscan.portfolio import health
from partnerscan.portfolio.health_responding import (
    find_health_invitation,
    save_health_answer,
    start_health_response,
    submit_health_response,
)
from partnerscan.portfolio.models import HealthCheck, Partnership
from tests.reports.conftest import add_responses

from .health_support import STATEMENTS, text_of

FORMED = [("Care chain", "Hospital", "chain", "3"), ("Harbour region", "Port authority",
          "regional", "2"), ("Lab", "University", "innovation", "1")]  # fmt: skip


def answer_by_workflow(token: str, value: str) -> None:
    """A respondent who answers every statement with `value` and submits, as their pages do."""
    invitation = find_health_invitation(token)
    assert invitation is not None
    response = start_health_response(invitation, token)
    for statement in STATEMENTS:
        save_health_answer(response, statement, value)
    submit_health_response(response, invitation)


def register_file(folder: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "partners", "challenge_type", "goal", "phase", "importance"])
    for n in range(10):
        kind = ("chain", "regional", "innovation")[n % 3]
        sheet.append([f"Imported {n}", f"Partner {n % 4}", kind, "Shared goal", "running", 2])
    path = folder / "register.xlsx"
    book.save(path)
    return path


def add_through_the_form(page: Page, org_id: int, name: str, partner: str, kind: str,
                         importance: str) -> None:  # fmt: skip
    page.goto(f"/orgs/{org_id}/portfolio/new/")
    page.fill("#id_name", name)
    page.fill("#id_new_partners", partner)
    page.select_option("#id_challenge_type", kind)
    page.fill("#id_goal", f"What {name} must achieve by 2027")
    page.select_option("#id_importance", importance)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/partnerships/\d+/$"))


def make_links(page: Page, side: str, count: int) -> list[str]:
    """On the partnership page, the tokens of `count` new links for `side`."""
    page.select_option("#id_health_side", side)
    page.fill("#id_health_count", str(count))
    page.select_option("#id_health_language", "en")
    page.get_by_role("button", name="Make links").click()
    links = page.locator("#new-links").input_value().split()
    page.get_by_role("link", name="Back to the partnership").click()
    return [re.search(r"/h/([^/]+)/$", link).group(1) for link in links]  # type: ignore[union-attr]


def first_dimension(results: Locator) -> str:
    """Its name, both sides' mean and n, then ours, the partner's and the difference."""
    return text_of(results.locator("table.health-dimensions tbody tr").first.inner_html().encode())


def close_check(page: Page) -> None:
    page.get_by_role("link", name="Close the check").click()
    page.get_by_role("button", name="Yes, close the check").click()
    expect(page).to_have_url(re.compile(r"/partnerships/\d+/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_registers_imports_checks_health_and_reads_the_portfolio(
    browser: Browser, live_server: Any, tmp_path: Path
) -> None:
    editor = User.objects.create_user("editor@example.org", PASSWORD, name="Editor")
    organisation = accounts_domain.create_organisation(editor, "Org A", departments=["Policy"])
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "editor@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main form input[name=password]")).to_have_count(0)

    for row in FORMED:
        add_through_the_form(page, organisation.pk, *row)
    page.goto(f"/orgs/{organisation.pk}/portfolio/import/")
    page.set_input_files("input[name=file]", str(register_file(tmp_path)))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portfolio/$"))
    expect(page.locator(".messages")).to_contain_text("Imported: 10 new")
    expect(page.get_by_text("partnerships shown")).to_have_text("13 partnerships shown")

    # Care chain: 3 on each side, one partner respondent in the browser.
    care = Partnership.objects.get(name="Care chain")
    page.goto(f"/partnerships/{care.pk}/")
    page.get_by_role("button", name="Start a health check").click()
    for token in make_links(page, "own", 3):
        answer_by_workflow(token, "4")
    in_browser, *others = make_links(page, "partner", 3)
    for token in others:
        answer_by_workflow(token, "4")
    respondent = browser.new_page(base_url=live_server.url)
    respondent.goto(f"/h/{in_browser}/")
    respondent.get_by_role("button", name="Start").click()
    for statement in STATEMENTS:
        respondent.locator(f"#{statement}-5").check()
    respondent.get_by_role("button", name="Save and continue").click()
    respondent.get_by_role("button", name="Submit my answers").click()
    expect(respondent).to_have_url(re.compile("/thanks/$"))
    respondent.close()
    page.reload()
    close_check(page)

    # Lab: 3 of our own, only 2 of the partner's, so no side is shown on its own.
    lab = Partnership.objects.get(name="Lab")
    check = health.start_health_check(lab, editor)
    for side, count in (("own", 3), ("partner", 2)):
        for token in health.create_health_links(check, editor, side, count, "en"):
            answer_by_workflow(token, "2")
    page.goto(f"/partnerships/{lab.pk}/")
    close_check(page)

    checks = {c.partnership.name: c.pk for c in HealthCheck.objects.select_related("partnership")}
    page.goto(f"/partnerships/{care.pk}/")
    care_results = page.locator(f"[data-health-results='{checks['Care chain']}']")
    expect(care_results).to_contain_text("Overall mean of 6 respondents: 4.2 on a scale of 1 to 5.")
    assert first_dimension(care_results) == "Shared goal 4.2 Agree 6 4.0 n=3 4.3 n=3 +0.3"
    page.goto(f"/partnerships/{lab.pk}/")
    lab_results = page.locator(f"[data-health-results='{checks['Lab']}']")
    expect(lab_results).to_contain_text("Each side is shown separately once both sides")
    assert first_dimension(lab_results) == "Shared goal 2.0 Disagree 5 not shown"

    page.goto(f"/orgs/{organisation.pk}/portfolio/")
    rows = page.locator("table.health-matrix tbody tr")
    assert [text_of(row.inner_html().encode()) for row in rows.all()] == [
        "3 critical – – Care chain –",
        "2 important – – – 11 partnerships",
        "1 supporting Lab – – –",
    ]

    scan = rounds.create_assessment(organisation, editor, title="Round 1", min_group=3)
    rounds.open_assessment(scan, by=editor)
    add_responses(scan, 5)
    rounds.close_assessment(scan, by=editor)
    page.goto(f"/assessments/{scan.pk}/dashboard/")
    expect(page.locator("#portfolio-facts")).to_contain_text(
        "1 below 2.5, 0 from 2.5 to 3.5, 1 at 3.5 or higher."
    )
    context.close()

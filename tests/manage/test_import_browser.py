"""In a real browser, under the site's CSP: the job page of an import follows the worker by
itself (htmx polling) and ends on the result."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, expect
from support import PASSWORD

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.imports import run_pending_imports
from partnerscan.assessments.models import Response

from .test_import import GOOD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_job_page_shows_the_result_without_a_reload(
    browser: Browser, live_server: Any, tmp_path: Any
) -> None:
    editor = User.objects.create_user("editor@example.org", PASSWORD, name="Editor")
    organisation = accounts_domain.create_organisation(
        editor, "Org A", departments=["Policy", "Operations"]
    )
    assessment = domain.create_assessment(organisation, editor, title="Round 1", min_group=3)
    upload = tmp_path / "paper.csv"
    upload.write_text(GOOD, encoding="utf-8")
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page = context.new_page()
    errors: list[str] = []  # script errors and CSP refusals (not the missing favicon)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else None)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "editor@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main form input[name=password]")).to_have_count(0)

    page.goto(f"/assessments/{assessment.pk}/import/")
    page.set_input_files("input[name=file]", str(upload))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#import-status")).to_contain_text("Waiting for the worker")
    job_url = page.url
    run_pending_imports()

    expect(page.locator("#import-status")).to_contain_text("Imported: 3 responses.", timeout=15_000)
    assert (page.url, errors) == (job_url, [])
    assert Response.objects.counting().count() == 3

"""Screenshots of the dashboard (Dutch and English, desktop and phone) and of the PDF's pages.

They are saved under /tmp/test-artifacts for a person to look at; the test checks that the
profile chart rendered with a bar for now and for ambition per condition.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from support import PASSWORD, logged_in, require

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment

from .conftest import add_responses

ARTIFACTS = Path("/tmp/test-artifacts")
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_screenshots_show_the_profile_chart(
    live_server: object, browser: Browser, assessment_a: Assessment, bob: User, lang: str
) -> None:
    add_responses(assessment_a, 12, comment="Meer overleg met de scholen, graag.")
    ARTIFACTS.mkdir(exist_ok=True)
    url = str(live_server)
    for name, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies([{"name": "django_language", "value": lang, "url": url}])
        page = context.new_page()
        page.goto(f"{url}/accounts/login/")
        page.fill("input[name=username]", bob.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.goto(f"{url}/assessments/{assessment_a.pk}/dashboard/")
        chart = page.locator("svg.chart.profile")
        expect(chart).to_be_visible()
        assert chart.locator("rect[stroke-width='1']").count() == 2 * 4  # now + ambition
        assert chart.bounding_box()["width"] > 300  # type: ignore[index]
        page.screenshot(path=ARTIFACTS / f"reports-dashboard-{lang}-{name}.png", full_page=True)
        context.close()


@pytest.mark.browser
def test_pdf_pages_render_to_images(assessment_a: Assessment, bob: User, tmp_path: Path) -> None:

    add_responses(assessment_a, 12, comment="Meer overleg met de scholen, graag.")
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("nl", "en"):
        pdf = tmp_path / f"report-{lang}.pdf"
        response = logged_in(bob, lang).get(
            f"/assessments/{assessment_a.pk}/report.pdf?lang={lang}"
        )
        pdf.write_bytes(response.content)
        prefix = ARTIFACTS / f"reports-pdf-{lang}"
        subprocess.run([require("pdftoppm"), "-r", "50", "-png", str(pdf), str(prefix)], check=True)
        assert len(list(ARTIFACTS.glob(f"reports-pdf-{lang}-*.png"))) >= 8

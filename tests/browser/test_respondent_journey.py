"""A respondent on a phone, in Dutch: answers, leaves, resumes in a new browser, submits."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Answer, Invitation, Response
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import Condition

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SAVED = re.compile("Opgeslagen|Saved")


def level_of(index: int) -> str:
    return str(index % 5 + 1)


def answer_page(page: Page, condition: Condition, offset: int) -> None:
    """Click the labels of every aspect on the page, and wait until each is saved."""
    for i, aspect in enumerate(condition.aspects, start=offset):
        status = page.locator(f"#status-{aspect.id}")
        page.click(f"label[for='{aspect.id}-current-{level_of(i)}']")
        expect(status).to_have_text(SAVED)
        ambition = "dk" if i % 4 == 0 else "5"
        page.click(f"label[for='{aspect.id}-ambition-{ambition}']")
        expect(page.locator(f"#{aspect.id}-ambition-{ambition}")).to_be_checked()
        expect(status).to_have_text(SAVED)


def stored() -> dict[str, tuple[int | None, int | None]]:
    return {a.aspect: (a.current, a.ambition) for a in Answer.objects.all()}


def expected(conditions: list[Condition]) -> dict[str, tuple[int | None, int | None]]:
    model = get_model()
    aspects = [a.id for c in conditions for a in c.aspects]
    offsets = {a.id: i for i, a in enumerate(model.aspects)}
    return {
        aspect: (
            int(level_of(offsets[aspect])),
            DONT_KNOW if offsets[aspect] % 4 == 0 else 5,
        )
        for aspect in aspects
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_respondent_answers_on_a_phone_resumes_elsewhere_and_submits(
    live_server: object, browser: Browser
) -> None:
    model = get_model()
    organisation = Organisation.objects.create(name="Zorggroep Noord")
    assessment = domain.open_assessment(
        domain.create_assessment(
            organisation, None, title="Partnerscan 2025", departments=["Sales", "IT"]
        )
    )
    token = domain.create_links(assessment, 1, language="nl")[0]
    link = f"{live_server.url}/r/{token}/"  # type: ignore[attr-defined]
    first, *rest = model.conditions
    role = next(q for q in model.context if q.id == "role").options[0].id

    phone = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = phone.new_page()
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text("Partnerscan 2025")
    page.click("form[method=post] button.primary")

    expect(page).to_have_url(f"{live_server.url}/r/{token}/context/")  # type: ignore[attr-defined]
    page.click(f"label[for='role-{role}']")
    page.select_option("#department", "IT")
    page.click("button[name=go][value=next]")

    expect(page).to_have_url(re.compile(f"/c/{first.id}/$"))
    expect(page.locator("h1")).to_have_text(first.name.nl)
    answer_page(page, first, offset=0)
    comment_of = first.aspects[0].id
    # The status already says "saved" for the radios: wait for the comment's own save,
    # which htmx sends a moment after the typing stops.
    page.click(f"#{comment_of}-comment-label")  # the comment is folded until asked for
    with page.expect_response(lambda r: "comment" in (r.request.post_data or "")) as saved:
        page.fill(f"#{comment_of}-comment", "Goede samenwerking met de gemeente")
    assert saved.value.status == 200
    expect(page.locator(f"#status-{comment_of}")).to_have_text(SAVED)
    expect(page.locator("#q-answered")).to_contain_text(str(2 * len(first.aspects)))

    response = Response.objects.get()
    assert (response.role, response.department, response.language) == (role, "IT", "nl")
    assert stored() == expected([first])
    assert Answer.objects.get(aspect=comment_of).comment == "Goede samenwerking met de gemeente"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path="/tmp/respond-phone.png")
    phone.close()

    # Another device: no cookies, no session, only the link.
    other = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = other.new_page()
    page.goto(link)
    expect(page).to_have_url(re.compile(f"/c/{first.id}/$"))
    for i, aspect in enumerate(first.aspects):
        expect(page.locator(f"#{aspect.id}-current-{level_of(i)}")).to_be_checked()
    expect(page.locator(f"#{comment_of}-comment")).to_have_value(
        "Goede samenwerking met de gemeente"
    )
    offset = len(first.aspects)
    for condition in rest:
        page.click("button[name=go][value=next]")
        expect(page).to_have_url(re.compile(f"/c/{condition.id}/$"))
        answer_page(page, condition, offset)
        offset += len(condition.aspects)
    page.click("button[name=go][value=next]")

    expect(page).to_have_url(re.compile("/review/$"))
    expect(page.locator(".q-missing")).to_have_count(0)
    page.click("button[data-once]")
    expect(page).to_have_url(re.compile("/thanks/$"))
    other.close()

    response.refresh_from_db()
    assert response.submitted
    assert Invitation.objects.get().submitted_on is not None
    assert stored() == expected(model.conditions)

    desktop = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = desktop.new_page()
    page.goto(f"{link}c/{first.id}/")
    page.screenshot(path="/tmp/respond-desktop.png")
    desktop.close()

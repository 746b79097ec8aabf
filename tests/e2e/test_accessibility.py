"""Accessibility: axe-core finds nothing on the respondent's, the partner's and the
consultant's pages, in Dutch and in English, and the whole questionnaire can be answered with
the keyboard alone.

The pages show an open assessment with five submitted responses and interim results turned on
(so the dashboard shows every part but the comments, which wait for the close), an e-mail
invitation and respondents at every stage: not started, halfway
(so the review page lists open questions) and submitted. The partner's pages show a partner
round (model 1.1) with a partner who has not started and one who is halfway, with a comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response
from partnerscan.capability.loader import get_model
from partnerscan.partnerview import domain as partner_domain
from partnerscan.partnerview import mail as partner_mail
from partnerscan.partnerview import responding as partner_responding
from partnerscan.partnerview.invitees import Invitee

from .conftest import aspect_ids, new_context, wait_for_saves

LANGUAGES = ["nl", "en"]
PARTNER_MODEL = "partnership-capability@1.1"  # the first version with questions for partners


@dataclass(frozen=True)
class Scene:
    organisation: Organisation
    assessment: Assessment
    fresh: str  # token of a respondent who has not started
    halfway: str  # token of a respondent who answered part of the first condition
    done: str  # token of a respondent who submitted
    open_token: str  # the open link, which asks for an access code


def add_submitted(assessment: Assessment, count: int) -> None:
    """`count` submitted responses with varied answers and one comment (two queries)."""
    departments = assessment.departments
    responses = Response.objects.bulk_create(
        Response(
            assessment=assessment,
            submitted=True,
            role="staff" if i % 2 else "management",
            department=departments[i % len(departments)],
            group="internal",
        )
        for i in range(count)
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            aspect=aspect,
            current=DONT_KNOW if (i + j) % 11 == 3 else 1 + (i + 2 * j) % 5,
            ambition=min(5, 2 + (i + j) % 4),
            comment="Meer overleg met de scholen, graag." if i == j == 0 else "",
        )
        for i, response in enumerate(responses)
        for j, aspect in enumerate(aspect_ids())
    )


def respondent(assessment: Assessment, token: str, answered: list[str]) -> Response:
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response: Response = domain.start_response(invitation, token)
    domain.save_context(response, "staff", assessment.departments[0])
    for aspect in answered:
        domain.save_answer(response, aspect, "current", "3")
        domain.save_answer(response, aspect, "ambition", "4")
    return response


def make_scene(consultant: User, lang: str) -> Scene:
    organisation = accounts_domain.create_organisation(
        consultant, "Gemeente Testland", sector="municipality", departments=["Beleid", "Uitvoering"]
    )
    assessment = domain.create_assessment(
        organisation,
        consultant,
        title="Samenwerkingsscan 2025",
        goal="Beter samenwerken in de regio.",
        min_group=3,
        shares={"chain": 0.5, "regional": 0.3, "innovation": 0.2},
    )
    domain.open_assessment(assessment)
    domain.add_email_invitations(
        assessment, [domain.InvitationRow("a.jansen@example.org", "staff", "Beleid", "", lang)]
    )
    fresh, halfway, done = domain.create_links(assessment, 3, language=lang)
    first = get_model().conditions[0]
    respondent(assessment, halfway, [a.id for a in first.aspects[:2]])
    finished = respondent(assessment, done, aspect_ids())
    domain.submit_response(finished, domain.find_invitation(done))
    add_submitted(assessment, 4)
    open_token = domain.enable_open_link(assessment, cap=20, access_code="Testland")
    # An open round shows results only as an interim snapshot (docs/privacy.md).
    domain.set_interim_results(assessment, True, by=consultant)
    return Scene(organisation, assessment, fresh, halfway, done, open_token)


@dataclass(frozen=True)
class PartnerScene:
    fresh: str  # token of a partner who has not started
    halfway: str  # token of a partner who answered a few questions and wrote one comment


def make_partner_scene(consultant: User, lang: str) -> PartnerScene:
    """A partner round with a note and a contact, so the welcome page shows every part."""
    organisation = accounts_domain.create_organisation(
        consultant, "Gemeente Testland", sector="municipality", departments=["Beleid"]
    )
    assessment = domain.create_assessment(
        organisation, consultant, title="Samenwerkingsscan 2026", model_ref=PARTNER_MODEL
    )
    partner_round = partner_domain.start_partner_round(
        assessment, consultant, note="We horen graag hoe u ons ervaart."
    )
    people = [Invitee(f"{who}@school.example", "De School", lang) for who in ("kim", "lou")]
    tokens = []
    for invitation in partner_domain.add_partner_invitations(partner_round, people, consultant):
        token = partner_mail.issue_token(invitation)
        assert token is not None
        tokens.append(token)
    halfway = partner_responding.find_partner_invitation(tokens[1])
    assert halfway is not None
    response = partner_responding.start_partner_response(halfway, tokens[1])
    asked = [a.id for a in get_model(PARTNER_MODEL).partner_aspects]
    for aspect in asked[:3]:
        partner_responding.save_partner_answer(response, aspect, "3")
    partner_responding.save_partner_comment(response, asked[0], "Sneller terugbellen, graag.")
    return PartnerScene(tokens[0], tokens[1])


def logged_in(context: BrowserContext, user: User, base_url: str) -> None:
    """The consultant's session, made on the server side (the log-in form has its own test)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


Url = Callable[[Scene], str]
RESPONDENT_PAGES: dict[str, Url] = {
    "respond-open": lambda s: f"/r/open/{s.open_token}/",
    "respond-start": lambda s: f"/r/{s.fresh}/",
    "respond-context": lambda s: f"/r/{s.halfway}/context/",
    "respond-condition": lambda s: f"/r/{s.halfway}/c/{get_model().conditions[0].id}/",
    "respond-review": lambda s: f"/r/{s.halfway}/review/",
    "respond-thanks": lambda s: f"/r/{s.done}/thanks/",
}
PARTNER_PAGES: dict[str, Callable[[PartnerScene], str]] = {
    "partner-welcome": lambda s: f"/p/{s.fresh}/",
    "partner-questions": lambda s: f"/p/{s.halfway}/questions/",
    "partner-review": lambda s: f"/p/{s.halfway}/review/",
}
MANAGEMENT_PAGES: dict[str, Url] = {
    "organisations": lambda s: "/orgs/",
    "organisation": lambda s: f"/orgs/{s.organisation.pk}/",
    "assessment-new": lambda s: f"/orgs/{s.organisation.pk}/assessments/new/",
    "assessment": lambda s: f"/assessments/{s.assessment.pk}/",
    "invitations": lambda s: f"/assessments/{s.assessment.pk}/invitations/",
    "assessment-close": lambda s: f"/assessments/{s.assessment.pk}/close/",
    "dashboard": lambda s: f"/assessments/{s.assessment.pk}/dashboard/",
    "api-tokens": lambda s: "/account/api-tokens/",
}
PAGES = ["login", *RESPONDENT_PAGES, *PARTNER_PAGES, *MANAGEMENT_PAGES]


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(
    live_server: Any, browser: Browser, consultant: User, name: str, lang: str
) -> None:
    base_url = live_server.url
    context = new_context(browser, base_url, lang)
    if name == "login":
        path = "/accounts/login/"
    elif name in RESPONDENT_PAGES:
        path = RESPONDENT_PAGES[name](make_scene(consultant, lang))
    elif name in PARTNER_PAGES:
        path = PARTNER_PAGES[name](make_partner_scene(consultant, lang))
    else:
        path = MANAGEMENT_PAGES[name](make_scene(consultant, lang))
        logged_in(context, consultant, base_url)
    page = context.new_page()
    response = page.goto(path)
    assert response is not None and response.status == 200
    expect(page).to_have_url(base_url + path)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_no_violations(page)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_closed_rounds_dashboard_fits_a_phone_with_its_heat_map_and_axe_finds_nothing(
    live_server: Any, browser: Browser, consultant: User, lang: str
) -> None:
    """Closed, with groups large enough for the heat map: at 390 px no table is wider than
    the screen (wide tables stack, the heat map fits), and axe finds no violation."""
    scene = make_scene(consultant, lang)
    add_submitted(scene.assessment, 12)
    domain.close_assessment(scene.assessment, consultant)
    base_url = live_server.url
    context = new_context(browser, base_url, lang)
    logged_in(context, consultant, base_url)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(f"/assessments/{scene.assessment.pk}/dashboard/")
    assert response is not None and response.status == 200
    expect(page.locator("table.heatmap").first).to_be_visible()
    wider = page.evaluate(
        """[document.documentElement.scrollWidth,
            [...document.querySelectorAll('.table-scroll')]
              .filter(box => box.scrollWidth > box.clientWidth + 1).length]"""
    )
    assert wider == [390, 0]
    assert_no_violations(page)
    context.close()


# A form sent back with its errors: the messages must be tied to their fields.
REFUSED_FORMS: dict[str, Url] = {
    "login": lambda s: "/accounts/login/",
    "organisation-new": lambda s: "/orgs/new/",
    "assessment-new": lambda s: f"/orgs/{s.organisation.pk}/assessments/new/",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", REFUSED_FORMS)
def test_axe_finds_no_violations_in_a_form_with_errors(
    live_server: Any, browser: Browser, consultant: User, name: str, lang: str
) -> None:
    base_url = live_server.url
    context = new_context(browser, base_url, lang)
    scene = make_scene(consultant, lang)
    if name != "login":
        logged_in(context, consultant, base_url)
    page = context.new_page()
    page.goto(REFUSED_FORMS[name](scene))
    if name == "login":
        page.fill("input[name=username]", consultant.email)
        page.fill("input[name=password]", "not-the-password")
    else:
        page.fill("input[name=name], input[name=title]", "")  # the one required field
    page.locator("main form button.primary").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_no_violations(page)
    context.close()


# The keyboard alone ----------------------------------------------------------------------------


def focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("s => document.activeElement.matches(s)", selector))


def tab_to(page: Page, selector: str, key: str = "Tab", limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has the focus."""
    for _press in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {selector}")


def choose(page: Page, group: str, value: str) -> None:
    """In the focused radio group: Space picks the focused option, the arrows move and pick."""
    target = f"input[name='{group}'][value='{value}']"
    if page.locator(f"input[name='{group}']:checked").count() == 0:
        page.keyboard.press("Space")
    for _press in range(8):
        if focused(page, target):
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator(target)).to_be_checked()


PLAN = {
    aspect: (str(1 + i % 5), "dk" if i % 6 == 2 else "5") for i, aspect in enumerate(aspect_ids())
}
COMMENT = "Overleg met de gemeente loopt goed."


def stored(option: str) -> int:
    return DONT_KNOW if option == "dk" else int(option)


def answer_page_by_keyboard(page: Page, aspects: list[str], comment_on: str) -> None:
    for aspect in aspects:
        now, wanted = PLAN[aspect]
        tab_to(page, f"input[name='{aspect}-current']")
        choose(page, f"{aspect}-current", "4" if now == "5" else now)
        tab_to(page, f"input[name='{aspect}-ambition']")
        choose(page, f"{aspect}-ambition", wanted)
        if now == "5":  # a second thought: Shift+Tab back to the first question, one level up
            tab_to(page, f"input[name='{aspect}-current']", key="Shift+Tab")
            page.keyboard.press("ArrowDown")
            expect(page.locator(f"#{aspect}-current-5")).to_be_checked()
        if aspect == comment_on:  # the comment is folded: Enter on its summary opens it
            tab_to(page, f"#{aspect}-comment-label")
            page.keyboard.press("Enter")
            tab_to(page, f"#{aspect}-comment")
            page.keyboard.type(COMMENT)
    wait_for_saves(page)
    tab_to(page, "button[name=go][value=next]")
    page.keyboard.press("Enter")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_questionnaire_can_be_answered_with_the_keyboard_alone(
    live_server: Any, browser: Browser, consultant: User
) -> None:
    scene = make_scene(consultant, "nl")
    model = get_model()
    context = new_context(browser, live_server.url)
    page = context.new_page()
    page.goto(f"/r/{scene.fresh}/")

    tab_to(page, "main form button.primary")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/context/$"))
    tab_to(page, "input[name=role]")
    choose(page, "role", "staff")
    tab_to(page, "#department")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#department")).to_have_value("Uitvoering")
    tab_to(page, "button[name=go][value=next]")
    page.keyboard.press("Enter")

    comment_on = model.conditions[1].aspects[0].id
    for condition in model.conditions:
        expect(page).to_have_url(re.compile(f"/c/{condition.id}/$"))
        answer_page_by_keyboard(page, [a.id for a in condition.aspects], comment_on)

    expect(page).to_have_url(re.compile("/review/$"))
    expect(page.locator(".q-missing")).to_have_count(0)
    tab_to(page, "button[data-once]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/thanks/$"))
    context.close()

    response = domain.find_response(scene.fresh)
    assert response is not None
    assert (response.role, response.department, response.submitted) == ("staff", "Uitvoering", True)
    assert {a.aspect: (a.current, a.ambition, a.comment) for a in response.answers.all()} == {
        aspect: (stored(now), stored(wanted), COMMENT if aspect == comment_on else "")
        for aspect, (now, wanted) in PLAN.items()
    }
    invitation = domain.find_invitation(scene.fresh)
    assert invitation is not None and invitation.submitted_on is not None


# The live workshop ------------------------------------------------------------------------------


def workshop_scene(consultant: User, lang: str) -> Any:
    """A closed round with results and a live workshop on it."""
    from partnerscan.workshop import domain as workshops

    scene = make_scene(consultant, lang)
    domain.close_assessment(scene.assessment, consultant)
    workshop = workshops.start_workshop(scene.assessment, consultant, "Werksessie maart")
    return workshops.go_live(workshop, consultant)


def checked(page: Page, path: str | None, name: str) -> None:
    """Open `path` (or stay) and let axe look; the page's name goes into the failure."""
    if path is not None:
        response = page.goto(path)
        assert response is not None and response.status == 200, name
    results = Axe().run(page)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('main *')]
    .filter(e => !e.closest('.sr-only') && !e.closest('svg')
        && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


def smallest_text(page: Page) -> float:
    """The smallest font size, in px, of any text a reader sees in the page's main part."""
    return float(page.evaluate(SMALLEST_TEXT))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violations_on_the_workshops_pages(
    live_server: Any, browser: Browser, consultant: User, lang: str
) -> None:
    """One session walked through: the join pages, the phone waiting, voting, voted and
    thanked, the facilitator's pages and the projector before and after a reveal."""
    from partnerscan.workshop import domain as workshops
    from partnerscan.workshop import participating

    workshop = workshop_scene(consultant, lang)
    base_url = live_server.url
    phone = new_context(browser, base_url, lang).new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    checked(phone, "/w/", "join")
    checked(phone, f"/w/{workshop.code}/", "enter")
    phone.locator("main form button.primary").click()
    expect(phone).to_have_url(re.compile("/live/$"))
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    checked(phone, None, "phone waiting")

    facilitator = new_context(browser, base_url, lang)
    logged_in(facilitator, consultant, base_url)
    desk = facilitator.new_page()
    checked(desk, f"/assessments/{workshop.assessment_id}/workshops/", "workshops")
    item = workshop.items.first()
    ballot = workshops.open_ballot(item, consultant)
    checked(desk, f"/workshops/{workshop.pk}/", "control, vote open")
    checked(desk, f"/workshops/{workshop.pk}/projector/", "projector, vote open")

    checked(phone, f"/w/{workshop.code}/live/", "phone voting")
    phone.locator("label[for=current-3]").click()
    phone.locator("main form.ws-vote button.primary").click()
    said = "Uw stem: 3" if lang == "nl" else "Your vote: 3"
    expect(phone.locator("main")).to_contain_text(said)
    checked(phone, None, "phone voted")
    for level in (2, 4, 4):
        joined = participating.join(workshop.code, None, lang).participant
        participating.rate(joined, ballot, level, 5)
    workshops.close_ballot(ballot, consultant)
    workshops.reveal_ballot(ballot, consultant)
    workshops.record_agreement(item, 3, "Eens na overleg", consultant)
    checked(desk, f"/workshops/{workshop.pk}/projector/", "projector, revealed")
    assert smallest_text(desk) >= 20  # px: legible from the back of a room (axe: contrast)
    checked(desk, f"/workshops/{workshop.pk}/", "control, revealed")
    workshops.end_workshop(workshop, consultant)
    checked(phone, f"/w/{workshop.code}/live/", "phone thanked")
    checked(desk, f"/assessments/{workshop.assessment_id}/dashboard/", "dashboard with record")
    facilitator.close()
    phone.context.close()

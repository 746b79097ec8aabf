"""Issue 16 in Chromium: a partner round from the invitation to the blind spot in the report.

The organisation's own round (model 1.1, closed, six colleagues who rate `attractiveness` high)
and its two portfolio partner organisations are made with the ORM. In the browser the owner
starts the partner round and pastes six invitees, three of each organisation (the one's in
Dutch, the other's in English); the worker's job mails them (locmem, in this process). Six
partners, each in a fresh browser and one on a phone, read the welcome page, answer every
question (attractiveness low), write one comment, review and submit. The owner closes the
partner round and finds the blind spot on the dashboard and in the PDF, in both languages.
Neither the partner page nor the results ever say who answered.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from partner_scenarios import MODEL, PARTNER_ASPECTS, kinds, own_round
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect
from support import require

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.core import jobs
from partnerscan.partnerview import responding
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound

from .conftest import log_in, new_context, wait_for_saves

ORGANISATION = "Gemeente Testland"
BLIND = "attractiveness"
KIND = "knowledge-institution"
PHONE: ViewportSize = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/p/[\w-]+/")


@dataclass(frozen=True)
class Person:
    number: int
    email: str
    organisation: str
    lang: str

    @property
    def line(self) -> str:
        return f"{self.email};{self.organisation};{self.lang}"


PEOPLE = [Person(i, f"partner{i}@westland.example", "Hogeschool Westland", "nl") for i in range(3)]
PEOPLE += [
    Person(i, f"partner{i}@delta.example", "Delta Research Institute", "en") for i in (3, 4, 5)
]
ON_A_PHONE = 4

SAID = {  # what the partner's pages and mail say, per language
    "nl": {
        "subject": f"Hoe ervaart u {ORGANISATION} als partner?",
        "invited": "U krijgt deze uitnodiging omdat u vanuit {partner} met",
        "how_long": "invullen kost ongeveer 10 minuten",
        "anonymous": "alleen getoond als totalen van minstens 5 partners",
        "start": "Beginnen",
        "review": "Controleren en indienen",
        "thanks": "Dank u wel!",
        "comment": "Bel ons sneller terug als we een vraag hebben.",
    },
    "en": {
        "subject": f"How do you experience {ORGANISATION} as a partner?",
        "invited": "You are invited because you work with {rated} on behalf of {partner}.",
        "how_long": "answering takes about 10 minutes",
        "anonymous": "only ever shown as totals of at least 5 partners",
        "start": "Start",
        "review": "Check and submit",
        "thanks": "Thank you!",
        "comment": "Please call us back sooner when we have a question.",
    },
}


def own_level(i: int, aspect: str) -> int:
    """Colleagues: 4 or 5 on attractiveness, 3 or 4 elsewhere."""
    return (4 if aspect == BLIND else 3) + i % 2


def planned(person: int, position: int, aspect: str) -> str:
    """Partners: 1 or 2 on attractiveness (a blind spot), 3 or 4 elsewhere, one "don't know"."""
    if aspect == BLIND:
        return str(1 + person % 2)
    if position == 5 + person:
        return "dk"
    return str(3 + (person + position) % 2)


def plan(person: int) -> dict[str, str]:
    return {aspect: planned(person, j, aspect) for j, aspect in enumerate(PARTNER_ASPECTS)}


def setting_up(consultant: User) -> Assessment:
    organisation = accounts_domain.create_organisation(
        consultant, ORGANISATION, sector="municipality", departments=["Beleid"]
    )
    kinds(organisation, consultant, dict.fromkeys({p.organisation for p in PEOPLE}, KIND))
    return own_round(organisation, consultant, own_level, title="Samenwerkingsscan 2026")


def invitations(page: Page) -> Locator:
    return page.locator("table", has=page.locator("caption", has_text="Uitnodigingen"))


def cells(table: Locator) -> list[list[str]]:
    rows = table.locator("tbody tr").all()
    return [[c.strip() for c in row.locator("th, td").all_inner_texts()] for row in rows]


# The owner -------------------------------------------------------------------------------------


def start_and_invite(page: Page, assessment: Assessment) -> None:
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Blik van partners").click()
    start = page.locator("form[action$='/partners/start/']")
    start.locator("textarea[name=note]").fill("We horen graag eerlijk hoe u ons ervaart.")
    start.locator("button[type=submit]").click()
    expect(page.locator("main .state")).to_have_text("open")
    page.fill("#id_paste_lines", "\n".join(p.line for p in PEOPLE))
    page.locator("form[action$='/invite/lines/'] button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("6 uitnodigingen")
    language = {"nl": "Nederlands", "en": "English"}
    assert cells(invitations(page)) == [
        [p.email, p.organisation, language[p.lang], "wacht op verzending"] for p in PEOPLE
    ]


def send_and_read_links() -> dict[str, str]:
    """The worker's pass, in this process; each partner's link from their own mail."""
    done = jobs.run_all(timezone.now())
    assert done["partner_rounds"] == "6 mails sent, 0 failed, 0 rounds closed"
    assert len(mail.outbox) == len(PEOPLE)
    links = {}
    for person, message in zip(PEOPLE, mail.outbox, strict=True):
        said = SAID[person.lang]
        assert message.to == [person.email]
        assert message.subject == said["subject"]
        body = str(message.body)
        assert said["invited"].format(partner=person.organisation, rated=ORGANISATION) in body
        found = LINK.search(body)
        assert found is not None, body
        links[person.email] = found.group(0)
    # Typed names of the portfolio's partner organisations bring their kind along.
    assert set(PartnerInvitation.objects.values_list("kind", flat=True)) == {KIND}
    return links


def nobody_is_named(page: Page) -> None:
    """Totals only: per address the mail's status, never who started or submitted."""
    page.reload()
    counts = page.locator("ul.counts li").all_inner_texts()
    assert counts == ["6 uitgenodigd", "6 begonnen", "6 ingediend"], counts
    heads = invitations(page).locator("thead th").all_inner_texts()
    assert heads == ["E-mailadres", "Partnerorganisatie", "Taal", "E-mail"], heads
    assert {row[3] for row in cells(invitations(page))} == {"verstuurd"}


def close_round(page: Page) -> None:
    page.get_by_role("link", name="De partnerronde sluiten…").click()
    expect(page.locator("h1")).to_have_text("De partnerronde sluiten?")
    page.locator("main form button.danger").click()
    expect(page.locator("main .state")).to_have_text("gesloten")


# The partners ----------------------------------------------------------------------------------


def welcome(page: Page, person: Person) -> None:
    said = SAID[person.lang]
    expect(page.locator("html")).to_have_attribute("lang", person.lang)
    expect(page.locator("h1")).to_have_text(said["subject"])
    main = page.locator("main")
    expect(main).to_contain_text(
        said["invited"].format(partner=person.organisation, rated=ORGANISATION)
    )
    expect(main).to_contain_text(said["how_long"])
    expect(main).to_contain_text(said["anonymous"])
    expect(main).to_contain_text("We horen graag eerlijk hoe u ons ervaart.")
    page.get_by_role("button", name=said["start"]).click()
    expect(page).to_have_url(re.compile("/questions/$"))


def answer(page: Page, person: Person) -> None:
    for aspect, value in plan(person.number).items():
        page.click(f"label[for='{aspect}-{value}']")
    page.click(f"#c-{BLIND}-label")  # the comment is folded
    page.fill(f"#c-{BLIND}", SAID[person.lang]["comment"])
    page.keyboard.press("Tab")  # the change event saves it at once
    wait_for_saves(page)


def stored(token: str) -> tuple[dict[str, str], dict[str, str]]:
    return responding.stored_answers(responding.find_partner_response(token))


def respond(browser: Browser, base_url: str, link: str, person: Person) -> None:
    context = new_context(browser, base_url, person.lang)
    page = context.new_page()
    if person.number == ON_A_PHONE:
        page.set_viewport_size(PHONE)
    page.goto(link)
    welcome(page, person)
    answer(page, person)
    if person.number == ON_A_PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    # Saved by the autosave alone, before the page's own button posts anything.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert stored(token) == (plan(person.number), {BLIND: SAID[person.lang]["comment"]})
    page.locator("main form.q-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(SAID[person.lang]["review"])
    expect(page.locator(".q-missing")).to_have_count(0)
    if person.number == ON_A_PHONE:  # the two buttons stack, one under the other
        buttons = page.locator("form.q-submit .q-nav > *").all()
        edges = {(box["x"], box["width"]) for b in buttons if (box := b.bounding_box())}
        assert len(buttons) == 2 and len(edges) == 1, edges
    page.locator("button[data-once]").click()
    expect(page).to_have_url(re.compile("/thanks/$"))
    expect(page.locator("h1")).to_have_text(SAID[person.lang]["thanks"])
    context.close()


# The results -----------------------------------------------------------------------------------


def blind_spots(page: Page, heading: str, next_heading: str) -> str:
    section = page.locator("#partners").inner_text()
    start = section.index(heading)
    return section[start : section.index(next_heading, start)]


def read_dashboard(page: Page, assessment: Assessment) -> None:
    page.goto(f"/assessments/{assessment.pk}/dashboard/")
    partners = page.locator("#partners")
    expect(partners.locator("h2")).to_have_text("Hoe partners ons zien")
    assert MODEL.aspect(BLIND).name.nl in blind_spots(page, "Blinde vlekken", "Verborgen krachten")
    expect(partners).to_contain_text("6 partners van 2 organisaties")
    expect(partners).to_contain_text(SAID["nl"]["comment"])
    text = partners.inner_text()
    assert not any(p.organisation in text for p in PEOPLE)  # each has fewer than k partners

    page.locator("header form.lang-switch button[value=en]").click()
    expect(partners.locator("h2")).to_have_text("How partners see us")
    assert MODEL.aspect(BLIND).name.en in blind_spots(page, "Blind spots", "Hidden strengths")


def pdf_text(context: BrowserContext, base_url: str, href: str) -> str:
    pdf = context.request.get(base_url + href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    done = subprocess.run(
        [require("pdftotext"), "-layout", "-", "-"],
        input=pdf.body(),
        capture_output=True,
        check=True,
    )
    return " ".join(done.stdout.decode().split())


def read_pdfs(page: Page, context: BrowserContext, base_url: str) -> None:
    for lang, title, blind, hidden in (
        ("nl", "Hoe partners ons zien", "Blinde vlekken", "Verborgen krachten"),
        ("en", "How partners see us", "Blind spots", "Hidden strengths"),
    ):
        href = page.locator(f"a[href$='report.pdf?lang={lang}']").get_attribute("href") or ""
        text = pdf_text(context, base_url, href)
        part = text[text.index(title) :]
        spots = part[part.index(blind) : part.index(hidden)]
        assert MODEL.aspect(BLIND).name.get(lang) in spots, (lang, spots)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_six_partners_of_two_organisations_reveal_a_blind_spot(
    live_server: Any, browser: Browser, consultant: User
) -> None:
    assessment = setting_up(consultant)
    base_url = live_server.url
    desk = new_context(browser, base_url, "nl")
    page = desk.new_page()
    log_in(page)
    start_and_invite(page, assessment)

    links = send_and_read_links()
    for person in PEOPLE:
        respond(browser, base_url, links[person.email], person)

    nobody_is_named(page)
    close_round(page)
    assert PartnerRound.objects.get().state == PartnerRound.State.CLOSED
    assert desk.request.get(links[PEOPLE[0].email]).status == 410  # the link now says closed
    read_dashboard(page, assessment)
    read_pdfs(page, desk, base_url)
    desk.close()

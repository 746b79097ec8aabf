"""The main job in Chromium, as a new consultant does it, from log-in to the downloaded report.

A consultant logs in, creates an organisation and an assessment through the forms, makes five
personal links and opens the assessment. Five respondents answer in their own browsers: one
resumes in a fresh browser halfway, one switches to English, one double-clicks submit. The
consultant closes the assessment, reads the dashboard and downloads the PDF report and the
responses as Excel and CSV; `partnerscan score` on that CSV must give the dashboard's numbers.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, expect
from support import require

from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Assessment, Invitation, Response
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import Condition
from partnerscan.scoring import cli

from .conftest import aspect_ids, log_in, new_context, wait_for_saves

TITLE = "Samenwerkingsscan 2025"
DEPARTMENTS = ["Beleid", "Uitvoering"]
K = 5


@dataclass(frozen=True)
class Respondent:
    number: int
    role: str
    department: str


RESPONDENTS = [
    Respondent(0, "staff", "Beleid"),
    Respondent(1, "management", "Uitvoering"),  # resumes in a fresh browser halfway
    Respondent(2, "external", ""),  # answers in English
    Respondent(3, "staff", "Uitvoering"),
    Respondent(4, "support", "Beleid"),  # double-clicks submit
]


def planned(respondent: int, position: int) -> tuple[str, str]:
    """The options respondent `respondent` picks for the aspect at `position` (now, ambition):
    levels that differ per person and aspect, and now and then "don't know"."""
    current = 1 + (3 * position + 2 * respondent) % 4
    ambition = min(5, current + 1 + (position + respondent) % 2)
    now = "dk" if (position + 3 * respondent) % 8 == 5 else str(current)
    wanted = "dk" if (2 * position + respondent) % 13 == 6 else str(ambition)
    return now, wanted


def stored_value(option: str) -> int:
    return DONT_KNOW if option == "dk" else int(option)


def expected_answers(respondent: int) -> dict[str, tuple[int | None, int | None]]:
    answers: dict[str, tuple[int | None, int | None]] = {}
    for i, aspect in enumerate(aspect_ids()):
        now, wanted = planned(respondent, i)
        answers[aspect] = (stored_value(now), stored_value(wanted))
    return answers


def stored_answers(response: Response) -> dict[str, tuple[int | None, int | None]]:
    return {a.aspect: (a.current, a.ambition) for a in response.answers.all()}


def dashboard_number(value: float | None, lang: str = "nl") -> str:
    """One decimal, rounded half up, with the language's decimal sign; a dash when unknown.
    Where that would round to another level than the value's own (2.46: level 2, but "2.5"),
    two decimals cut off instead (docs/method.md, "The shown mean and the level")."""
    if value is None:
        return "–"
    exact = Decimal(repr(value))
    shown = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    whole = Decimal("1")
    if shown.quantize(whole, rounding=ROUND_HALF_UP) != exact.quantize(
        whole, rounding=ROUND_HALF_UP
    ):
        shown = exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    text = f"{shown:f}"
    return text.replace(".", ",") if lang == "nl" else text


# The consultant --------------------------------------------------------------------------------


def create_organisation(page: Page) -> None:
    page.get_by_role("link", name="Mijn organisaties").click()
    page.get_by_role("link", name="Nieuwe organisatie").click()
    page.fill("#id_name", "Gemeente Testland")
    page.select_option("#id_sector", label="Gemeente")
    page.fill("#id_departments", "\n".join(DEPARTMENTS))
    page.locator("main form button.primary").click()
    expect(page.locator("h1")).to_have_text("Gemeente Testland")


def create_assessment(page: Page) -> Assessment:
    page.locator("a[href$='/assessments/new/']").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_goal", "Beter samenwerken met zorg en onderwijs in de regio.")
    page.fill("#id_min_group", str(K))
    expect(page.locator("#id_departments")).to_have_value("\n".join(DEPARTMENTS))
    page.locator("main form button.primary").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assessment: Assessment = Assessment.objects.get(title=TITLE)
    assert (assessment.shares, assessment.min_group) == ({}, K)
    return assessment


def make_links(page: Page, count: int) -> list[str]:
    page.locator("nav.actions a[href$='/invitations/']").click()
    form = page.locator("form[action$='/invitations/links/']")
    form.locator("input[name=count]").fill(str(count))
    form.locator("select[name=language]").select_option("nl")
    form.locator("button[type=submit]").click()
    links = page.locator("#new-links").input_value().split()
    assert len(links) == count
    return links


def open_assessment(page: Page) -> None:
    page.locator("form[action$='/open/'] button").click()
    expect(page.locator("h1 + p .state")).to_have_text("open", ignore_case=True)


def close_assessment(page: Page, assessment: Assessment) -> None:
    page.reload()  # the invitations page, where the consultant left it
    page.locator(f"nav.crumbs a[href$='/assessments/{assessment.pk}/']").click()
    page.locator("nav.actions a[href$='/close/']").click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    page.locator("main form button.danger").click()
    expect(page.locator("h1 + p .state")).to_have_text("gesloten", ignore_case=True)
    assessment.refresh_from_db()
    assert assessment.is_closed


# The respondents -------------------------------------------------------------------------------


def begin(page: Page, link: str) -> None:
    page.goto(link)
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile("/context/$"))


def about_me(page: Page, respondent: Respondent) -> None:
    page.click(f"label[for='role-{respondent.role}']")
    if respondent.department:
        page.select_option("#department", respondent.department)
    page.click("button[name=go][value=next]")


def answer(page: Page, respondent: Respondent, conditions: list[Condition]) -> None:
    """Answer every aspect of these condition pages; each answer saves itself."""
    positions = {aspect: i for i, aspect in enumerate(aspect_ids())}
    for condition in conditions:
        expect(page).to_have_url(re.compile(f"/c/{condition.id}/$"))
        for aspect in condition.aspects:
            now, wanted = planned(respondent.number, positions[aspect.id])
            page.click(f"label[for='{aspect.id}-current-{now}']")
            page.click(f"label[for='{aspect.id}-ambition-{wanted}']")
        wait_for_saves(page)
        page.click("button[name=go][value=next]")


def submit(page: Page, double_click: bool = False) -> None:
    expect(page).to_have_url(re.compile("/review/$"))
    expect(page.locator(".q-missing")).to_have_count(0)
    button = page.locator("button[data-once]")
    if double_click:
        button.dblclick()
    else:
        button.click()
    expect(page).to_have_url(re.compile("/thanks/$"))


def respond(browser: Browser, base_url: str, link: str, respondent: Respondent) -> None:
    conditions = get_model().conditions
    context = new_context(browser, base_url)
    page = context.new_page()
    begin(page, link)
    about_me(page, respondent)
    answer(page, respondent, conditions)
    submit(page)
    context.close()


def respond_in_two_sittings(browser: Browser, base_url: str, link: str, who: Respondent) -> None:
    conditions = get_model().conditions
    first = new_context(browser, base_url)
    page = first.new_page()
    begin(page, link)
    about_me(page, who)
    answer(page, who, conditions[:2])
    first.close()

    again = new_context(browser, base_url)  # another device: no cookies, only the link
    page = again.new_page()
    page.goto(link)
    expect(page).to_have_url(re.compile(f"/c/{conditions[2].id}/$"))
    answer(page, who, conditions[2:])
    submit(page)
    again.close()


def respond_in_english(browser: Browser, base_url: str, link: str, who: Respondent) -> None:
    model = get_model()
    context = new_context(browser, base_url)
    page = context.new_page()
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("form.lang-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("h1")).to_have_text("About you")
    about_me(page, who)
    expect(page.locator("h1")).to_have_text(model.conditions[0].name.en)
    answer(page, who, model.conditions)
    expect(page.locator("h1")).to_have_text("Check and submit")
    submit(page)
    expect(page.locator("h1")).to_have_text("Thank you!")
    context.close()


def respond_with_a_double_click(
    browser: Browser, base_url: str, link: str, who: Respondent
) -> None:
    context = new_context(browser, base_url)
    page = context.new_page()
    begin(page, link)
    about_me(page, who)
    answer(page, who, get_model().conditions)
    submit(page, double_click=True)
    context.close()


def responses_by_number(links: list[str]) -> dict[int, Response]:
    """Each respondent's response, found by the token in their link (only while open)."""
    found = {}
    for link, respondent in zip(links, RESPONDENTS, strict=True):
        token = re.fullmatch(r".*/r/([^/]+)/", link)
        assert token is not None, link
        response = domain.find_response(token.group(1))
        assert response is not None, link
        found[respondent.number] = response
    return found


# The results -----------------------------------------------------------------------------------


def download(page: Page, link: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.locator(link).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def score_csv(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert cli.main([str(path), "--format", "json", "--min-group", str(K)]) == 0
    scored: dict[str, Any] = json.loads(capsys.readouterr().out)
    return scored


def cells(page: Page, rows: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator(rows).all()
    ]


def check_dashboard_against(page: Page, scored: dict[str, Any]) -> None:
    model = get_model()
    overall = scored["overall"]
    figure = page.locator(".key-figures .figure").nth(1)
    expect(figure.locator("strong.big")).to_have_text(str(overall["level"]))
    now, ambition = (dashboard_number(overall[f]["mean"]) for f in ("current", "ambition"))
    expect(figure.locator(".sub")).to_have_text(f"gemiddeld nu {now}, ambitie {ambition}")

    profile = [[row[0], row[1], row[3], row[4]] for row in cells(page, "#profile tbody tr")]
    assert profile == [
        [
            model.conditions[i].name.nl,
            dashboard_number(c["current"]["mean"]),
            dashboard_number(c["ambition"]["mean"]),
            str(c["current"]["n"]),
        ]
        for i, c in enumerate(scored["conditions"])
    ]
    aspects = [row[1:3] for row in cells(page, "#aspects table.aspects tbody tr")]
    assert aspects == [
        [dashboard_number(a["current"]["mean"]), dashboard_number(a["ambition"]["mean"])]
        for a in scored["aspects"]
    ]


def check_downloads(page: Page, context: BrowserContext, tmp_path: Path, base_url: str) -> Path:
    # The PDF opens inline (a viewer, not a download): fetch it with the consultant's cookies.
    href = page.locator("a[href$='report.pdf?lang=nl']").get_attribute("href") or ""
    pdf = context.request.get(base_url + href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    text = subprocess.run(
        [require("pdftotext"), "-layout", "-", "-"],
        input=pdf.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert TITLE in text

    xlsx = download(page, "a[href*='/export/responses.xlsx']", tmp_path)
    sheet = load_workbook(BytesIO(xlsx.read_bytes()), read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 + len(RESPONDENTS)  # names, then what they mean, then the rows
    assert rows[0][:2] == ("respondent", "role")

    csv = download(page, "a[href*='/export/responses.csv']", tmp_path)
    assert csv.read_bytes().startswith("\ufeffrespondent,role".encode())
    return csv


# The test --------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_consultant_runs_a_scan_and_the_dashboard_agrees_with_the_score_command(
    live_server: Any,
    browser: Browser,
    consultant: User,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base_url = live_server.url
    desk = new_context(browser, base_url)
    page = desk.new_page()
    log_in(page)
    create_organisation(page)
    assessment = create_assessment(page)
    open_assessment(page)
    links = make_links(page, len(RESPONDENTS))
    assert all(link.startswith(f"{base_url}/r/") for link in links)

    plain, twice, english, other, double = zip(links, RESPONDENTS, strict=True)
    respond(browser, base_url, *plain)
    respond_in_two_sittings(browser, base_url, *twice)
    respond_in_english(browser, base_url, *english)
    respond(browser, base_url, *other)
    respond_with_a_double_click(browser, base_url, *double)

    responses = responses_by_number(links)
    assert {n: stored_answers(r) for n, r in responses.items()} == {
        who.number: expected_answers(who.number) for who in RESPONDENTS
    }
    assert {n: (r.role, r.department, r.language, r.submitted) for n, r in responses.items()} == {
        who.number: (who.role, who.department, "en" if who.number == 2 else "nl", True)
        for who in RESPONDENTS
    }
    # The double click made no second response, and every invitation counts as submitted.
    assert Response.objects.filter(assessment=assessment).count() == len(RESPONDENTS)
    submitted_on = Invitation.objects.filter(assessment=assessment).values_list(
        "submitted_on", flat=True
    )
    assert len(submitted_on) == len(RESPONDENTS) and all(submitted_on)

    close_assessment(page, assessment)
    page.locator("nav.actions a[href$='/dashboard/']").click()
    expect(page.locator(".key-figures .figure").first.locator("strong.big")).to_have_text("5")
    csv = check_downloads(page, desk, tmp_path, base_url)
    check_dashboard_against(page, score_csv(csv, capsys))
    desk.close()

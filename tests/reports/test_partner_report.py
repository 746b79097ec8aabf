"""How partners see us, in every result: the dashboard, the PDF, the results CSV, workbook and
JSON, and the leads that listen to partners (docs/method.md, "Partner view")."""

from __future__ import annotations

import csv
import io
import json
from io import BytesIO

import pytest
from openpyxl import load_workbook
from partner_scenarios import MODEL, PARTNER_ASPECTS, Partner, kinds, own_round, partners
from support import logged_in, text_of

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments.models import Assessment

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

BLIND, STRENGTH = "attractiveness", "learning-path"


def own_level(i: int, aspect: str) -> int:
    """Colleagues: 4 or 5 on attractiveness, 2 on the learning path, 3 or 4 elsewhere."""
    if aspect == BLIND:
        return 4 + i % 2
    if aspect == STRENGTH:
        return 2
    return 3 + i % 2


def partner_answers(i: int) -> dict[str, str]:
    """Partners: 1 or 2 on attractiveness, 4 or 5 on the learning path, 3 or 4 elsewhere."""
    answers = {aspect: str(3 + i % 2) for aspect in PARTNER_ASPECTS}
    answers[BLIND] = str(1 + i % 2)
    answers[STRENGTH] = str(4 + i % 2)
    return answers


def name(aspect: str, lang: str = "en") -> str:
    return MODEL.aspect(aspect).name.get(lang)


@pytest.fixture
def scanned(org_a: Organisation, alice: User) -> Assessment:
    kinds(org_a, alice, {"Care North": "non-profit", "West College": "knowledge-institution"})
    assessment = own_round(org_a, alice, own_level, shares={"chain": 0.5, "regional": 0.5})
    people = [Partner("Care North", partner_answers(i), language="nl") for i in range(6)]
    people += [Partner("West College", partner_answers(i), language="en") for i in range(5)]
    people[0] = Partner("Care North", partner_answers(0), {BLIND: "Call us back sooner."})
    partners(assessment, alice, people)
    return assessment


def test_the_dashboard_names_blind_spots_and_hidden_strengths(
    scanned: Assessment, alice: User
) -> None:
    page = logged_in(alice).get(f"/assessments/{scanned.pk}/dashboard/")
    text = text_of(page.content)
    assert "How partners see us" in text
    section = text[text.index("Blind spots") : text.index("Per aspect", text.index("Blind spots"))]
    assert name(BLIND) in section
    hidden = section[section.index("Hidden strengths") :]
    assert name(STRENGTH) in hidden and name(BLIND) not in hidden
    assert "11 partners from 2 organisations" in text
    # Partners' comments, never with their organisation beside them.
    assert "Call us back sooner." in text
    comment_part = text[text.index("What partners would need from us") :]
    assert "Care North" not in comment_part[: comment_part.index("Call us back sooner.") + 40]


def test_a_blind_spot_raises_its_lead_and_says_so(scanned: Assessment, alice: User) -> None:
    text = text_of(logged_in(alice).get(f"/assessments/{scanned.pk}/dashboard/").content)
    leads = text[text.index("Leads to work on") :]
    first = leads[: leads.index("Next step")]
    assert name(BLIND) in first
    assert "A lead because of partners" in first


def test_the_pdf_has_a_section_how_partners_see_us(scanned: Assessment, alice: User) -> None:
    for lang, title, blind in (
        ("en", "How partners see us", "Blind spots"),
        ("nl", "Hoe partners ons zien", "Blinde vlekken"),
    ):
        pdf = logged_in(alice).get(f"/assessments/{scanned.pk}/report.pdf?lang={lang}")
        text = " ".join(pdf_text(pdf.content).split())
        assert title in text, (lang, text[:3000])
        part = text[text.index(title) :]
        assert blind in part
        assert name(BLIND, lang) in part[part.index(blind) :]


def results_rows(client: object, assessment: Assessment) -> list[dict[str, str]]:
    response = client.get(f"/assessments/{assessment.pk}/export/results.csv")  # type: ignore[attr-defined]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_results_csv_has_the_partner_rows(scanned: Assessment, alice: User) -> None:
    rows = results_rows(logged_in(alice), scanned)
    mine = {r["id"]: r for r in rows if r["row"] == "partner_aspect"}
    assert set(mine) == set(PARTNER_ASPECTS)
    blind = mine[BLIND]
    assert blind["verdict"] == "blind_spot"
    assert float(blind["current_mean"]) == 4.5 and float(blind["partner_mean"]) == 16 / 11
    assert int(blind["partner_n"]) == 11
    assert float(blind["difference"]) == pytest.approx(4.5 - 16 / 11)
    assert mine[STRENGTH]["verdict"] == "hidden_strength"
    aspect_row = next(r for r in rows if r["row"] == "aspect" and r["id"] == BLIND)
    assert aspect_row["lead"] == "1" and float(aspect_row["partner_addition"]) > 0
    # Care North (6) and West College (5) are both at least k = 5: shown per group.
    groups = {(r["group"], r["id"]) for r in rows if r["row"] == "partner_group"}
    assert ("Care North", BLIND) in groups and ("West College", BLIND) in groups


def test_the_results_json_carries_the_partner_view(scanned: Assessment, alice: User) -> None:
    response = logged_in(alice).get(f"/assessments/{scanned.pk}/export/results.json")
    data = json.loads(response.content)
    view = data["partner_view"]
    assert view["blind_spots"] == [BLIND]
    assert view["hidden_strengths"] == [STRENGTH]
    assert view["respondents"] == 11 and view["min_group"] == 5
    assert data["respondents"] == 6


def test_the_workbook_has_a_partners_sheet(scanned: Assessment, alice: User) -> None:
    response = logged_in(alice).get(f"/assessments/{scanned.pk}/export/results.xlsx")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert "Partners" in book.sheetnames and "Partner groups" in book.sheetnames
    cells = [c.value for row in book["Partners"].iter_rows() for c in row]
    assert name(BLIND) in cells


def test_an_open_partner_round_shows_nothing_of_partners(org_a: Organisation, alice: User) -> None:
    assessment = own_round(org_a, alice, own_level)
    people = [Partner("Care North", partner_answers(i)) for i in range(6)]
    partners(assessment, alice, people, close=False)
    client = logged_in(alice)
    text = text_of(client.get(f"/assessments/{assessment.pk}/dashboard/").content)
    assert "The partner round is still open" in text
    assert "Blind spots" not in text
    data = json.loads(client.get(f"/assessments/{assessment.pk}/export/results.json").content)
    assert data["partner_view"] is None
    assert not [r for r in results_rows(client, assessment) if r["row"].startswith("partner")]


def test_too_few_partners_show_only_their_number(org_a: Organisation, alice: User) -> None:
    assessment = own_round(org_a, alice, own_level)
    people = [Partner("Care North", partner_answers(i)) for i in range(4)]
    people.append(Partner("Care North", {BLIND: "dk"}))  # counts nowhere
    partners(assessment, alice, people)
    text = text_of(logged_in(alice).get(f"/assessments/{assessment.pk}/dashboard/").content)
    assert "4 partners answered" in text
    assert "Blind spots" not in text


def test_a_follow_up_shows_the_change_since_the_previous_partner_round(
    org_a: Organisation, alice: User
) -> None:
    first = own_round(org_a, alice, own_level, title="Round 1")
    partners(first, alice, [Partner("Care North", partner_answers(i)) for i in range(6)])
    second = own_round(org_a, alice, own_level, title="Round 2", previous=first)
    later = [{**partner_answers(i), BLIND: "4"} for i in range(6)]  # partners see us better
    partners(second, alice, [Partner("Care North", answers) for answers in later])
    text = text_of(logged_in(alice).get(f"/assessments/{second.pk}/dashboard/").content)
    since = text[text.index("Since the partner round of “Round 1”") :]
    row = since[since.index(name(BLIND)) :][:120]
    # 1.5 then (1, 2, 1, 2, 1, 2), 4.0 now: +2.5, and larger than chance.
    assert "1.5" in row and "4.0" in row and "+2.5" in row and "higher, larger than chance" in row

"""The plan on the dashboard and in the PDF report: every action with this round's number
beside it, never a number below 3 respondents, and no query per action."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reports.conftest import add_responses, pdf_text
from support import logged_in

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.plans import domain as plans
from partnerscan.plans.models import Action
from partnerscan.plans.rows import ActionRow
from partnerscan.reports.build import build_report
from partnerscan.reports.charts import num
from partnerscan.scoring.stats import level_of

pytestmark = pytest.mark.django_db


def section(html: str) -> str:
    return html.split('<section id="plan"', 1)[1].split("</section>", 1)[0]


def test_the_report_holds_the_plan_with_this_rounds_numbers(
    assessment_a: Assessment, action_a: Action
) -> None:
    add_responses(assessment_a, 6)
    results = assessment_results(assessment_a, "en")
    assert results is not None
    now = next(a for a in results.aspects if a.id == "themes").current.mean
    level = level_of(now)
    assert level is not None
    assert build_report(assessment_a, "en").actions == (
        ActionRow(
            id=action_a.pk,
            aspect_id="themes",
            aspect="Themes",
            condition="Strategy",
            description="Choose three themes with the board.",
            owner="Fatima Jansen",
            due_on=dt.date(2026, 6, 30),
            status="planned",
            status_label="planned",
            target_level=3,
            target_level_name="Organised",
            current=now,
            level=level,
            level_name=assessment_a.capability_model.level_name(level, "en"),
            since=None,
        ),
    )


def themes_now(assessment: Assessment) -> str:
    """This round's mean of the current level on "themes", as the report prints it."""
    results = assessment_results(assessment, "en")
    assert results is not None
    return num(next(a for a in results.aspects if a.id == "themes").current.mean)


def test_the_plan_is_in_model_order_then_by_due_date(assessment_a: Assessment, alice: User) -> None:
    for aspect, due in (("learning", None), ("goals", "2026-05-01"), ("goals", "2026-04-01")):
        due_on = dt.date.fromisoformat(due) if due else None
        plans.create_action(
            assessment_a, alice, aspect=aspect, description="x", owner="y", due_on=due_on
        )
    rows = build_report(assessment_a, "en").actions
    assert [(r.aspect_id, r.due_on) for r in rows] == [
        ("goals", dt.date(2026, 4, 1)),
        ("goals", dt.date(2026, 5, 1)),
        ("learning", None),
    ]


def test_the_dashboard_shows_the_plan_and_links_to_it_for_editors(
    assessment_a: Assessment, action_a: Action, as_dave: Client
) -> None:
    add_responses(assessment_a, 6)
    html = as_dave.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert '<a href="#plan">Action plan</a>' in html
    plan = section(html)
    cells = re.sub(r"\s+", " ", re.sub(r"<.*?>", " ", plan))
    for text in (
        "Themes",
        "Strategy",
        "Choose three themes with the board.",
        "Fatima Jansen",
        "30 June 2026",
        "planned",
        "3 · Organised",
        f"{themes_now(assessment_a)} · Organised",
    ):
        assert text in cells
    assert f"/assessments/{assessment_a.pk}/actions/new/" in plan
    leads = html.split('<section id="leads"', 1)[1].split("</section>", 1)[0]
    assert leads.count("Plan an action for this lead") == 3
    assert f"/assessments/{assessment_a.pk}/actions/new/?aspect=" in leads


def test_a_viewer_sees_the_plan_without_links_to_change_it(
    assessment_a: Assessment, action_a: Action, as_bob: Client
) -> None:
    add_responses(assessment_a, 6)
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert "Choose three themes with the board." in section(html)
    assert "/actions/new/" not in html
    assert "Plan an action for this lead" not in html


def test_below_three_respondents_the_plan_shows_without_numbers(
    assessment_a: Assessment, action_a: Action, as_bob: Client
) -> None:
    add_responses(assessment_a, 2)
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    plan = section(html)
    assert "Choose three themes with the board." in plan
    assert ">Now<" not in plan
    assert not re.search(r"\d[.,]\d", plan)


def test_without_actions_or_results_the_dashboard_has_no_plan(
    assessment_a: Assessment, as_bob: Client
) -> None:
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert 'id="plan"' not in html


def test_the_pdf_shows_the_plan_before_the_blank_template(
    assessment_a: Assessment, action_a: Action, as_bob: Client
) -> None:
    add_responses(assessment_a, 6)
    text = pdf_text(as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=en").content)
    plan = text.split("Action plan: agreed actions", 1)[1].split("Fill in during", 1)[0]
    # Cells wrap over lines, so look for words, not phrases.
    words = plan.split()
    for word in ("Themes", "Choose", "Fatima", "Jansen", "June", "planned", "Organised"):
        assert word in words
    assert themes_now(assessment_a) in words
    assert text.index("Workshop guide") < text.index("Action plan: agreed actions")


def test_the_pdf_says_so_when_no_actions_were_agreed(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 6)
    text = pdf_text(as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=en").content)
    assert "No actions have been agreed yet." in text


def test_below_three_respondents_the_pdf_shows_the_plan_without_numbers(
    assessment_a: Assessment, action_a: Action, as_bob: Client
) -> None:
    add_responses(assessment_a, 2)
    text = pdf_text(as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=en").content)
    assert "Fatima" in text.split()
    assert not re.search(r"\d[.,]\d", text.replace(assessment_a.capability_model.ref, ""))


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_actions(assessment: Assessment, user: User, count: int) -> None:
    aspects = [a.id for a in assessment.capability_model.aspects]
    for i in range(count):
        plans.create_action(
            assessment,
            user,
            aspect=aspects[i % len(aspects)],
            description=f"Step {i}",
            owner="Kim",
            due_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            target_level=4,
        )


@pytest.mark.parametrize("page", ["dashboard/", "actions/"])
def test_the_pages_do_not_query_per_action(
    assessment_a: Assessment, alice: User, as_dave: Client, page: str
) -> None:
    url = f"/assessments/{assessment_a.pk}/{page}"
    add_responses(assessment_a, 5)
    add_actions(assessment_a, alice, 1)
    as_dave.get(url)  # the first read computes the results and stores them; later ones read them
    few = queries(as_dave, url)
    add_actions(assessment_a, alice, 20)
    assert queries(as_dave, url) == few


# In Dutch ----------------------------------------------------------------------------------


def test_the_plan_page_speaks_dutch(assessment_a: Assessment, action_a: Action, dave: User) -> None:
    html = logged_in(dave, "nl").get(f"/assessments/{assessment_a.pk}/actions/").content.decode()
    for text in (
        "Actieplan van",
        "Thema&#x27;s",
        "Strategie",
        "Wat we gaan doen",
        "Eigenaar",
        "Streefniveau",
        "3 · Georganiseerd",
        "Een actie toevoegen",
        "Wijzigen",
        '<option value="planned" selected>gepland</option>',
    ):
        assert text in html, text


def test_the_dashboard_and_pdf_show_the_plan_in_dutch(
    assessment_a: Assessment, action_a: Action, dave: User
) -> None:
    add_responses(assessment_a, 6)
    client = logged_in(dave, "nl")
    html = client.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    plan = section(html)
    for text in ("Actieplan", "gepland", "Georganiseerd", "30 juni 2026", "Actie toevoegen"):
        assert text in plan, text
    assert "Een actie plannen voor dit aanknopingspunt" in html
    text = pdf_text(client.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=nl").content)
    assert "Actieplan: afgesproken acties" in text
    assert "gepland" in text

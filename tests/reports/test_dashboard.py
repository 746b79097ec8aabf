"""The dashboard shows the engine's numbers, in the reader's language, and nothing below 3."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.utils import translation
from support import logged_in

from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.reports.charts import num
from partnerscan.scoring import Results

from .conftest import add_responses

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", re.S)
CELL = re.compile(r"<td class=\"num\"[^>]*>(.*?)</td>", re.S)


def rows(html: str, table: str) -> dict[str, list[str]]:
    """The numeric cells per row of the table with class `table`, keyed by the row's name."""
    body = html.split(f'class="results {table}"', 1)[1].split("</table>", 1)[0]
    found = {}
    for head, cells in ROW.findall(body):
        name = unescape(re.sub(r"<.*?>", "", head.split("<span", 1)[0])).strip()
        found[name] = [unescape(c).strip() for c in CELL.findall(cells)]
    return found


def signed(value: float | None) -> str:
    text = num(value)
    return text if text.startswith("-") else f"+{text}"


def expected_aspects(assessment: Assessment, results: Results, lang: str) -> dict[str, list[str]]:
    model = assessment.capability_model
    with translation.override(lang):
        return {
            model.aspect(a.id).name.get(lang): [
                num(a.current.mean),
                num(a.ambition.mean),
                signed(a.gap.mean),
                num(a.priority, 2),
            ]
            for a in results.aspects
        }


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_dashboard_shows_the_engines_numbers(
    assessment_a: Assessment, bob: object, lang: str
) -> None:
    add_responses(assessment_a, 12)
    results = assessment_results(assessment_a, lang)
    assert results is not None
    html = logged_in(bob, lang).get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()

    assert rows(html, "aspects") == expected_aspects(assessment_a, results, lang)
    model = assessment_a.capability_model
    with translation.override(lang):
        conditions = {
            model.conditions[i].name.get(lang): [
                num(c.current.mean),
                num(c.ambition.mean),
                str(c.current.n),
            ]
            for i, c in enumerate(results.conditions)
        }
        overall = num(results.overall.current.mean)
    assert rows(html, "compact stack") == conditions
    assert model.level_name(results.overall.level or 0, lang) in html
    assert overall in html
    weakest = model.conditions[
        [c.id for c in model.conditions].index(results.overall.weakest_condition)
    ]
    assert weakest.name.get(lang) in html


def test_dashboard_marks_views_differ_and_lists_the_leads(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 12)
    results = assessment_results(assessment_a, "en")
    assert results is not None
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    differ = sum(a.agreement.views_differ for a in results.aspects)
    assert differ > 0
    assert html.count('<span class="mark differ">') == differ
    for lead in results.leads:
        assert unescape(html).count(lead.next_step) == 1


def test_sorting_by_gap_puts_the_largest_gap_first(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 12)
    results = assessment_results(assessment_a, "en")
    assert results is not None
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/?sort=gap").content.decode()
    shown = list(rows(html, "aspects"))
    model = assessment_a.capability_model
    by_gap = sorted(results.aspects, key=lambda a: -(a.gap.mean or 0))
    assert shown[0] == model.aspect(by_gap[0].id).name.en
    gaps = [float(v[2]) for v in rows(html, "aspects").values()]
    assert gaps == sorted(gaps, reverse=True)


def test_comments_are_shown_without_role_or_department(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 6, departments=("Secret unit",), comment="We never meet them.")
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    comments = html.split('id="comments"', 1)[1].split("</section>", 1)[0]
    assert "We never meet them." in comments
    assert "Secret unit" not in comments
    assert "Staff" not in comments


def test_below_three_respondents_there_are_no_numbers(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 2)
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert "No results below 3 respondents" in html
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert 'class="num"' not in main
    assert "<svg" not in main
    assert not re.search(r"\d[.,]\d", main)

"""The dashboard's heat map of aspects × groups shows the engine's per-figure group means, and
nothing where the engine suppressed a group's figure."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.reports.breakdowns import group_label, role_labels
from partnerscan.reports.charts import num
from partnerscan.scoring import Results

from .conftest import add_responses

pytestmark = pytest.mark.django_db

Table = tuple[list[str], dict[str, list[str]]]
TABLE = re.compile(r'<table class="results heatmap">(.*?)</table>', re.S)
HEAD = re.compile(r'<th scope="col" class="num">(.*?)</th>', re.S)
ROW = re.compile(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', re.S)
CELL = re.compile(r"<td class=\"[^\"]*heat[^\"]*\">(.*?)</td>", re.S)


def text(html: str) -> str:
    return unescape(re.sub(r"<.*?>", "", html)).strip()


def heat_maps(html: str) -> list[Table]:
    """Per heat map on the page: its group columns and, per aspect, the cells as read
    (a suppressed cell reads as its dash and its explanation for screen readers)."""
    return [
        (
            [text(h) for h in HEAD.findall(body)],
            {
                text(name): [text(c) for c in CELL.findall(cells)]
                for name, cells in ROW.findall(body)
            },
        )
        for body in TABLE.findall(html)
    ]


def expected(assessment: Assessment, results: Results, hidden: str) -> list[Table]:
    """The engine's breakdown means, group by group and aspect by aspect; a group is a column
    when the engine shows at least one of its aspect figures."""
    model = assessment.capability_model
    roles = role_labels(model, "en")
    tables = []
    for grouping in ("role", "department", "group"):
        breakdown = getattr(results.breakdowns, grouping)
        shown = [g for g in breakdown.groups if any(a.current.mean is not None for a in g.aspects)]
        if breakdown.suppressed or not shown:
            continue
        tables.append(
            (
                [group_label(grouping, g, roles) for g in shown],
                {
                    model.aspect(a.id).name.en: [
                        hidden
                        if g.aspects[i].current.mean is None
                        else num(g.aspects[i].current.mean)
                        for g in shown
                    ]
                    for i, a in enumerate(results.aspects)
                },
            )
        )
    return tables


def test_heat_map_cells_are_the_engines_group_means_and_dashes_where_it_suppressed(
    assessment_a: Assessment, as_bob: Client
) -> None:
    # 4 in Policy, 4 in Operations, 2 in Tiny (k = 3): Tiny is pooled, and the don't-know
    # answers leave some aspects of a department below 3 numeric answers.
    add_responses(
        assessment_a, 10, departments=("Policy", "Operations", "Policy", "Operations", "Tiny")
    )
    results = assessment_results(assessment_a, "en")
    assert results is not None
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()

    hidden = "–not shown: too few answers in this group, counted in “other”"
    want = expected(assessment_a, results, hidden)
    assert heat_maps(html) == want
    # The fixture exercises both kinds of cell: numbers, and figures the engine held back.
    cells = [c for _groups, rows in want for row in rows.values() for c in row]
    assert hidden in cells and any(c != hidden for c in cells)
    assert "Tiny" not in [label for groups, _rows in want for label in groups]


def test_no_heat_map_for_a_breakdown_the_engine_suppressed(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 6, departments=("Only one",))  # every role "staff", one dept
    results = assessment_results(assessment_a, "en")
    assert results is not None
    assert [results.breakdowns.role.suppressed, results.breakdowns.department.suppressed] == [
        True,
        True,
    ]
    html = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert heat_maps(html) == []

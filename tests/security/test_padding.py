"""Padding: empty and near-empty submissions cannot make a small group's answers visible.

The attack (issue 12): departments of 5, 5 and 1 with k = 5. An insider adds four empty
submissions to the small department, through the open link, personal links or an import, hoping
the dashboard then shows that department as "a group of 5" whose figures are the one real
person's answers. Every figure counts only respondents who gave a numeric answer to it, so the
padded round must show exactly what the unpadded round shows: not one number changes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

import openpyxl
import pytest
from django.urls import reverse
from support import logged_in

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Response
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.pool import research
from partnerscan.pool.demo import add_answers
from partnerscan.pool.models import PoolEntry
from partnerscan.scoring.responses_csv import parse_responses_csv

from .conftest import World, answer

pytestmark = pytest.mark.django_db

ASPECTS = ("goals", "themes", "selection", "leadership", "learning")
# What each padding submission holds: nothing; only "don't know"; only comments.
NEAR_EMPTY: dict[str, dict[str, tuple[str, str]]] = {
    "empty": {},
    "dont-know": {aspect: ("dk", "dk") for aspect in ASPECTS},
}


def respond(token: str, department: str, levels: dict[str, tuple[str, str]]) -> None:
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    domain.save_context(response, "staff", department)
    answer(token, levels)


def comment_only(token: str, department: str) -> None:
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    domain.save_context(response, "staff", department)
    domain.save_answer(response, "goals", "comment", "Nothing to add.")
    domain.submit_response(response, invitation)


def target_round(organisation: Organisation) -> Assessment:
    """Policy 5 and Operations 5 answer; Sales has one real respondent who says 1 everywhere."""
    assessment = domain.create_assessment(
        organisation,
        None,
        title="padding",
        min_group=5,
        departments=["Policy", "Operations", "Sales"],
    )
    assessment = domain.open_assessment(assessment)
    for department, level, n in (("Policy", "4", 5), ("Operations", "3", 5), ("Sales", "1", 1)):
        for token in domain.create_links(assessment, n):
            respond(token, department, {aspect: (level, "5") for aspect in ASPECTS})
    return assessment


def pad_by_open_link(assessment: Assessment, kind: str) -> None:
    open_token = domain.enable_open_link(assessment)
    for _ in range(4):
        token = domain.claim_open_link(open_token)
        assert token is not None
        pad(token, kind)


def pad_by_personal_links(assessment: Assessment, kind: str) -> None:
    for token in domain.create_links(assessment, 4):
        pad(token, kind)


def pad(token: str, kind: str) -> None:
    if kind == "comment":
        comment_only(token, "Sales")
    else:
        respond(token, "Sales", NEAR_EMPTY[kind])


def pad_by_import(assessment: Assessment, kind: str) -> None:
    cells = {"empty": "", "dont-know": "dk", "comment": ""}[kind]
    header = ["respondent", "role", "department"]
    codes = [a.code for a in assessment.capability_model.aspects]
    header += [f"{code}_{part}" for code in codes for part in ("current", "ambition")]
    rows = [",".join(header)]
    for i in range(4):
        rows.append(",".join([f"pad{i}", "staff", "Sales"] + [cells] * (2 * len(codes))))
    parsed = parse_responses_csv(assessment.capability_model, "\n".join(rows) + "\n")
    domain.import_responses(assessment, parsed)


PADDERS: dict[str, Callable[[Assessment, str], None]] = {
    "open link": pad_by_open_link,
    "personal links": pad_by_personal_links,
    "import": pad_by_import,
}


def shown(assessment: Assessment) -> dict[str, object]:
    results = assessment_results(assessment, "en")
    assert results is not None
    return results.to_dict()


@pytest.mark.parametrize(
    ("route", "kind"),
    [
        (route, kind)
        for route in PADDERS
        for kind in ("empty", "dont-know", "comment")
        if (route, kind) != ("import", "comment")
    ],  # an imported row has no comment of its own
)
def test_padding_a_small_department_reveals_nothing(world: World, route: str, kind: str) -> None:
    plain, padded = target_round(world.a.organisation), target_round(world.a.organisation)
    PADDERS[route](padded, kind)
    before, after = shown(domain.close_assessment(plain)), shown(domain.close_assessment(padded))
    assert after == before
    departments = [g["group"] for g in after["breakdowns"]["department"]["groups"]]  # type: ignore[index]
    assert "Sales" not in departments


def sheets(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    """Every cell value of a workbook, by sheet (the file's bytes also hold a timestamp), but
    the number invited: the padding links were invitations, and counting them reveals nobody."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {
        sheet.title: [row for row in sheet.iter_rows(values_only=True) if row[0] != "Invited"]
        for sheet in book.worksheets
    }


def test_the_padded_department_is_not_on_the_dashboard_or_in_the_results_export(
    world: World,
) -> None:
    plain, padded = target_round(world.a.organisation), target_round(world.a.organisation)
    pad_by_personal_links(padded, "empty")
    owner = logged_in(world.a.owner)
    seen = {}
    for assessment in (plain, padded):
        domain.close_assessment(assessment)
        dashboard = owner.get(reverse("dashboard", args=[assessment.pk]))
        assert dashboard.status_code == 200 and b"Sales" not in dashboard.content
        export = owner.get(reverse("export", args=[assessment.pk, "results", "csv"]))
        workbook = owner.get(reverse("export", args=[assessment.pk, "results", "xlsx"]))
        seen[assessment.pk] = (
            b"".join(export.streaming_content),  # type: ignore[attr-defined]
            sheets(b"".join(workbook.streaming_content)),  # type: ignore[attr-defined]
        )
    assert seen[padded.pk] == seen[plain.pk]
    assert "Sales" not in str(seen[padded.pk][1])


def test_a_submission_without_answers_is_not_a_respondent(world: World) -> None:
    assessment = target_round(world.a.organisation)
    pad_by_personal_links(assessment, "empty")
    results = assessment_results(domain.close_assessment(assessment), "en")
    assert results is not None and results.respondents == 11


def test_empty_submissions_do_not_lift_a_round_into_the_benchmark_or_research_pool(
    world: World,
) -> None:
    """The pool's 5 × 5 rule and the research rows count respondents with answers only."""
    organisation = world.a.organisation
    assessment = domain.create_assessment(organisation, None, title="pool", in_pool=True)
    domain.open_assessment(assessment)
    add_answers(assessment, 3, random.Random(1), 3.0)
    Response.objects.bulk_create(
        Response(assessment=assessment, submitted=True, group="internal") for _ in range(4)
    )
    domain.close_assessment(assessment)
    entry = PoolEntry.objects.get(assessment=assessment)
    assert entry.respondents == 3  # below the pool's 5: compared with nobody, counted by nobody
    assert [r.id for r in research.rounds_of("mini@1.0")] == [assessment.pk]
    assert len(research.respondents_of(research.rounds_of("mini@1.0"))) == 3

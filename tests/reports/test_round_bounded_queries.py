"""Reading one round costs what that round holds, not what the database holds (issue 19).

On PostgreSQL, beside a large other round, every query that reads a small round's answers or
comments must reach them through an index: the plan of each, as EXPLAIN gives it, has no
sequential scan of the answers (or of the responses). The queries are those the readers and
pages really send, captured while they run, so a new reader or a changed query shape is
checked as it is.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments import visible_results as visible
from partnerscan.assessments.models import Answer, Assessment, Response
from partnerscan.reports import comments, exports

from .conftest import add_responses

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's; SQLite's planner reads IN (subquery) by index",
    ),
    pytest.mark.django_db,
]

TABLES = ("assessments_answer", "assessments_response")
OTHER, SMALL = 5000, 200  # respondents: 95,000 answers beside 3,800


def plans(call: Callable[[], object]) -> dict[str, list[str]]:
    """EXPLAIN of every query `call` sends that reads answers, by its SQL."""
    with CaptureQueriesContext(connection) as captured:
        call()
    found = {}
    for query in captured.captured_queries:
        sql = query["sql"]
        if "assessments_answer" not in sql or not sql.lstrip().startswith(("SELECT", "DECLARE")):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}")
            found[sql] = [row[0] for row in cursor.fetchall()]
    return found


def scans_of_a_whole_table(call: Callable[[], object]) -> list[str]:
    found = plans(call)
    assert found, "no query read the answers"
    return [
        " | ".join(line.strip() for line in plan if "Scan" in line) + f" <- {sql[:120]}…"
        for sql, plan in found.items()
        if any(f"Seq Scan on {table}" in line for line in plan for table in TABLES)
    ]


def add_large_round(assessment: Assessment, respondents: int) -> None:
    """Submitted responses answering every aspect, with a comment on two aspects of each. The
    answers are written by one INSERT … SELECT: 95,000 model instances would take seconds."""
    Response.objects.bulk_create(
        Response(assessment=assessment, submitted=True, role="staff", department="Policy")
        for _ in range(respondents)
    )
    aspects = [aspect.id for aspect in assessment.capability_model.aspects]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO assessments_answer (response_id, aspect, current, ambition, comment) "
            "SELECT r.id, aspect, 1 + (n + length(aspect)) %% 5, 5, "
            "CASE WHEN n %% 7 = 0 THEN 'Elders.' ELSE '' END "
            "FROM assessments_response r "
            "CROSS JOIN unnest(%s::text[]) WITH ORDINALITY a(aspect, n) "
            "WHERE r.assessment_id = %s",
            [aspects, assessment.pk],
        )


@pytest.fixture
def small_round(org_a: Organisation, alice: User) -> Assessment:
    """A closed round of SMALL respondents, beside another round of OTHER (analysed)."""
    other = domain.create_assessment(org_a, alice, title="A national round", min_group=3)
    add_large_round(other, OTHER)
    small = domain.create_assessment(org_a, alice, title="Our round", min_group=3)
    add_responses(small, SMALL, comment="Hier.")
    domain.close_assessment(small, alice)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assessments_answer, assessments_response")
    return small


READERS: dict[str, Callable[[Assessment], object]] = {
    "matrices": lambda a: visible.matrices([a]),
    "frozen_rows": visible.frozen_rows,
    "counting_respondents": visible.counting_respondents,
    "comments": lambda a: comments.comments(a.capability_model, a, "nl"),
    "responses_export": lambda a: list(exports.responses_table(a, "nl", SMALL).rows),
    "has_answers": domain.has_answers,
    "without_answers": lambda a: Response.objects.filter(assessment=a).without_answers().count(),
}


def test_each_reader_of_a_small_round_uses_an_index(small_round: Assessment) -> None:
    assert Answer.objects.exclude(response__assessment=small_round).count() == OTHER * 19
    assert Response.objects.filter(assessment=small_round).count() == SMALL
    found = {
        name: scans_of_a_whole_table(lambda r=read: r(small_round))
        for name, read in READERS.items()
    }
    assert found == {name: [] for name in READERS}


def test_the_pages_of_a_small_round_use_an_index(small_round: Assessment, as_alice: Client) -> None:
    def visit(page: str) -> None:
        response = as_alice.get(f"/assessments/{small_round.pk}/{page}")
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[arg-type]

    pages = ["dashboard/", "export/responses.csv", "export/results.csv"]
    found = {page: scans_of_a_whole_table(lambda p=page: visit(p)) for page in pages}
    assert found == {page: [] for page in pages}


def test_the_comments_of_a_round_are_read_through_their_own_index(
    small_round: Assessment,
) -> None:
    read = plans(lambda: comments.comments(small_round.capability_model, small_round, "nl"))
    (plan,) = read.values()
    assert "answer_with_comment" in "\n".join(plan)

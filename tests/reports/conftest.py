"""Personas and data for the reports: alice owns org A, bob views org A, charlie owns org B.

Responses are inserted directly (submitted), as many as a test needs, with answers that vary
by respondent and aspect so every statistic has something to show.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from browser_support import browser  # noqa: F401 - the browser tests here drive it
from django.utils import translation
from support import require

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.domain.common import results_changed
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response

PAYLOAD = '=HYPERLINK("http://x","y")<script>alert(1)</script>'


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def assessment_a(org_a: Organisation, alice: User) -> Assessment:
    return domain.create_assessment(
        org_a,
        alice,
        title="Round 1",
        goal="Work better with schools.",
        min_group=3,
        shares={"chain": 0.5, "regional": 0.3, "innovation": 0.2},
    )


def level(i: int, j: int) -> int:
    """Respondent i's current answer on aspect j: spread over 1..5, don't know now and then."""
    if (i * 7 + j * 3) % 13 == 0:
        return DONT_KNOW
    return (i + j * 2) % 5 + 1 if j % 4 else (i % 2) * 4 + 1  # every 4th aspect: 1 or 5


def ambition(i: int, j: int) -> int:
    current = level(i, j)
    return min(5, (3 if current == DONT_KNOW else current) + i % 3)


def add_responses(
    assessment: Assessment,
    count: int,
    departments: tuple[str, ...] = ("Policy", "Operations"),
    comment: str = "",
) -> list[Response]:
    """`count` submitted responses with answers on every aspect (four queries: written here,
    not by a workflow, they tell the results store themselves)."""
    aspects = [a.id for a in assessment.capability_model.aspects]
    responses = Response.objects.bulk_create(
        Response(
            assessment=assessment,
            submitted=True,
            role="staff",
            department=departments[i % len(departments)],
            group="internal",
        )
        for i in range(count)
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            aspect=aspect,
            current=level(i, j),
            ambition=ambition(i, j),
            comment=comment if i == 0 and j == 0 else "",
        )
        for i, response in enumerate(responses)
        for j, aspect in enumerate(aspects)
    )
    results_changed(assessment)
    return responses


def pdf_text(data: bytes) -> str:
    """The PDF's text as `pdftotext -layout` extracts it."""
    done = subprocess.run(
        [require("pdftotext"), "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()

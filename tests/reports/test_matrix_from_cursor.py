"""The answers reach the engine as numbers straight from the database (visible_results), and
give exactly the matrix the respondent-by-respondent way gives (ResponseMatrix.from_records)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response, as_value
from partnerscan.assessments.visible_results import live_matrices, scored
from partnerscan.scoring import ResponseMatrix
from partnerscan.scoring.records import AspectAnswer, RespondentRecord

pytestmark = pytest.mark.django_db

CODES = [None, 1, 2, 3, 4, 5, DONT_KNOW]


def random_round(organisation: Organisation, owner: User, rng: random.Random) -> Assessment:
    """Submitted and unsubmitted responses with random levels, don't know, blanks, missing
    answers, an aspect the model does not know, and roles, departments and groups."""
    assessment = domain.create_assessment(organisation, owner, title="Random", min_group=3)
    aspects = [a.id for a in assessment.capability_model.aspects] + ["not_in_the_model"]
    responses = Response.objects.bulk_create(
        Response(
            assessment=assessment,
            submitted=rng.random() < 0.9,
            role=rng.choice(["", "staff", "manager", "board"]),
            department=rng.choice(["", "Policy", "Operations", "Finance"]),
            group=rng.choice(["", "internal", "external"]),
        )
        for _ in range(rng.randint(20, 60))
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            aspect=aspect,
            current=rng.choice(CODES),
            ambition=rng.choice(CODES),
        )
        for response in responses
        for aspect in aspects
        if rng.random() < 0.7
    )
    return assessment


def the_old_way(assessment: Assessment) -> ResponseMatrix:
    """Respondent by respondent, answer by answer, through the scoring package's records."""
    model = assessment.capability_model
    records = [
        RespondentRecord(
            str(response.pk),
            response.role,
            response.department,
            response.group,
            {
                answer.aspect: AspectAnswer(as_value(answer.current), as_value(answer.ambition))
                for answer in response.answers.all()
                if answer.aspect in {a.id for a in model.aspects}
            },
        )
        for response in Response.objects.filter(assessment=assessment)
        .counting()
        .order_by("id")
        .prefetch_related("answers")
    ]
    return ResponseMatrix.from_records(model, records)


def same_matrix(got: ResponseMatrix, expected: ResponseMatrix) -> None:
    assert got.aspect_ids == expected.aspect_ids
    assert np.array_equal(got.current, expected.current)
    assert np.array_equal(got.ambition, expected.ambition)
    for grouping in ("role", "department", "group"):
        mine, theirs = getattr(got, grouping), getattr(expected, grouping)
        assert mine.names == theirs.names
        assert np.array_equal(mine.codes, theirs.codes)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_matrix_from_the_cursor_equals_the_one_built_answer_by_answer(
    org_a: Organisation, alice: User, seed: int
) -> None:
    rng = random.Random(seed)
    rounds = [random_round(org_a, alice, rng) for _ in range(3)]
    empty = domain.create_assessment(org_a, alice, title="Nobody yet", min_group=3)
    loaded = live_matrices([*rounds, empty])
    for assessment in rounds:
        expected = the_old_way(assessment)
        assert expected.respondents > 10
        same_matrix(loaded[assessment.pk], expected)
        assert scored(assessment, loaded[assessment.pk], "nl") == scored(assessment, expected, "nl")
    assert loaded[empty.pk].respondents == 0


def test_a_round_alone_reads_as_it_does_among_others(org_a: Organisation, alice: User) -> None:
    rng = random.Random(7)
    first, second = random_round(org_a, alice, rng), random_round(org_a, alice, rng)
    together = live_matrices([first, second])
    same_matrix(live_matrices([second])[second.pk], together[second.pk])

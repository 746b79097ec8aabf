"""The respondent's response found by its token through SQL compiled once (issue 19): the
same instances the ORM gives, fresh data on every call, one query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Model
from django.test.utils import CaptureQueriesContext

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Response
from partnerscan.core.queries import OneRow
from partnerscan.core.tokens import response_hash


def fields(instance: Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def by_orm(token: str) -> Response:
    return Response.objects.select_related("assessment").get(key_hash=response_hash(token))


@pytest.mark.django_db
def test_the_response_and_its_round_equal_what_the_orm_reads(started: str) -> None:
    response = by_orm(started)
    domain.save_context(response, "", "IT")
    domain.set_position(response, "c:strategy")
    expected = by_orm(started)

    with CaptureQueriesContext(connection) as queries:
        found = domain.find_response(started)

    assert len(queries) == 1
    assert found is not None and found.pk == expected.pk
    assert fields(found) == fields(expected)
    assert fields(found.assessment) == fields(expected.assessment)
    assert found.assessment.departments == ["Sales", "IT"]  # a JSON column, converted
    assert found._state.db == "default" and not found._state.adding
    with CaptureQueriesContext(connection) as queries:
        assert found.assessment.organisation_id == expected.assessment.organisation_id
    assert len(queries) == 0  # the round came with the response


@pytest.mark.django_db
def test_every_call_reads_the_round_as_it_is_now(started: str, assessment: Assessment) -> None:
    assert domain.find_response(started).assessment.allow_amend  # type: ignore[union-attr]
    Assessment.objects.filter(pk=assessment.pk).update(allow_amend=False, title="Herhaling")
    found = domain.find_response(started)
    assert found is not None and not found.assessment.allow_amend
    assert found.assessment.title == "Herhaling"
    domain.close_assessment(assessment)
    assert domain.find_response(started) is None  # closing drops the response's key


@pytest.mark.django_db
def test_a_token_that_opens_no_response_finds_none(token: str, started: str) -> None:
    assert domain.find_response("x" * 43) is None
    assert domain.find_response("") is None
    assert domain.find_response(started) is not None


@pytest.mark.django_db
def test_a_look_up_by_more_than_the_one_value_is_refused(assessment: Assessment) -> None:
    two_values = OneRow(lambda key: Response.objects.filter(key_hash=key, role="x"))
    with pytest.raises(ValueError, match="only parameter"):
        two_values.get("k")
    annotated = OneRow(
        lambda key: Assessment.objects.filter(title=key).annotate(n=Count("responses"))
    )
    with pytest.raises(ValueError):
        annotated.get("k")

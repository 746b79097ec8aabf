"""The dashboard issues the same number of queries for 5 and for 40 respondents."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.assessments.models import Assessment

from .conftest import add_responses

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_does_not_query_per_respondent(
    assessment_a: Assessment, as_bob: Client
) -> None:
    url = f"/assessments/{assessment_a.pk}/dashboard/"
    add_responses(assessment_a, 5, comment="Five.")
    few = queries(as_bob, url)
    add_responses(assessment_a, 35, comment="Forty.")
    assert queries(as_bob, url) == few


def test_the_results_export_does_not_query_per_respondent(
    assessment_a: Assessment, as_bob: Client
) -> None:
    url = f"/assessments/{assessment_a.pk}/export/results.csv"
    add_responses(assessment_a, 5)
    few = queries(as_bob, url)
    add_responses(assessment_a, 35)
    assert queries(as_bob, url) == few

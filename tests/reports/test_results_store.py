"""A round's results are computed once per change and then read (assessments/results_store.py):
what is read always equals a fresh computation, every change of answers or settings shows, and
the dashboard's queries do not grow with the respondents."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain, imports
from partnerscan.assessments.domain.common import results_changed
from partnerscan.assessments.models import Assessment, ImportJob, StoredResults
from partnerscan.assessments.results_store import compute_ahead, round_results
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.core import jobs
from partnerscan.reports.build import build_report, results_json

from .conftest import add_responses
from .test_queries import closed_follow_up

pytestmark = pytest.mark.django_db


def fresh(assessment: Assessment, lang: str = "en") -> object:
    """The results as the engine computes them now, past any store (a new object each time)."""
    return assessment_results(Assessment.objects.get(pk=assessment.pk), lang)


def read(assessment: Assessment, lang: str = "en") -> object:
    return round_results(Assessment.objects.get(pk=assessment.pk), lang)


def answer(assessment: Assessment, token: str, level: str) -> None:
    """A respondent answers two aspects and submits, through the respondent's workflows."""
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    for aspect in ("goals", "leadership"):
        domain.save_answer(response, aspect, "current", level)
        domain.save_answer(response, aspect, "ambition", "5")
    domain.submit_response(response, invitation)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_stored_results_equal_a_fresh_computation(
    org_a: Organisation, alice: User, lang: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    assessment = Assessment.objects.get(pk=closed_follow_up(org_a, alice, 40).pk)
    first = read(assessment, lang)
    assert StoredResults.objects.filter(assessment=assessment, lang=lang).exists()
    with django_assert_num_queries(1):
        again = round_results(assessment, lang)
    assert again == first == fresh(assessment, lang)
    assert again is not None and again.breakdowns.department.groups  # the whole object
    assert results_json(build_report(assessment, lang))["aspects"] == [  # type: ignore[index]
        a.to_dict() for a in again.aspects
    ]


def test_each_language_is_stored_apart(org_a: Organisation, alice: User) -> None:
    assessment = closed_follow_up(org_a, alice, 12)
    dutch, english = read(assessment, "nl"), read(assessment, "en")
    assert dutch == fresh(assessment, "nl") and english == fresh(assessment, "en")
    assert dutch != english  # the leads' next steps are in the reader's language


def test_answers_changed_by_the_workflows_show_at_the_next_read(
    org_a: Organisation, alice: User
) -> None:
    """An open round with interim results: each new snapshot, an erasure and the closing."""
    assessment = domain.create_assessment(org_a, alice, title="Live", min_group=3)
    domain.set_interim_results(assessment, True, alice)
    domain.open_assessment(assessment, alice)
    tokens = domain.create_links(assessment, 8)
    assert read(assessment) is None
    for token in tokens[:3]:
        answer(assessment, token, "2")
    seen = [read(assessment)]
    for token in tokens[3:6]:
        answer(assessment, token, "4")
    seen.append(read(assessment))
    answer(assessment, tokens[6], "5")  # fewer than k since the last snapshot: nothing shows
    seen.append(read(assessment))
    domain.erase_response(assessment, tokens[0])
    seen.append(read(assessment))
    domain.close_assessment(assessment, alice)
    seen.append(read(assessment))
    assert [r.respondents for r in seen] == [3, 6, 6, 5, 6]  # type: ignore[attr-defined]
    assert seen[-1] == fresh(assessment)
    assert seen[1] == seen[2] != seen[3]


def test_a_change_of_settings_shows_at_the_next_read(assessment_a: Assessment, alice: User) -> None:
    add_responses(assessment_a, 12, departments=("Policy", "Operations", "Finance"))
    before = read(assessment_a)
    changed = domain.update_assessment(
        assessment_a, alice, shares={"chain": 0.1, "regional": 0.1, "innovation": 0.8}
    )
    after_shares = read(changed)
    assert after_shares == fresh(changed) != before
    changed = domain.update_assessment(changed, alice, min_group=4)
    assert read(changed) == fresh(changed) != after_shares


def test_answers_written_outside_a_workflow_show_once_the_store_is_told(
    assessment_a: Assessment,
) -> None:
    add_responses(assessment_a, 4)
    assert read(assessment_a).respondents == 4  # type: ignore[attr-defined]
    add_responses(assessment_a, 4)  # the helper calls results_changed, as such code must
    assert read(assessment_a) == fresh(assessment_a)
    assert read(assessment_a).respondents == 8  # type: ignore[attr-defined]


def dashboard_queries(client: Client, assessment: Assessment) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/assessments/{assessment.pk}/dashboard/").status_code == 200
    return len(captured)


def test_the_dashboard_makes_as_many_queries_at_10_as_at_1000_respondents(
    org_a: Organisation, alice: User, as_bob: Client
) -> None:
    small = closed_follow_up(org_a, alice, 10)
    large = closed_follow_up(org_a, alice, 1000)
    dashboard_queries(as_bob, small)  # the first request of a session reads what later reuse
    computed = []
    for assessment in (small, large):
        results_changed(assessment)
        computed.append(dashboard_queries(as_bob, assessment))
    stored = [dashboard_queries(as_bob, assessment) for assessment in (small, large)]
    assert computed[0] == computed[1]
    assert stored[0] == stored[1] < computed[0]


def test_the_worker_stores_changed_results_in_every_language_before_anyone_reads_them(
    org_a: Organisation, alice: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    second = Assessment.objects.get(pk=closed_follow_up(org_a, alice, 10).pk)
    first = Assessment.objects.get(pk=second.previous_id)
    draft = domain.create_assessment(org_a, alice, title="Not yet", min_group=3)
    add_responses(draft, 5)  # a draft's figures are only read by whoever opens its page
    # In English already: the pool took both rounds' figures when they closed.
    done = jobs.run_all(timezone.now())["stored_results"]
    assert done == "stored the results of 2 round(s) and language(s)"
    assert compute_ahead(timezone.now()) == ""
    for assessment in (first, second):
        for lang in ("nl", "en"):
            with django_assert_num_queries(1):
                stored = round_results(assessment, lang)
            assert stored == fresh(assessment, lang)
    assert not StoredResults.objects.filter(assessment=draft).exists()
    results_changed(second)
    assert compute_ahead(timezone.now()) == "stored the results of 2 round(s) and language(s)"


def test_an_import_the_worker_publishes_shows_at_the_next_read(assessment_a: Assessment) -> None:
    add_responses(assessment_a, 4)
    assert read(assessment_a).respondents == 4  # type: ignore[attr-defined]
    codes = [a.code for a in assessment_a.capability_model.aspects]
    header = ",".join(
        ["respondent,role,department,group"] + [f"{c}_current,{c}_ambition" for c in codes]
    )
    blanks = "," * 2 * (len(codes) - 1)
    rows = ["p1,staff,Policy,internal,2,4", "p2,board,,,dk,5", "p3,,,external,1,3"]
    data = "\n".join([header, *(row + blanks for row in rows)]).encode()
    imports.queue_import(assessment_a, data, "paper.csv")
    (job,) = imports.run_pending_imports()
    assert job.state == ImportJob.State.DONE, job.errors
    assert read(assessment_a).respondents == 7  # type: ignore[attr-defined]
    assert read(assessment_a) == fresh(assessment_a)

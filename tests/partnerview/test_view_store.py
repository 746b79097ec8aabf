"""A round's partner view is computed once per change and then read (partnerview/view_store.py):
what is read always equals a fresh `partner_view(...)`, every change of own answers, partners'
answers or settings shows at the next read, and the dashboard's queries do not grow with the
own respondents nor read their answers once the view is stored."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from partner_scenarios import PARTNER_ASPECTS, Partner, kinds, own_round, partners
from pytest_django import DjangoAssertNumQueries
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.assessments import visible_results
from partnerscan.assessments.domain.common import results_changed
from partnerscan.assessments.models import Answer, Assessment, Response
from partnerscan.core import jobs
from partnerscan.partnerview.domain import close_partner_round, partner_answers_changed
from partnerscan.partnerview.models import (
    PartnerAnswer,
    PartnerResponse,
    PartnerRound,
    StoredPartnerView,
)
from partnerscan.partnerview.records import partner_records
from partnerscan.partnerview.view_store import Seen, compute_ahead, round_partner_view
from partnerscan.scoring.partner_results import PartnerView
from partnerscan.scoring.partner_view import partner_view
from partnerscan.workshop.agenda import round_figures

pytestmark = pytest.mark.django_db

BLIND = "attractiveness"


def own_level(i: int, aspect: str) -> int:
    return 4 + i % 2 if aspect == BLIND else 3 + i % 2


def partner_answers(i: int, blind: str | None = None) -> dict[str, str]:
    answers = {aspect: str(2 + i % 3) for aspect in PARTNER_ASPECTS}
    answers[BLIND] = blind or str(1 + i % 2)
    return answers


def people(count: int = 11) -> list[Partner]:
    return [
        Partner("Care North" if i % 2 else "West College", partner_answers(i)) for i in range(count)
    ]


@pytest.fixture
def scanned(org_a: Organisation, alice: User) -> Assessment:
    kinds(org_a, alice, {"Care North": "non-profit", "West College": "knowledge-institution"})
    assessment = own_round(org_a, alice, own_level, count=8, shares={"chain": 0.5, "regional": 0.5})
    partners(assessment, alice, people())
    return Assessment.objects.get(pk=assessment.pk)


def fresh(assessment: Assessment, lang: str = "en") -> PartnerView | None:
    """The partner view as `scoring.partner_view` computes it now, past any store."""
    assessment = Assessment.objects.get(pk=assessment.pk)
    results = visible_results.assessment_results(assessment, lang)
    records = partner_records(assessment)
    assert results is not None and records is not None
    try:
        return partner_view(
            assessment.capability_model,
            visible_results.matrices([assessment])[assessment.pk],
            records,
            min_group=PartnerRound.objects.get(assessment=assessment).min_group,
            own_results=results,
            shares=visible_results.engine_shares(assessment),
            lang=lang,
        )
    except Exception:  # noqa: BLE001 - below k: no view, as the store says
        return None


def read(assessment: Assessment, lang: str = "en") -> Seen:
    seen = round_partner_view(Assessment.objects.get(pk=assessment.pk), lang)
    assert seen is not None
    return seen


def view_of(assessment: Assessment, lang: str = "en") -> PartnerView:
    view = read(assessment, lang).view
    assert view is not None
    return view


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_stored_view_equals_a_fresh_computation(
    scanned: Assessment, lang: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    first = read(scanned, lang)
    assert StoredPartnerView.objects.filter(round__assessment=scanned, lang=lang).exists()
    with django_assert_num_queries(1):
        again = round_partner_view(scanned, lang)
    assert again == first == Seen(11, fresh(scanned, lang))
    assert again.view is not None and again.view.by_organisation.groups  # the whole object
    assert again.view.to_dict() == fresh(scanned, lang).to_dict()  # type: ignore[union-attr]
    assert again.view.blind_spots == (BLIND,)


def test_each_language_is_stored_apart(scanned: Assessment) -> None:
    dutch, english = view_of(scanned, "nl"), view_of(scanned, "en")
    assert (dutch, english) == (fresh(scanned, "nl"), fresh(scanned, "en"))
    assert dutch.leads != english.leads  # the next steps are in the reader's language
    assert StoredPartnerView.objects.filter(round__assessment=scanned).count() == 2


def test_no_view_is_stored_while_the_partner_round_is_open(
    org_a: Organisation, alice: User
) -> None:
    assessment = own_round(org_a, alice, own_level)
    partner_round = partners(assessment, alice, people(6), close=False)
    assert round_partner_view(assessment, "en") is None
    assert not StoredPartnerView.objects.exists()
    close_partner_round(partner_round, alice)
    assert view_of(assessment) == fresh(assessment)


def test_own_answers_changed_show_at_the_next_read(scanned: Assessment) -> None:
    before = view_of(scanned)
    responses = Response.objects.bulk_create(
        Response(assessment=scanned, submitted=True, role="staff") for _ in range(4)
    )
    Answer.objects.bulk_create(
        Answer(response=r, aspect=aspect, current=1, ambition=2)
        for r in responses
        for aspect in PARTNER_ASPECTS
    )
    assert view_of(scanned) == before  # nothing told the store yet: code must tell it
    results_changed(scanned)
    after = view_of(scanned)
    assert after == fresh(scanned) != before
    assert after.aspects[0].own.n == before.aspects[0].own.n + 4


def answer(assessment: Assessment, token: str, level: str) -> None:
    """A colleague answers every aspect partners see and submits, through the workflows."""
    invitation = assessments.find_invitation(token)
    assert invitation is not None
    response = assessments.start_response(invitation, token)
    for aspect in PARTNER_ASPECTS:
        assessments.save_answer(response, aspect, "current", level)
        assessments.save_answer(response, aspect, "ambition", "5")
    assessments.submit_response(response, invitation)


def test_an_erased_own_response_shows_at_the_next_read(org_a: Organisation, alice: User) -> None:
    """An open round with interim results beside a closed partner round: the erasure raises
    the round's results_version, which the stored view's key holds."""
    assessment = assessments.create_assessment(
        org_a, alice, title="Live", model_ref="partnership-capability@1.1", min_group=3
    )
    assessments.set_interim_results(assessment, True, alice)
    assessments.open_assessment(assessment, alice)
    tokens = assessments.create_links(assessment, 6)
    for i, token in enumerate(tokens):
        answer(assessment, token, str(2 + i % 3))
    partners(assessment, alice, people(6))
    before = view_of(assessment)
    assessments.erase_response(assessment, tokens[0])
    after = view_of(assessment)
    assert after == fresh(assessment) != before
    assert after.aspects[0].own.n == before.aspects[0].own.n - 1


def test_a_new_partner_response_and_an_erased_one_show_once_the_store_is_told(
    scanned: Assessment,
) -> None:
    partner_round = PartnerRound.objects.get(assessment=scanned)
    before = view_of(scanned)
    added = PartnerResponse.objects.create(
        round=partner_round, organisation="West College", submitted=True
    )
    PartnerAnswer.objects.bulk_create(
        PartnerAnswer(response=added, aspect=aspect, value=5) for aspect in PARTNER_ASPECTS
    )
    partner_answers_changed(partner_round)
    grown = view_of(scanned)
    assert grown == fresh(scanned) != before
    assert grown.respondents == before.respondents + 1
    PartnerResponse.objects.filter(round=partner_round, organisation="Care North").first().delete()  # type: ignore[union-attr]
    added.delete()
    partner_answers_changed(partner_round)
    erased = view_of(scanned)
    assert erased == fresh(scanned)
    assert erased.respondents == before.respondents - 1


def test_closing_the_partner_round_raises_its_answers_version(
    org_a: Organisation, alice: User
) -> None:
    assessment = own_round(org_a, alice, own_level)
    partner_round = partners(assessment, alice, people(6))
    assert PartnerRound.objects.get(pk=partner_round.pk).answers_version == 1
    assert partner_round.answers_version == 1


def test_a_change_of_the_partner_rounds_k_shows_at_the_next_read(scanned: Assessment) -> None:
    """k = 5: both organisations (5 and 6 partners) are shown; k = 6: one, pooled; k = 12:
    below k partners, no view but their number."""
    assert len(view_of(scanned).by_organisation.groups) == 2
    PartnerRound.objects.filter(assessment=scanned).update(min_group=6)
    six = view_of(scanned)
    assert six == fresh(scanned) and six.min_group == 6
    assert [g.kind for g in six.by_organisation.groups] != ["value", "value"]
    PartnerRound.objects.filter(assessment=scanned).update(min_group=12)
    assert read(scanned) == Seen(11, None) and fresh(scanned) is None


def test_a_change_of_shares_shows_at_the_next_read(scanned: Assessment) -> None:
    before = view_of(scanned)
    shares = {"chain": 0.1, "regional": 0.1, "innovation": 0.8}
    Assessment.objects.filter(pk=scanned.pk).update(shares=shares)
    after = view_of(scanned)
    assert after == fresh(scanned)
    assert [lead.priority for lead in after.leads] != [lead.priority for lead in before.leads]


def test_the_agendas_figures_read_the_stored_results_and_view(scanned: Assessment) -> None:
    figures = round_figures(scanned)
    assert figures.results == visible_results.assessment_results(scanned, "nl")
    assert figures.partners == fresh(scanned, "nl")
    assert StoredPartnerView.objects.filter(round__assessment=scanned, lang="nl").exists()


def test_the_worker_stores_changed_views_in_every_language_before_anyone_reads_them(
    scanned: Assessment, org_a: Organisation, alice: User
) -> None:
    open_one = own_round(org_a, alice, own_level, title="Open partners")
    partners(open_one, alice, people(6), close=False)  # nothing to store while open
    now = timezone.now()
    assert compute_ahead(now) == "stored the partner views of 2 round(s) and language(s)"
    assert compute_ahead(now) == ""
    stored = StoredPartnerView.objects.get(round__assessment=scanned, lang="nl")
    assert stored.payload and read(scanned, "nl").view == fresh(scanned, "nl")
    results_changed(scanned)
    assert compute_ahead(now) == "stored the partner views of 2 round(s) and language(s)"
    results_changed(scanned)
    # Registered in PartnerviewConfig.ready(); the PDF job before it may have stored them.
    assert "stored_partner_views" in jobs.run_all(now)
    assert compute_ahead(now) == ""


# --- the dashboard -----------------------------------------------------------------------------


def chain(organisation: Organisation, owner: User, own: int) -> Assessment:
    """Two closed rounds of `own` colleagues each, both with a closed partner round: the
    second's dashboard shows the partner view and the change since the first."""
    first = own_round(organisation, owner, own_level, count=own, title=f"{own} then")
    partners(first, owner, people())
    second = own_round(
        organisation, owner, own_level, count=own, title=f"{own} now", previous=first
    )
    partners(second, owner, people())
    return second


def dashboard(client: Client, assessment: Assessment) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/assessments/{assessment.pk}/dashboard/")
    assert page.status_code == 200
    assert b"Since the partner round of" in page.content
    return [query["sql"] for query in captured.captured_queries]


def reads_answer_matrix(sql: str) -> bool:
    """A query that reads colleagues' levels (the own answer matrix); the comments' query
    reads only the texts of the answer table."""
    return '"assessments_answer"."current"' in sql or '"assessments_answer"."ambition"' in sql


def test_the_dashboard_with_partners_makes_as_many_queries_at_10_as_at_60_colleagues(
    org_a: Organisation, alice: User
) -> None:
    small, large = chain(org_a, alice, 10), chain(org_a, alice, 60)
    client = logged_in(alice)
    computed = [dashboard(client, a) for a in (small, large)]
    assert any(reads_answer_matrix(sql) for sql in computed[1])
    stored = [dashboard(client, a) for a in (small, large)]
    assert len(stored[0]) == len(stored[1]) < len(computed[1])
    assert not [sql for sql in stored[0] + stored[1] if reads_answer_matrix(sql)]
    answer_queries = [sql for sql in stored[1] if "assessments_answer" in sql]
    assert len(answer_queries) == 1 and "comment" in answer_queries[0]  # the comments only

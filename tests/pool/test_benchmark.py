"""Where a round stands against the pool: the 5 × 5 rule, peers, quartiles and the pages."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.pool.benchmark import Benchmark, benchmark, pool_quartiles
from partnerscan.pool.models import PoolEntry, PoolScore
from partnerscan.reports.build import build_report
from partnerscan.reports.render import report_html

from .benchmark_support import closed_round, peer, peers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def own(org_a: Organisation) -> Assessment:
    return closed_round(org_a, respondents=6, maturity=2.5)


def pool_means(key: str = "strategy", kind: str = "condition") -> list[float]:
    scores = PoolScore.objects.filter(kind=kind, key=key, entry__latest=True)
    return sorted(
        scores.exclude(entry__organisation__name="Org A").values_list("current", flat=True)
    )


def fresh(assessment: Assessment) -> Assessment:
    """Re-read, with the organisation as a test has just changed it."""
    return Assessment.objects.get(pk=assessment.pk)


def condition(result: Benchmark, key: str = "strategy") -> object:
    return next(row for row in result.conditions if row.key == key)


def test_fewer_than_5_organisations_show_no_benchmark(own: Assessment) -> None:
    peers(4)
    peer("Small", respondents=4)  # 4 respondents: in the pool, but not counted
    result = benchmark(own, "en")
    assert result is not None
    assert (result.shown, result.organisations, result.needed) == (False, 4, 1)
    assert (result.conditions, result.aspects) == ((), ())


def test_5_organisations_of_5_respondents_show_the_quartiles(own: Assessment) -> None:
    peers(5)
    result = benchmark(own, "en")
    assert result is not None and result.shown and result.organisations == 5
    values = pool_means()
    row = condition(result)
    assert (row.n, row.q1, row.median, row.q3) == (
        5,
        *(float(np.percentile(values, q)) for q in (25, 50, 75)),
    )
    assert len(result.conditions) == 4 and len(result.aspects) == 19


def test_own_organisation_is_not_its_own_peer(org_a: Organisation, own: Assessment) -> None:
    closed_round(org_a, seed=9)  # a later round of the same organisation
    peers(4)
    result = benchmark(Assessment.objects.get(pk=own.pk), "en")
    assert result is not None and result.organisations == 4


def test_only_the_latest_round_of_a_peer_counts(own: Assessment) -> None:
    others = peers(5)
    closed_round(others[0], maturity=4.5, seed=7)
    result = benchmark(own, "en")
    assert result is not None and result.organisations == 5
    assert condition(result).n == 5


def test_peers_of_the_same_sector_id_or_size(org_a: Organisation, own: Assessment) -> None:
    org_a.sector, org_a.size = "healthcare", "medium"
    org_a.save()
    peers(5, sector="healthcare", size="small")
    peers(3, start=5, sector="healthcare", size="medium")
    peers(6, start=8, sector="education", size="medium")
    # Not an id of the list (only a hand-made row can hold it): not the same sector.
    peers(2, start=14, sector="Healthcare", size="small")
    counts = {p: benchmark(fresh(own), "en", p).organisations for p in ("all", "sector", "size")}
    assert counts == {"all": 16, "sector": 8, "size": 9}


def test_a_filter_needs_its_own_5_organisations(org_a: Organisation, own: Assessment) -> None:
    org_a.sector = "housing"
    org_a.save()
    peers(5, sector="healthcare")
    peers(2, start=5, sector="housing")
    result = benchmark(fresh(own), "en", "sector")
    assert result is not None and (result.shown, result.needed) == (False, 3)


def test_without_a_sector_the_sector_filter_says_so(own: Assessment) -> None:
    peers(5, sector="healthcare")
    result = benchmark(own, "en", "sector")
    assert result is not None and (result.shown, result.missing) == (False, "sector")


def test_position_and_percentile_rank_of_the_own_mean(own: Assessment) -> None:
    peers(9)
    result = benchmark(own, "en")
    mean = assessment_results(own, "en").conditions[0].current.mean  # type: ignore[union-attr]
    values = np.array(pool_means())
    row = condition(result)
    expected_rank = 100 * (np.sum(values < mean) + np.sum(values == mean) / 2) / len(values)
    assert row.own == mean
    assert row.rank == pytest.approx(expected_rank)
    expected = "below" if mean < row.q1 else "above" if mean > row.q3 else "between"
    assert row.position == expected


def test_no_benchmark_unless_opted_in_and_with_results(org_a: Organisation) -> None:
    peers(5)
    assert benchmark(closed_round(org_a, in_pool=False), "en") is None
    few = closed_round(org_a, respondents=2)
    assert few.in_pool and benchmark(few, "en") is None


def test_the_query_count_does_not_depend_on_the_pool_size(own: Assessment) -> None:
    peers(5)
    with CaptureQueriesContext(connection) as small:
        assert benchmark(own, "en").shown  # type: ignore[union-attr]
    peers(10, start=5)
    with CaptureQueriesContext(connection) as large:
        assert benchmark(own, "en").organisations == 15  # type: ignore[union-attr]
    assert len(small) == len(large)


# --- the quartiles equal numpy's ----------------------------------------------------------------

LEVELS = st.sampled_from([1 + i / 6 for i in range(25)])  # condition means: ties are common
MEANS = st.floats(min_value=1, max_value=5, allow_nan=False)


@pytest.fixture
def entries(org_b: Organisation) -> list[PoolEntry]:
    rounds = Assessment.objects.bulk_create(
        Assessment(organisation=org_b, title=f"R{i}", model_id="m", model_version="1")
        for i in range(80)
    )
    return PoolEntry.objects.bulk_create(
        PoolEntry(
            assessment=a,
            organisation=org_b,
            model_id="m",
            model_version="1",
            respondents=5,
            latest=False,
        )
        for a in rounds
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.one_of(LEVELS, MEANS), min_size=1, max_size=80))
def test_the_quartiles_equal_numpys(entries: list[PoolEntry], values: list[float]) -> None:
    PoolScore.objects.all().delete()
    PoolScore.objects.bulk_create(
        PoolScore(entry=entry, kind="aspect", key="goals", current=value)
        for entry, value in zip(entries, values, strict=False)
    )
    got = pool_quartiles(PoolScore.objects.all())
    expected = tuple(float(np.percentile(values, q)) for q in (25, 50, 75))
    assert got == {("aspect", "goals"): (len(values), *expected)}


# --- the pages ----------------------------------------------------------------------------------


def test_the_dashboard_shows_the_benchmark_with_its_organisation_count(
    own: Assessment, as_bob: Client
) -> None:
    peers(6)
    page = as_bob.get(f"/assessments/{own.pk}/dashboard/").content.decode()
    assert 'id="benchmark"' in page and 'href="#benchmark"' in page
    assert "Compared with 6 other organisations" in page
    assert "Lower quartile" in page and "Upper quartile" in page
    assert 'class="chart benchmark"' in page


def test_the_filter_works_without_javascript(
    org_a: Organisation, own: Assessment, as_bob: Client
) -> None:
    org_a.sector = "healthcare"
    org_a.save()
    peers(5, sector="healthcare")
    peers(3, start=5, sector="other")
    page = as_bob.get(f"/assessments/{own.pk}/benchmark/?peers=sector").content.decode()
    assert "Compared with 5 other organisations of the sector “" in page
    page = as_bob.get(f"/assessments/{own.pk}/benchmark/?peers=nonsense").content.decode()
    assert "Compared with 8 other organisations." in page


def test_too_few_organisations_says_how_many_are_needed(own: Assessment, as_bob: Client) -> None:
    peers(3)
    page = as_bob.get(f"/assessments/{own.pk}/benchmark/").content.decode()
    assert "3 qualify, and 2 more are needed" in page
    assert "Lower quartile" not in page


def test_only_an_owner_is_offered_to_share(
    org_a: Organisation, alice: User, as_bob: Client
) -> None:
    assessment = closed_round(org_a, in_pool=False)
    url = f"/assessments/{assessment.pk}/dashboard/"
    assert "Share this round in the pool" in logged_in(alice).get(url).content.decode()
    assert "Share this round in the pool" not in as_bob.get(url).content.decode()


def test_the_labels_are_dutch_in_dutch(own: Assessment, bob: User) -> None:
    peers(5)
    page = logged_in(bob, "nl").get(f"/assessments/{own.pk}/benchmark/").content.decode()
    assert "Vergeleken met andere organisaties" in page
    assert "Onderste kwartiel" in page and "Mediaan" in page


def test_the_pdf_carries_the_benchmark(own: Assessment) -> None:
    peers(5)
    html = report_html(build_report(own, "en"))
    assert "Compared with 5 other organisations" in html
    assert (
        "Stop sharing" not in html
        and "<form" not in html.split('id="benchmark"')[1].split("</section>")[0]
    )

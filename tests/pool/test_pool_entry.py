"""A closed, opted-in round puts the engine's means in the pool; everything else keeps it out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.pool.domain import set_in_pool, set_pool_profile
from partnerscan.pool.models import PoolEntry

from .benchmark_support import closed_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def stored(assessment: Assessment) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    entry = PoolEntry.objects.get(assessment=assessment)
    return {(s.kind, s.key): (s.current, s.ambition) for s in entry.scores.all()}


def test_closing_an_opted_in_round_stores_the_engines_means(org_a: Organisation) -> None:
    assessment = closed_round(org_a, respondents=7)
    results = assessment_results(assessment, "en")
    assert results is not None
    expected = {("condition", c.id): (c.current.mean, c.ambition.mean) for c in results.conditions}
    expected |= {("aspect", a.id): (a.current.mean, a.ambition.mean) for a in results.aspects}
    assert stored(assessment) == expected
    entry = PoolEntry.objects.get(assessment=assessment)
    assert (entry.organisation, entry.respondents, entry.latest) == (org_a, 7, True)
    assert (entry.model_id, entry.model_version) == (assessment.model_id, assessment.model_version)


def test_a_round_not_opted_in_stays_out_of_the_pool(org_a: Organisation) -> None:
    closed_round(org_a, in_pool=False)
    assert not PoolEntry.objects.exists()


def test_a_round_below_3_respondents_has_no_means_to_share(org_a: Organisation) -> None:
    closed_round(org_a, respondents=2)
    assert not PoolEntry.objects.exists()


def test_opting_out_removes_the_entry_and_opting_in_again_restores_it(
    org_a: Organisation, alice: User
) -> None:
    assessment = closed_round(org_a)
    before = stored(assessment)
    set_in_pool(assessment, False, by=alice)
    assert not PoolEntry.objects.exists()
    set_in_pool(assessment, True, by=alice)
    assert stored(assessment) == before


def test_only_the_latest_round_of_an_organisation_counts(org_a: Organisation) -> None:
    first = closed_round(org_a, seed=1)
    second = closed_round(org_a, seed=2)
    latest = dict(PoolEntry.objects.values_list("assessment", "latest"))
    assert latest == {first.pk: False, second.pk: True}
    second.delete()  # the earlier round counts again
    assert dict(PoolEntry.objects.values_list("assessment", "latest")) == {first.pk: True}


def test_opting_in_an_older_round_later_does_not_make_it_the_latest(
    org_a: Organisation, alice: User
) -> None:
    older = closed_round(org_a, in_pool=False, seed=1)
    newer = closed_round(org_a, seed=2)
    set_in_pool(older, True, by=alice)
    latest = dict(PoolEntry.objects.values_list("assessment", "latest"))
    assert latest == {older.pk: False, newer.pk: True}


def test_only_an_owner_opts_in_through_the_settings(
    org_a: Organisation, alice: User, bob: User
) -> None:
    assessment = domain.create_assessment(org_a, alice, title="Round")
    with pytest.raises(domain.DomainError, match="Only an owner"):
        domain.update_assessment(assessment, by=bob, in_pool=True)
    with pytest.raises(domain.DomainError, match="Only an owner"):
        domain.create_assessment(org_a, bob, title="Round 2", in_pool=True)
    domain.update_assessment(assessment, by=alice, in_pool=True)
    assessment.refresh_from_db()
    assert assessment.in_pool


def test_the_owner_toggles_a_closed_round_into_the_pool(
    org_a: Organisation, as_alice: Client
) -> None:
    assessment = closed_round(org_a, in_pool=False)
    response = as_alice.post(f"/assessments/{assessment.pk}/pool/", {"in_pool": "on"})
    assert response.status_code == 302
    assert PoolEntry.objects.filter(assessment=assessment, latest=True).exists()
    as_alice.post(f"/assessments/{assessment.pk}/pool/", {})
    assert not PoolEntry.objects.exists()


def test_another_organisation_gets_a_404_for_the_toggle(
    org_a: Organisation, org_b: Organisation, as_charlie: Client
) -> None:
    assessment = closed_round(org_a, in_pool=False)
    assert (
        as_charlie.post(f"/assessments/{assessment.pk}/pool/", {"in_pool": "on"}).status_code == 404
    )
    assert as_charlie.post(f"/orgs/{org_a.pk}/pool-profile/", {"sector": "x"}).status_code == 404
    assert not PoolEntry.objects.exists()


def test_a_viewer_cannot_toggle(org_a: Organisation, as_bob: Client) -> None:
    assessment = closed_round(org_a, in_pool=False)
    assert as_bob.post(f"/assessments/{assessment.pk}/pool/", {"in_pool": "on"}).status_code == 403
    assert as_bob.post(f"/orgs/{org_a.pk}/pool-profile/", {"sector": "x"}).status_code == 403
    assert not PoolEntry.objects.exists()


def test_the_owner_sets_sector_and_size(org_a: Organisation, as_alice: Client) -> None:
    data = {"sector": "healthcare", "size": "medium"}
    assert as_alice.post(f"/orgs/{org_a.pk}/pool-profile/", data).status_code == 302
    org_a.refresh_from_db()
    assert (org_a.sector, org_a.size, org_a.pool_named) == ("healthcare", "medium", False)
    data["pool_named"] = "on"
    assert as_alice.post(f"/orgs/{org_a.pk}/pool-profile/", data).status_code == 302
    org_a.refresh_from_db()
    assert org_a.pool_named is True


def test_a_sector_outside_the_list_is_refused_and_changes_nothing(
    org_a: Organisation, as_alice: Client
) -> None:
    org_a.sector = "education"
    org_a.save()
    data = {"sector": "Healthcare", "size": "medium"}
    page = as_alice.post(f"/orgs/{org_a.pk}/pool-profile/", data, follow=True)
    assert "Not saved: choose a sector and a size from the lists." in page.content.decode()
    org_a.refresh_from_db()
    assert (org_a.sector, org_a.size) == ("education", "")


def test_the_domain_refuses_a_sector_outside_the_list(org_a: Organisation, alice: User) -> None:
    with pytest.raises(domain.DomainError, match="Sector: “Zorg” is not in the list of sectors."):
        set_pool_profile(org_a, "Zorg", "small", by=alice)
    with pytest.raises(domain.DomainError, match="Sector: “Gemeente”"):
        accounts_domain.create_organisation(alice, "Gemeente Elders", sector="Gemeente")
    org_a.refresh_from_db()
    assert (org_a.sector, org_a.size, Organisation.objects.count()) == ("", "", 1)

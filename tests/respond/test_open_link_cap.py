"""The open link cannot stuff the ballot: a cap, an optional access code, claims only on POST,
a limit per client network, and no respondent GET that writes a row."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation
from support import client_in, logged_in

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation, Response
from partnerscan.capability.schema import CapabilityModel


def claims(assessment: Assessment) -> int:
    return Invitation.objects.filter(assessment=assessment, kind=Invitation.Kind.OPEN).count()


def claim(token: str, address: str = "192.0.2.1", code: str | None = None) -> Any:
    data = {} if code is None else {"access_code": code}
    return Client(REMOTE_ADDR=address).post(f"/r/open/{token}/", data)


@pytest.fixture
def editor(organisation: Organisation) -> Client:
    membership = accounts_domain.add_member(organisation, "eve@example.org", "editor")
    return logged_in(membership.user)


# Claims ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_the_open_link_shows_a_start_button_and_writes_nothing(
    client: Client, assessment: Assessment
) -> None:
    token = domain.enable_open_link(assessment, cap=5)
    page = client.get(f"/r/open/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<form method="post" action="/r/open/{token}/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="access_code"' not in html  # none asked
    assert (claims(assessment), Response.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_claim_needs_the_csrf_token_of_the_page(assessment: Assessment) -> None:
    token = domain.enable_open_link(assessment, cap=5)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/r/open/{token}/").status_code == 403
    page = strict.get(f"/r/open/{token}/")
    csrf = page.context["csrf_token"]
    assert strict.post(f"/r/open/{token}/", {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert claims(assessment) == 1


@pytest.mark.django_db
def test_claims_beyond_the_cap_are_refused_with_a_clear_page(assessment: Assessment) -> None:
    token = domain.enable_open_link(assessment, cap=2)
    statuses = [claim(token, f"192.0.2.{n}").status_code for n in range(1, 5)]
    assert statuses == [302, 302, 409, 409]
    assert claims(assessment) == 2
    refused = claim(token, "192.0.2.9").content.decode()
    assert '<html lang="nl">' in refused  # the round's first language
    assert "Deze vragenlijst heeft alle deelnemers waar om gevraagd is" in refused
    full = Client().get(f"/r/open/{token}/")
    assert full.status_code == 200 and 'action="/r/open/' not in full.content.decode()


@pytest.mark.django_db
def test_a_new_open_link_does_not_reset_the_cap(assessment: Assessment) -> None:
    first = domain.enable_open_link(assessment, cap=1)
    assert claim(first).status_code == 302
    second = domain.enable_open_link(assessment, cap=1)
    assert claim(second, "192.0.2.2").status_code == 409
    domain.set_open_link_cap(assessment, 2)
    assert claim(second, "192.0.2.3").status_code == 302
    assert claims(assessment) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("cap", [0, -1, 100_001])
def test_a_cap_out_of_range_is_refused_and_changes_nothing(
    assessment: Assessment, cap: int
) -> None:
    with translation.override("en"), pytest.raises(domain.DomainError) as refused:
        domain.enable_open_link(assessment, cap=cap)
    assert str(refused.value) == (
        "The most respondents through the open link must be between 1 and 100,000."
    )
    assessment.refresh_from_db()
    assert (assessment.open_link_hash, assessment.open_link_cap) == (None, 0)


# Access code -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_access_code_is_asked_stored_scrambled_and_checked(assessment: Assessment) -> None:
    token = domain.enable_open_link(assessment, cap=5, access_code="Noord 2025")
    assessment.refresh_from_db()
    assert "Noord" not in assessment.open_link_code_hash
    assert len(assessment.open_link_code_hash) == 64
    assert 'name="access_code"' in Client().get(f"/r/open/{token}/").content.decode()

    wrong = claim(token, code="Zuid 2025")
    missing = claim(token)
    assert (wrong.status_code, missing.status_code, claims(assessment)) == (400, 400, 0)
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert claim(token, code="  noord   2025 ").status_code == 302  # case and spaces forgiven
    assert claims(assessment) == 1


@pytest.mark.django_db
def test_wrong_access_codes_are_limited_per_network(assessment: Assessment, settings: Any) -> None:
    settings.RATE_LIMIT_ACCESS_CODES = (3, 900)
    token = domain.enable_open_link(assessment, cap=50, access_code="secret")
    assert [claim(token, code=f"guess{n}").status_code for n in range(3)] == [400] * 3
    locked = claim(token, code="secret")  # even the right code: the guess must not show
    assert locked.status_code == 429 and 0 < int(locked["Retry-After"]) <= 900
    assert claim(token, "198.51.100.7", code="secret").status_code == 302
    assert claims(assessment) == 1


# Rate limit per network --------------------------------------------------------------------


@pytest.mark.django_db
def test_claims_are_limited_per_network_and_another_network_still_works(
    assessment: Assessment, settings: Any
) -> None:
    settings.RATE_LIMIT_CLAIMS = (3, 600)
    token = domain.enable_open_link(assessment, cap=100)
    burst = [claim(token, "203.0.113.5") for _ in range(5)]
    assert [page.status_code for page in burst] == [302, 302, 302, 429, 429]
    assert 0 < int(burst[-1]["Retry-After"]) <= 600
    assert claim(token, "203.0.113.6").status_code == 302
    assert claims(assessment) == 4


@pytest.mark.django_db
def test_an_ipv6_network_is_limited_as_one_slash_64(assessment: Assessment, settings: Any) -> None:
    settings.RATE_LIMIT_CLAIMS = (3, 600)
    token = domain.enable_open_link(assessment, cap=100)
    same_64 = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9", "2001:db8:1:2::abc"]
    assert [claim(token, a).status_code for a in same_64] == [302, 302, 302, 429]
    assert claim(token, "2001:db8:1:3::1").status_code == 302  # the next /64


@pytest.fixture
def empty_cache() -> Iterator[None]:
    # The cache is a table no model owns, so a transactional test's flush leaves it alone.
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_cap_holds_under_a_burst_of_concurrent_claims(
    make_assessment: Callable[..., Assessment], empty_cache: None
) -> None:
    assessment = make_assessment()
    token = domain.enable_open_link(assessment, cap=3)
    visitors = 8
    barrier = threading.Barrier(visitors)
    statuses: list[int] = []

    def visitor(n: int) -> None:
        try:
            barrier.wait()
            statuses.append(claim(token, f"192.0.2.{n + 1}").status_code)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] * 3 + [409] * 5
    assert claims(assessment) == 3


# The editor's side -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_editor_sets_a_cap_sees_its_use_and_raises_it(
    editor: Client, assessment: Assessment
) -> None:
    url = f"/assessments/{assessment.pk}/invitations/open-link/"
    refused = editor.post(url, {"action": "enable", "cap": ""})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assessment.refresh_from_db()
    assert assessment.open_link_hash is None

    made = editor.post(url, {"action": "enable", "cap": "2", "access_code": ""})
    link = made.context["new_open_link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    claim(token)
    page = editor.get(f"/assessments/{assessment.pk}/invitations/").content.decode()
    assert "1 of 2 personal links used." in page

    assert editor.post(url, {"action": "cap", "cap": "0"}).status_code == 200
    assert editor.post(url, {"action": "cap", "cap": "40"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.open_link_cap == 40
    page = editor.get(f"/assessments/{assessment.pk}/invitations/").content.decode()
    assert "1 of 40 personal links used." in page


# No GET writes a row -----------------------------------------------------------------------


@pytest.mark.django_db
def test_no_respondent_get_makes_a_response(
    client: Client, token: str, model: CapabilityModel
) -> None:
    for url in (
        f"/r/{token}/",
        f"/r/{token}/welcome/",
        f"/r/{token}/context/",
        *(f"/r/{token}/c/{condition.id}/" for condition in model.conditions),
        f"/r/{token}/review/",
        f"/r/{token}/thanks/",
    ):
        assert client.get(url).status_code in (200, 302), url
    assert Response.objects.count() == 0
    assert Invitation.objects.get().started_on is None


@pytest.mark.django_db
def test_posts_that_save_nothing_make_no_response(
    client: Client, token: str, model: CapabilityModel
) -> None:
    condition = model.conditions[0]
    assert client.post(f"/r/{token}/c/{condition.id}/", {"go": "next"}).status_code == 302
    assert client.post(f"/r/{token}/submit/").url == f"/r/{token}/review/"
    language = client.post(f"/r/{token}/language/", {"language": "en", "next": "context"})
    assert language.url == f"/r/{token}/context/"
    assert Response.objects.count() == 0
    assert Invitation.objects.get().language == "en"
    assert '<html lang="en">' in client.get(f"/r/{token}/context/").content.decode()


@pytest.mark.django_db
def test_the_first_saved_answer_makes_the_response_in_the_chosen_language(
    client: Client, token: str, model: CapabilityModel
) -> None:
    client.post(f"/r/{token}/language/", {"language": "en"})
    aspect = model.aspects[0].id
    client.post(f"/r/{token}/save/", {"aspect": aspect, "field": "current", "value": "3"})
    where = f"c:{model.condition_of(aspect).id}"  # the saved answer's page: the link resumes there
    assert list(Response.objects.values_list("language", "position")) == [("en", where)]


@pytest.mark.django_db
def test_the_open_link_speaks_the_visitors_language_and_the_claim_keeps_it(
    assessment: Assessment,
) -> None:
    token = domain.enable_open_link(assessment, cap=5)
    visitor = client_in("en")
    assert '<html lang="en">' in visitor.get(f"/r/open/{token}/").content.decode()
    personal = visitor.post(f"/r/open/{token}/").url
    assert '<html lang="en">' in visitor.get(personal).content.decode()
    assert list(Invitation.objects.values_list("language", flat=True)) == ["en"]

"""The open link's switches and the respondent's context, pinned on what they decide: a
disabled link finds nothing and hands out nothing, the cap's change is on the record, a round
without languages hands out Dutch links, and a role outside the list is refused in words."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.utils import translation

from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation
from partnerscan.audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_disabled_open_link_finds_nothing_and_hands_out_nothing(
    assessment: Assessment,
) -> None:
    token = domain.enable_open_link(assessment, cap=5)
    assert domain.find_open_link(token) == assessment

    domain.disable_open_link(assessment)

    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.open_link_hash is None
    assert domain.find_open_link(token) is None
    assert domain.is_current_open_link(stored, token) is False
    assert domain.claim_open_link(token) is None
    assert not Invitation.objects.filter(assessment=assessment).exists()


def test_the_open_links_of_two_rounds_can_both_be_disabled(
    make_assessment: Callable[..., Assessment],
) -> None:
    rounds = [make_assessment(title="One"), make_assessment(title="Two")]
    for each in rounds:
        domain.enable_open_link(each)
    for each in rounds:
        domain.disable_open_link(each)
    hashes = Assessment.objects.filter(pk__in=[r.pk for r in rounds]).values_list(
        "open_link_hash", flat=True
    )
    assert list(hashes) == [None, None]


def test_disabling_the_open_link_leaves_the_other_settings_as_they_are(
    assessment: Assessment,
) -> None:
    domain.enable_open_link(assessment)
    page_copy = Assessment.objects.get(pk=assessment.pk)  # as a page loaded it, before the edit
    domain.update_assessment(assessment, title="Renamed meanwhile")

    domain.disable_open_link(page_copy)

    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.title, stored.open_link_hash) == ("Renamed meanwhile", None)


def test_a_round_without_an_open_link_has_no_current_one(assessment: Assessment) -> None:
    token = domain.enable_open_link(assessment)
    domain.disable_open_link(assessment)
    assessment.refresh_from_db()
    assert domain.is_current_open_link(assessment, token) is False
    newer = domain.enable_open_link(assessment)
    assessment.refresh_from_db()
    assert domain.is_current_open_link(assessment, newer) is True
    assert domain.is_current_open_link(assessment, token) is False


def test_changing_the_cap_is_on_the_record(assessment: Assessment, alice: User) -> None:
    domain.enable_open_link(assessment, cap=5)

    domain.set_open_link_cap(assessment, 7, by=alice)

    event = AuditEvent.objects.filter(assessment=assessment, code="open_link_cap").get()
    assert (event.action, event.user, event.params, event.detail) == (
        Event.SETTINGS_CHANGED,
        alice,
        {"cap": 7},
        "open link cap 7",
    )


def test_a_round_without_languages_hands_out_dutch_links(
    make_assessment: Callable[..., Assessment],
) -> None:
    assessment = make_assessment(languages=[])
    token = domain.enable_open_link(assessment)
    assert domain.claim_open_link(token, language="en") is not None
    claimed = Invitation.objects.get(assessment=assessment, kind=Invitation.Kind.OPEN)
    assert claimed.language == "nl"


def test_a_role_outside_the_list_is_refused_in_words(token: str) -> None:
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    with pytest.raises(domain.DomainError) as refused:
        domain.save_context(response, "janitor", "")
    assert str(refused.value) == "Choose a role from the list."
    saved = domain.save_context(response, "board", "Sales")
    assert (saved.role, saved.department) == ("board", "Sales")

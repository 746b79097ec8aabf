"""Small workflow functions of assessments/domain.py, each pinned on what it decides: who may
share a round, what a replaced link finds, the closed message, the respondent's position and
language, interim snapshots, and which invitations are queued for mail."""

from __future__ import annotations

import pytest
from django.utils import timezone

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation, Response

from .conftest import answer_as_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(assessment_a: Assessment) -> Assessment:
    return domain.open_assessment(assessment_a)


def started(assessment: Assessment) -> tuple[str, Response]:
    token = domain.create_links(assessment, 1)[0]
    invitation = domain.find_invitation(token)
    assert invitation is not None
    return token, domain.start_response(invitation, token)


def test_only_an_owner_may_share_a_round_in_the_pool(
    org_a: Organisation, alice: User, assessment_a: Assessment
) -> None:
    editor = accounts_domain.add_member(org_a, "eve@example.org", "editor").user
    with pytest.raises(domain.DomainError, match="Only an owner of the organisation"):
        domain.update_assessment(assessment_a, by=editor, in_pool=True)
    assert domain.update_assessment(assessment_a, by=alice, in_pool=True).in_pool


def test_a_replaced_link_finds_its_invitation(open_round: Assessment) -> None:
    invitation = domain.add_email_invitations(
        open_round, [domain.InvitationRow(email="p@example.org")]
    )[0]
    old = domain.issue_email_token(invitation)
    domain.issue_email_token(invitation)
    replaced = domain.find_replaced_link(old)
    assert replaced is not None and replaced.invitation == invitation
    assert domain.find_replaced_link("not a token") is None


def test_a_save_after_the_close_says_the_questionnaire_is_closed(open_round: Assessment) -> None:
    _token, response = started(open_round)
    domain.close_assessment(open_round)
    aspect = open_round.capability_model.aspects[0].id
    with pytest.raises(domain.DomainError) as refused:
        domain.save_answer(response, aspect, "current", "3")
    assert str(refused.value) == "This questionnaire is closed; answers can no longer change."


def test_the_position_is_stored(open_round: Assessment) -> None:
    _token, response = started(open_round)
    domain.set_position(response, "culture")
    assert response.position == Response.objects.get(pk=response.pk).position == "culture"


@pytest.mark.parametrize(("language", "stored"), [("nl", "nl"), ("de", "en")])
def test_the_respondent_switches_between_the_apps_languages_only(
    open_round: Assessment, language: str, stored: str
) -> None:
    _token, response = started(open_round)
    domain.set_language(response, "en")
    domain.set_language(response, language)
    assert response.language == Response.objects.get(pk=response.pk).language == stored


def test_an_invitation_keeps_its_language_for_an_unknown_one(open_round: Assessment) -> None:
    token = domain.create_links(open_round, 1)[0]
    invitation = domain.find_invitation(token)
    assert invitation is not None
    domain.set_invitation_language(invitation, "en")
    domain.set_invitation_language(invitation, "de")
    assert invitation.language == Invitation.objects.get(pk=invitation.pk).language == "en"


def test_interim_snapshots_follow_every_k_new_respondents(open_round: Assessment) -> None:
    domain.set_interim_results(open_round, True)
    aspect = open_round.capability_model.aspects[0].id

    def respond(count: int) -> None:
        for token in domain.create_links(open_round, count):
            answer_as_respondent(open_round, token, {aspect: ("3", "4")})

    respond(2)
    assert not open_round.snapshots.exists()  # k is 3
    respond(1)
    first = open_round.snapshots.get()
    assert (first.live_respondents, first.counting_respondents, len(first.rows)) == (3, 3, 3)
    respond(2)
    assert open_round.snapshots.get() == first
    respond(1)
    second = open_round.snapshots.get()
    assert (second.live_respondents, len(second.rows)) == (6, 6)


def test_only_email_invitations_are_queued_for_mail(open_round: Assessment) -> None:
    domain.create_links(open_round, 2)
    mailed = domain.add_email_invitations(open_round, [domain.InvitationRow(email="p@example.org")])
    queued = domain.queued_email_invitations(timezone.now())
    assert [invitation.pk for invitation in queued] == [mailed[0].pk]

"""What the round workflows leave behind, pinned exactly: the audit record of each change (who,
which code, which params), the refusals' own words, what deleting invitations blanks, what an
erasure takes out of an interim snapshot, and which failures of the mail server are final."""

from __future__ import annotations

import copy
import smtplib

import pytest

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain, mailtexts
from partnerscan.assessments.models import Assessment, Invitation, MailFailure, SharesSource
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.scoring.records import RespondentRecord
from partnerscan.scoring.responses_csv import ParsedResponses

from .conftest import answer_as_respondent

pytestmark = pytest.mark.django_db

CLOSED = "This assessment is closed; its settings can no longer change."


@pytest.fixture
def open_round(assessment_a: Assessment) -> Assessment:
    return domain.open_assessment(assessment_a)


@pytest.fixture
def closed_round(open_round: Assessment) -> Assessment:
    return domain.close_assessment(open_round)


def last_event(assessment: Assessment, action: str) -> tuple[object, ...]:
    event = AuditEvent.objects.filter(assessment=assessment, action=action).first()
    assert event is not None
    return event.user, event.code, event.params, event.detail


# Interim results ---------------------------------------------------------------------------


def test_interim_results_cannot_change_once_the_round_is_closed(closed_round: Assessment) -> None:
    with pytest.raises(domain.DomainError) as refused:
        domain.set_interim_results(closed_round, True)
    assert str(refused.value) == CLOSED


def test_turning_interim_results_on_is_on_the_record(open_round: Assessment, alice: User) -> None:
    domain.set_interim_results(open_round, True, by=alice)
    assert last_event(open_round, Event.SETTINGS_CHANGED) == (
        alice,
        "interim_results",
        {"on": True},
        "interim_results: on",
    )


def test_erasing_a_live_respondent_takes_one_from_the_snapshot(
    open_round: Assessment, alice: User
) -> None:
    domain.set_interim_results(open_round, True)
    aspect = open_round.capability_model.aspects[0].id
    tokens = domain.create_links(open_round, 3)
    for token in tokens:
        answer_as_respondent(open_round, token, {aspect: ("3", "4")})
    before = open_round.snapshots.get()
    assert (before.live_respondents, before.counting_respondents, len(before.rows)) == (3, 3, 3)

    assert domain.erase_response(open_round, tokens[0], by=alice) == domain.Erasure(True, True)

    after = open_round.snapshots.get()
    assert (after.live_respondents, after.counting_respondents, len(after.rows)) == (2, 2, 2)
    assert last_event(open_round, Event.RESPONSE_ERASED) == (alice, "", {}, "")


# Deleting invitations ----------------------------------------------------------------------


def test_invitations_cannot_be_deleted_while_the_round_is_open(open_round: Assessment) -> None:
    with pytest.raises(domain.DomainError) as refused:
        domain.delete_invitations(open_round)
    assert str(refused.value) == "Invitations can be deleted once the assessment is closed."


def test_deleting_invitations_blanks_every_personal_field_on_the_record(
    open_round: Assessment, alice: User
) -> None:
    row = domain.InvitationRow(
        email="p@example.org", role="board", department="Policy", group="internal"
    )
    domain.add_email_invitations(open_round, [row])
    domain.close_assessment(open_round)

    assert domain.delete_invitations(open_round, by=alice) == 1

    blanked = Invitation.objects.filter(assessment=open_round).values(
        "email", "token_hash", "role", "department", "group", "send_error", "reminder_due"
    )
    assert list(blanked) == [
        {
            "email": "",
            "token_hash": None,
            "role": "",
            "department": "",
            "group": "",
            "send_error": "",
            "reminder_due": False,
        }
    ]
    assert last_event(open_round, Event.INVITATIONS_DELETED) == (
        alice,
        "addresses_deleted",
        {"n": 1},
        "1 invitations",
    )


# Settings of the round ---------------------------------------------------------------------


def test_the_settings_of_a_closed_round_cannot_change(closed_round: Assessment) -> None:
    with pytest.raises(domain.DomainError) as refused:
        domain.update_assessment(closed_round, title="Another title")
    assert str(refused.value) == CLOSED


def test_shares_changed_by_hand_become_an_estimate(org_a: Organisation, alice: User) -> None:
    assessment = domain.create_assessment(
        org_a,
        alice,
        title="From the portfolio",
        shares={"chain": 0.5, "regional": 0.5},
        shares_source=SharesSource.PORTFOLIO,
    )
    assert assessment.shares_source == SharesSource.PORTFOLIO
    assert assessment.shares_taken_on is not None

    changed = domain.update_assessment(assessment, by=alice, shares={"chain": 1.0})

    changed.refresh_from_db()
    assert (changed.shares, changed.shares_source, changed.shares_taken_on) == (
        {"chain": 1.0},
        SharesSource.ESTIMATE,
        None,
    )
    fields = ["shares", "shares_source", "shares_taken_on"]
    assert last_event(assessment, Event.SETTINGS_CHANGED) == (
        alice,
        "settings",
        {"fields": fields},
        ", ".join(fields),
    )


def test_changing_the_mail_texts_is_on_the_record(open_round: Assessment, alice: User) -> None:
    texts = copy.deepcopy(mailtexts.DEFAULTS)
    texts["en"]["greeting"] = "Hello,"

    domain.set_mail_texts(open_round, texts, by=alice)

    open_round.refresh_from_db()
    assert open_round.mail_texts == {"en": {"greeting": "Hello,"}}
    assert last_event(open_round, Event.SETTINGS_CHANGED) == (
        alice,
        "mail_texts",
        {"changed": ["en greeting"]},
        "e-mail texts: en greeting",
    )


# Importing ---------------------------------------------------------------------------------


def test_a_respondent_imported_before_is_named_by_the_row_counted_from_two(
    assessment_a: Assessment,
) -> None:
    domain.import_responses(assessment_a, ParsedResponses((RespondentRecord("r1"),)))
    parsed = ParsedResponses((RespondentRecord("r0"), RespondentRecord("r1")))
    assert domain.already_imported(assessment_a, parsed) == [
        "row 3, column respondent: “r1” has already been imported."
    ]


# Mail failures -----------------------------------------------------------------------------


def test_a_5xx_answer_of_the_mail_server_is_final() -> None:
    error = smtplib.SMTPDataError(554, "Message rejected")
    assert domain.failure_of(error) == domain.SendFailure(
        MailFailure.OTHER, "SMTPDataError: (554, 'Message rejected')", permanent=True
    )


def test_a_4xx_answer_of_the_mail_server_is_tried_again() -> None:
    error = smtplib.SMTPDataError(451, "Try later")
    assert domain.failure_of(error) == domain.SendFailure(
        MailFailure.SERVER, "SMTPDataError: (451, 'Try later')", permanent=False
    )

"""More small workflow functions pinned on what they decide: the failure of an unknown error,
who gets a reminder and what the audit says, what blanking the invitations clears, the exact
refusals, and what an import stores."""

from __future__ import annotations

import pytest
from django.utils import timezone

from partnerscan.assessments import domain
from partnerscan.assessments.models import Answer, Assessment, Invitation, MailFailure, Response
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.scoring.responses_csv import parse_responses_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(assessment_a: Assessment) -> Assessment:
    return domain.open_assessment(assessment_a)


def sent_invitation(assessment: Assessment, email: str, **fields: object) -> Invitation:
    return Invitation.objects.create(
        assessment=assessment,
        kind=Invitation.Kind.EMAIL,
        email=email,
        sent_at=timezone.now(),
        **fields,
    )


def test_an_unknown_error_is_an_other_failure_that_names_the_error() -> None:
    failure = domain.failure_of(ValueError("boom"))
    assert failure == domain.SendFailure(MailFailure.OTHER, "ValueError: boom", permanent=False)


def test_a_failed_mail_is_not_reminded(open_round: Assessment) -> None:
    reachable = sent_invitation(open_round, "ok@example.org")
    sent_invitation(open_round, "gone@example.org", send_error="SMTPRecipientsRefused")
    assert list(domain.remindable(open_round)) == [reachable]


def test_reminders_wait_for_the_open_round_in_words(assessment_a: Assessment) -> None:
    with pytest.raises(domain.DomainError) as refused:
        domain.queue_reminders(assessment_a)
    assert str(refused.value) == "Reminders can be sent once the assessment is open."


def test_the_audit_counts_the_queued_reminders(open_round: Assessment) -> None:
    sent_invitation(open_round, "one@example.org")
    sent_invitation(open_round, "two@example.org")
    assert domain.queue_reminders(open_round) == 2
    event = AuditEvent.objects.get(action=Event.REMINDERS_QUEUED)
    assert (event.code, event.params) == ("reminders", {"n": 2})


def test_an_invitation_holding_only_a_role_is_blanked(open_round: Assessment) -> None:
    domain.close_assessment(open_round)
    only_role = Invitation.objects.create(
        assessment=open_round, kind=Invitation.Kind.LINK, role="staff"
    )
    assert domain.delete_invitations(open_round) == 1
    only_role.refresh_from_db()
    assert only_role.role == ""


def test_blanking_cancels_a_due_reminder(open_round: Assessment) -> None:
    due = sent_invitation(open_round, "due@example.org", reminder_due=True)
    domain.close_assessment(open_round)
    assert domain.delete_invitations(open_round) == 1
    due.refresh_from_db()
    assert (due.email, due.reminder_due) == ("", False)


def test_a_department_outside_the_list_is_refused_in_words(open_round: Assessment) -> None:
    token = domain.create_links(open_round, 1)[0]
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    with pytest.raises(domain.DomainError) as refused:
        domain.save_context(response, "staff", "Nowhere")
    assert str(refused.value) == "Choose a department from the list."


def test_a_closed_rounds_mail_texts_are_refused_in_words(open_round: Assessment) -> None:
    domain.close_assessment(open_round)
    with pytest.raises(domain.DomainError) as refused:
        domain.set_mail_texts(open_round, {})
    assert str(refused.value) == "This assessment is closed; its settings can no longer change."


def test_an_import_stores_submitted_responses_with_their_answers(
    assessment_a: Assessment,
) -> None:
    codes = [a.code for a in assessment_a.capability_model.aspects]
    header = ["respondent", "role", "department"]
    header += [f"{code}_{part}" for code in codes for part in ("current", "ambition")]
    cells = ["p1", "staff", "Policy", "2", "4"] + [""] * (2 * len(codes) - 2)
    text = ",".join(header) + "\n" + ",".join(cells) + "\n"
    parsed = parse_responses_csv(assessment_a.capability_model, text)
    (response,) = domain.import_responses(assessment_a, parsed)
    stored = Response.objects.get(pk=response.pk)
    assert (stored.label, stored.submitted, stored.imported) == ("p1", True, True)
    answers = Answer.objects.filter(response=stored).values_list("aspect", "current", "ambition")
    assert list(answers) == [("goals", 2, 4)]

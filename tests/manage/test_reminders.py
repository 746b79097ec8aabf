"""Reminders: to e-mail invitees who have not submitted, in their language, with a link that
works, and without orphaning anyone's started answers."""

from __future__ import annotations

import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation

from .conftest import answer_as_respondent

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver/r/([A-Za-z0-9_-]+)/")


class RefusingReminders(EmailBackend):
    """A mail server that has since stopped accepting one address."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if message.to == ["gone@example.org"] and "Reminder" in message.subject:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
        return super().send_messages(messages)


def invited(assessment: Assessment, settings: Any, *rows: tuple[str, str]) -> dict[str, str]:
    """Queue and send invitations; each address's token, read from its e-mail."""
    settings.SITE_URL = "http://testserver"
    domain.add_email_invitations(
        assessment, [domain.InvitationRow(email=email, language=lang) for email, lang in rows]
    )
    call_command("send_invitations")
    tokens = {m.to[0]: LINK.search(m.body).group(1) for m in mail.outbox}  # type: ignore[union-attr]
    mail.outbox.clear()
    return tokens


@pytest.fixture
def round_with_invitees(assessment_a: Assessment, settings: Any) -> dict[str, str]:
    domain.open_assessment(assessment_a)
    tokens = invited(
        assessment_a,
        settings,
        ("new@example.org", "nl"),
        ("started@example.org", "en"),
        ("done@example.org", "en"),
    )
    answer_as_respondent(assessment_a, tokens["started@example.org"], {"goals": ("2", "3")}, False)
    answer_as_respondent(assessment_a, tokens["done@example.org"], {"goals": ("2", "3")})
    return tokens


def test_reminders_go_to_who_has_not_submitted_and_keep_started_answers(
    as_alice: Client, assessment_a: Assessment, round_with_invitees: dict[str, str]
) -> None:
    old = round_with_invitees
    page = as_alice.get(f"/assessments/{assessment_a.pk}/invitations/").content.decode()
    assert "Send a reminder to 2 people" in page
    as_alice.post(f"/assessments/{assessment_a.pk}/invitations/remind/")
    call_command("send_invitations")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["new@example.org", "started@example.org"]
    dutch, english = by_address["new@example.org"], by_address["started@example.org"]
    assert dutch.subject == "Herinnering: Round 1 (Org A)"
    assert english.subject == "Reminder: Round 1 (Org A)"
    # Not started: a new link that works, and the old one no longer does.
    new_token = LINK.search(dutch.body).group(1)  # type: ignore[union-attr]
    assert domain.find_invitation(new_token).email == "new@example.org"  # type: ignore[union-attr]
    assert domain.find_invitation(old["new@example.org"]) is None
    # Started: no link; the first link still leads to the answers already given.
    assert LINK.search(english.body) is None and "first e-mail" in english.body
    assert domain.find_response(old["started@example.org"]) is not None
    reminded = Invitation.objects.filter(reminded_at__isnull=False, reminder_due=False)
    assert sorted(reminded.values_list("email", flat=True)) == sorted(by_address)


def test_a_reminder_says_no_more_than_not_yet_submitted(
    as_alice: Client, assessment_a: Assessment, round_with_invitees: dict[str, str]
) -> None:
    as_alice.post(f"/assessments/{assessment_a.pk}/invitations/remind/")
    call_command("send_invitations")
    for message in mail.outbox:
        text = message.body.lower()
        assert "not been submitted" in text or "niet zijn ingediend" in text
        assert "goals" not in text and "started" not in text and "begonnen" not in text


def test_a_refused_reminder_is_reported_as_a_count_and_the_rest_go_out(
    as_alice: Client, assessment_a: Assessment, settings: Any
) -> None:
    domain.open_assessment(assessment_a)
    invited(assessment_a, settings, ("gone@example.org", "en"), ("here@example.org", "en"))
    settings.EMAIL_BACKEND = f"{__name__}.RefusingReminders"
    as_alice.post(f"/assessments/{assessment_a.pk}/invitations/remind/")
    call_command("send_invitations")
    assert [m.to for m in mail.outbox] == [["here@example.org"]]
    gone = Invitation.objects.get(email="gone@example.org")
    assert (gone.reminder_due, gone.send_error[:22]) == (False, "SMTPRecipientsRefused:")
    html = as_alice.get(f"/assessments/{assessment_a.pk}/invitations/").content.decode()
    # Only a count: reminders go to those who have not submitted, so a failure shown beside
    # one address would say that this person has not answered.
    assert "1 later e-mail (a reminder) could not be delivered." in html
    assert "not sent:" not in html


class UnreachableServer(EmailBackend):
    """A mail server that is down while `down` is set."""

    down = False

    def send_messages(self, messages: Any) -> int:
        if UnreachableServer.down:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


def test_a_reminder_the_server_did_not_take_is_tried_again_later(
    as_alice: Client,
    assessment_a: Assessment,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    domain.open_assessment(assessment_a)
    invited(assessment_a, settings, ("later@example.org", "en"))
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableServer"
    monkeypatch.setattr(UnreachableServer, "down", True)
    as_alice.post(f"/assessments/{assessment_a.pk}/invitations/remind/")
    call_command("send_invitations")
    waiting = Invitation.objects.get()
    assert (waiting.reminder_due, waiting.send_attempts, waiting.send_failure) == (
        True,
        1,
        "server",
    )
    monkeypatch.setattr(UnreachableServer, "down", False)
    call_command("send_invitations")
    assert mail.outbox == []  # its next try has not come yet
    Invitation.objects.update(next_attempt_at=timezone.now())
    call_command("send_invitations")
    assert [m.subject for m in mail.outbox] == ["Reminder: Round 1 (Org A)"]
    sent = Invitation.objects.get()
    assert (sent.reminder_due, sent.send_attempts, sent.send_error) == (False, 0, "")
    assert sent.reminded_at is not None


def test_a_viewer_cannot_send_reminders(
    as_bob: Client, assessment_a: Assessment, round_with_invitees: dict[str, str]
) -> None:
    assert as_bob.post(f"/assessments/{assessment_a.pk}/invitations/remind/").status_code == 403
    assert not Invitation.objects.filter(reminder_due=True).exists()


def test_a_first_visit_racing_a_new_link_cannot_start_under_the_old_one(
    assessment_a: Assessment, round_with_invitees: dict[str, str]
) -> None:
    old = round_with_invitees["new@example.org"]
    invitation = domain.find_invitation(old)
    assert invitation is not None
    assert domain.issue_reminder_token(invitation) is not None  # the worker was first
    with pytest.raises(domain.DomainError):
        domain.start_response(invitation, old)
    assert domain.find_response(old) is None

"""`partnerscan send_invitations`: queued e-mails go out in their language with a working link."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation

pytestmark = pytest.mark.django_db


class DownBackend(EmailBackend):
    """A mail server that is unreachable while `down` is set, and refuses example.invalid."""

    down = False

    def send_messages(self, messages: Any) -> int:
        if DownBackend.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        for message in messages:
            if any(to.endswith("@example.invalid") for to in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """Django's test backend, plus a mail server that refuses addresses at example.invalid."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if any(to.endswith("@example.invalid") for to in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
        return super().send_messages(messages)


def queue(assessment: Assessment, *rows: tuple[str, str]) -> None:
    domain.add_email_invitations(
        assessment, [domain.InvitationRow(email=email, language=lang) for email, lang in rows]
    )


def test_queued_mails_go_out_in_their_language_with_a_working_link(
    assessment_a: Assessment, settings: Any
) -> None:
    settings.SITE_URL = "https://scan.example.org"
    assessment_a = domain.update_assessment(assessment_a, closes_on=domain.today())
    domain.open_assessment(assessment_a)
    queue(assessment_a, ("nl@example.org", "nl"), ("en@example.org", "en"))
    call_command("send_invitations")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["en@example.org", "nl@example.org"]
    dutch, english = by_address["nl@example.org"], by_address["en@example.org"]
    assert dutch.subject == "Uitnodiging: Round 1 (Org A)"
    assert english.subject == "Invitation: Round 1 (Org A)"
    assert "anoniem" in dutch.body and "anonymous" in english.body
    for message in (dutch, english):
        link = re.search(r"https://scan\.example\.org/r/([A-Za-z0-9_-]+)/", message.body)
        assert link is not None
        invitation = domain.find_invitation(link.group(1))
        assert invitation is not None and invitation.email == message.to[0]
    assert all(i.sent_at for i in Invitation.objects.all())


def test_a_refused_address_is_recorded_and_the_rest_still_go_out(
    assessment_a: Assessment, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    domain.open_assessment(assessment_a)
    queue(
        assessment_a, ("a@example.org", "nl"), ("x@example.invalid", "nl"), ("b@example.org", "en")
    )
    call_command("send_invitations")
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    failed = Invitation.objects.get(email="x@example.invalid")
    assert failed.sent_at is None and failed.send_error.startswith("SMTPRecipientsRefused")
    call_command("send_invitations")  # a refused address is not retried on every round
    assert len(mail.outbox) == 2


def test_only_open_assessments_send_and_a_sent_mail_is_not_sent_again(
    assessment_a: Assessment,
) -> None:
    queue(assessment_a, ("draft@example.org", "nl"))
    call_command("send_invitations")
    assert mail.outbox == []
    domain.open_assessment(assessment_a)
    call_command("send_invitations")
    call_command("send_invitations")
    assert [m.to for m in mail.outbox] == [["draft@example.org"]]


def test_the_invitations_page_shows_aggregate_progress_never_who_answered(
    as_alice: Any, assessment_a: Assessment
) -> None:
    from .conftest import answer_as_respondent

    domain.open_assessment(assessment_a)
    queue(assessment_a, ("queued@example.org", "nl"))
    tokens = domain.create_links(assessment_a, 3)
    answer_as_respondent(assessment_a, tokens[0], {"goals": ("4", "5")})
    answer_as_respondent(assessment_a, tokens[1], {"goals": ("1", "2")}, submit=False)
    html = as_alice.get(f"/assessments/{assessment_a.pk}/invitations/").content.decode()
    assert re.findall(r'class="status status-(\w+)"', html) == []
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td class=\"num\">\d+</td>)+)", html)
    progress = {kind: re.findall(r"\d+", cells) for kind, cells in rows}
    assert progress == {"e-mail": ["1", "0", "0"], "personal link": ["3", "2", "1"]}
    assert "queued@example.org" in html and "queued" in html
    who = html.split("Who was invited", 1)[1]
    assert "submitted" not in who.split("</p>", 1)[1] and "started" not in who.split("</p>", 1)[1]


def test_a_line_break_in_a_title_or_name_never_stops_the_mails(
    assessment_a: Assessment, org_a: Organisation
) -> None:
    Organisation.objects.filter(pk=org_a.pk).update(name="Org\r\nA\x0b")
    assessment_a = domain.update_assessment(assessment_a, title="Round\n1\u2028(pilot)\u0085")
    assessment_a = domain.open_assessment(assessment_a)
    queue(assessment_a, ("nl@example.org", "nl"), ("en@example.org", "en"))
    call_command("send_invitations")
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("en@example.org", "Invitation: Round 1 (pilot) (Org A)"),
        ("nl@example.org", "Uitnodiging: Round 1 (pilot) (Org A)"),
    ]
    assert all(i.sent_at and not i.send_error for i in Invitation.objects.all())
    mail.outbox.clear()
    domain.queue_reminders(assessment_a)
    call_command("send_invitations")
    assert sorted(m.subject for m in mail.outbox) == [
        "Herinnering: Round 1 (pilot) (Org A)",
        "Reminder: Round 1 (pilot) (Org A)",
    ]


def test_a_long_title_is_cut_short_in_the_subject(assessment_a: Assessment) -> None:
    assessment_a = domain.update_assessment(assessment_a, title="T" * 200)
    domain.open_assessment(assessment_a)
    queue(assessment_a, ("en@example.org", "en"))
    call_command("send_invitations")
    assert [m.subject for m in mail.outbox] == [f"Invitation: {'T' * 79}… (Org A)"]


def attempt(settings: Any) -> tuple[Invitation, dt.datetime, dt.datetime]:
    """One run of the worker: the invitation afterwards, and the times around the run."""
    before = timezone.now()
    call_command("send_invitations")
    after = timezone.now()
    return Invitation.objects.get(), before, after


def make_due() -> None:
    """Let the planned next try come now (instead of waiting minutes)."""
    Invitation.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


def test_a_failed_mail_is_tried_again_by_the_back_off_schedule_then_given_up(
    assessment_a: Assessment, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    settings.MAIL_RETRY_MINUTES = (1, 5)
    monkeypatch.setattr(DownBackend, "down", True)
    domain.open_assessment(assessment_a)
    queue(assessment_a, ("a@example.org", "en"))
    for tries, wait in ((1, 1), (2, 5)):
        invitation, before, after = attempt(settings)
        assert (invitation.send_attempts, invitation.send_failure) == (tries, "server")
        assert invitation.next_attempt_at is not None
        assert before + dt.timedelta(minutes=wait) <= invitation.next_attempt_at
        assert invitation.next_attempt_at <= after + dt.timedelta(minutes=wait)
        assert attempt(settings)[0].send_attempts == tries  # not due yet: not tried
        make_due()
    invitation, _before, _after = attempt(settings)
    assert (invitation.send_attempts, invitation.next_attempt_at) == (3, None)
    assert invitation.send_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert attempt(settings)[0].send_attempts == 3  # given up: never tried again
    assert mail.outbox == []


def test_a_mail_that_failed_goes_out_once_the_server_is_back(
    assessment_a: Assessment, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    monkeypatch.setattr(DownBackend, "down", True)
    domain.open_assessment(assessment_a)
    queue(assessment_a, ("a@example.org", "en"))
    call_command("send_invitations")
    monkeypatch.setattr(DownBackend, "down", False)
    make_due()
    call_command("send_invitations")
    invitation = Invitation.objects.get()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert invitation.sent_at is not None
    assert (invitation.send_attempts, invitation.send_error, invitation.next_attempt_at) == (
        0,
        "",
        None,
    )


def test_the_invitations_page_counts_mails_that_did_not_go_out(
    as_alice: Client, assessment_a: Assessment, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    domain.open_assessment(assessment_a)
    queue(assessment_a, ("gone@example.invalid", "nl"), ("ok@example.org", "nl"))
    call_command("send_invitations")  # the refusal is final at once
    monkeypatch.setattr(DownBackend, "down", True)
    queue(assessment_a, ("a@example.org", "nl"), ("b@example.org", "nl"))
    call_command("send_invitations")
    assert domain.send_problems(assessment_a) == domain.SendProblems(
        retrying=2, given_up={"the mail server refused the address": 1}
    )
    html = as_alice.get(f"/assessments/{assessment_a.pk}/invitations/").content.decode()
    assert "2 e-mails could not be sent yet; they are tried again automatically." in html
    assert "1 e-mail was given up: the mail server refused the address." in html


def test_an_address_twice_in_a_batch_or_already_invited_is_invited_once(
    as_alice: Client, assessment_a: Assessment
) -> None:
    url = f"/assessments/{assessment_a.pk}/invitations/email/"
    first = as_alice.post(
        url,
        {"addresses": "ann@example.org\n  ANN@Example.org \nben@example.org", "language": "nl"},
        follow=True,
    )
    second = as_alice.post(
        url, {"addresses": "Ben@example.org\ncor@example.org", "language": "nl"}, follow=True
    )
    assert [str(m) for r in (first, second) for m in r.context["messages"]] == [
        "Invitations queued: 2. Already invited, so skipped: 1.",
        "Invitations queued: 1. Already invited, so skipped: 1.",
    ]
    assert list(assessment_a.invitations.values_list("email", flat=True)) == [
        "ann@example.org",
        "ben@example.org",
        "cor@example.org",
    ]

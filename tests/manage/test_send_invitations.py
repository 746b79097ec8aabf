"""`partnerscan send_invitations`: queued e-mails go out in their language with a working link."""

from __future__ import annotations

import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation

pytestmark = pytest.mark.django_db


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

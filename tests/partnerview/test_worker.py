"""What the worker does for partner rounds (partnerview/worker.py): the first mails, in the
invitee's language and written for an outsider; the one reminder; tries again after a failure;
closes a round at its closing time; forgets old links. Time comes in as `now`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from support import DownBackend

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.core import jobs
from partnerscan.core.errors import DomainError
from partnerscan.partnerview import domain, invitees, responding
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound
from partnerscan.partnerview.worker import FORGET_LINKS_AFTER, run_partner_rounds

from .conftest import invite

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/p/([\w-]+)/")


def now() -> dt.datetime:
    return timezone.now()


def token_of(message: mail.EmailMessage) -> str:
    found = LINK.search(message.body)
    assert found is not None, message.body
    return found.group(1)


@pytest.fixture
def noted(assessment_a: Assessment, alice: User) -> PartnerRound:
    closes = timezone.now() + dt.timedelta(days=10)
    return domain.start_partner_round(
        assessment_a, alice, min_group=4, closes_at=closes, note="We would really value it."
    )


def test_the_first_mail_tells_an_outsider_who_asks_why_how_long_and_how_anonymous(
    noted: PartnerRound,
) -> None:
    invite(noted, "kim@school.example", "De School", "en")
    assert run_partner_rounds(now()) == "1 mails sent, 0 failed, 0 rounds closed"
    (message,) = mail.outbox
    assert message.to == ["kim@school.example"] and message.reply_to == ["alice@example.org"]
    assert message.subject == "How do you experience Org A as a partner?"
    body = message.body
    for said in (
        "Org A wants to learn how its partners experience it as a partner",
        "on behalf of De School",
        "Alice adds:\nWe would really value it.",
        "There are 14 short questions; answering takes about 10 minutes.",
        "only ever shown as totals of at least 4 partners, never per person",
        "to group the answers of at least 4 people of one organisation",
        "shown without the name of your organisation",
        "Your e-mail address is deleted when the round closes",
        "Questions? Please contact Alice (alice@example.org).",
        "You can answer until and including",
    ):
        assert said in body, said
    token = token_of(message)
    assert responding.find_partner_invitation(token) == PartnerInvitation.objects.get()
    assert run_partner_rounds(now()) == ""  # nothing twice


def test_a_dutch_invitee_gets_a_dutch_mail(partner_round: PartnerRound) -> None:
    invite(partner_round, "an@bieb.example", "Bibliotheek", "nl")
    run_partner_rounds(now())
    (message,) = mail.outbox
    assert message.subject == "Hoe ervaart u Org A als partner?"
    assert "Er zijn 14 korte vragen; invullen kost ongeveer 10 minuten." in message.body
    assert "minstens 3 partners" in message.body


def test_a_failed_mail_is_tried_again_by_the_schedule(
    partner_round: PartnerRound, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "support.DownBackend"
    invite(partner_round, "kim@school.example")
    first = now()
    DownBackend.down = True
    assert run_partner_rounds(first) == "0 mails sent, 1 failed, 0 rounds closed"
    invitation = PartnerInvitation.objects.get()
    assert (invitation.send_attempts, invitation.send_failure, invitation.mail_status) == (
        1,
        "server",
        "trying again",
    )
    DownBackend.down = False
    assert run_partner_rounds(first) == ""  # not due yet
    assert run_partner_rounds(first + dt.timedelta(minutes=2)).startswith("1 mails sent")
    invitation.refresh_from_db()
    assert (invitation.send_attempts, invitation.send_error, invitation.mail_status) == (
        0,
        "",
        "sent",
    )


def test_one_reminder_goes_to_who_has_not_submitted_and_keeps_a_started_link(
    partner_round: PartnerRound, alice: User
) -> None:
    for person in ("new", "started", "done"):
        invite(partner_round, f"{person}@care.example")
    run_partner_rounds(now())
    tokens = {m.to[0].split("@")[0]: token_of(m) for m in mail.outbox}
    for person in ("started", "done"):
        invitation = responding.find_partner_invitation(tokens[person])
        assert invitation is not None
        response = responding.start_partner_response(invitation, tokens[person])
        responding.save_partner_answer(response, "attractiveness", "3")
        if person == "done":
            responding.submit_partner_response(response, invitation)
    mail.outbox.clear()

    assert domain.queue_partner_reminders(partner_round, alice) == 2
    assert domain.queue_partner_reminders(partner_round, alice) == 0
    assert run_partner_rounds(now()).startswith("2 mails sent")
    reminders = {m.to[0].split("@")[0]: m for m in mail.outbox}
    assert sorted(reminders) == ["new", "started"]
    assert reminders["new"].subject == "Reminder: how do you experience Org A as a partner?"
    assert token_of(reminders["new"]) != tokens["new"]
    assert responding.find_partner_invitation(tokens["new"]) is None  # replaced
    assert "go on with the link in the first e-mail" in reminders["started"].body
    assert LINK.search(reminders["started"].body) is None
    mail.outbox.clear()
    assert (
        run_partner_rounds(now()) == ""
        and domain.queue_partner_reminders(partner_round, alice) == 0
    )
    assert mail.outbox == []


def test_the_worker_closes_a_round_at_its_closing_time(noted: PartnerRound) -> None:
    invite(noted, "kim@school.example")
    assert noted.closes_at is not None
    assert "partner_rounds" in jobs._JOBS
    jobs.run_all(noted.closes_at - dt.timedelta(seconds=1))
    noted.refresh_from_db()
    assert noted.is_open
    summaries = jobs.run_all(noted.closes_at)
    assert summaries["partner_rounds"] == "0 mails sent, 0 failed, 1 rounds closed"
    noted.refresh_from_db()
    assert (noted.state, PartnerInvitation.objects.get().email) == ("closed", "")
    with pytest.raises(DomainError):
        domain.add_partner_invitations(noted, invitees.parse_pasted("a@b.example;B"), None)


def test_a_closed_rounds_links_say_closed_and_are_forgotten_later(
    partner_round: PartnerRound,
) -> None:
    invite(partner_round, "kim@school.example")
    run_partner_rounds(now())
    token = token_of(mail.outbox[0])
    closed = domain.close_partner_round(partner_round, None)
    assert responding.find_partner_invitation(token) is not None  # says "closed"
    assert closed.closed_at is not None
    run_partner_rounds(closed.closed_at + FORGET_LINKS_AFTER - dt.timedelta(minutes=1))
    assert responding.find_partner_invitation(token) is not None
    run_partner_rounds(closed.closed_at + FORGET_LINKS_AFTER)
    assert responding.find_partner_invitation(token) is None

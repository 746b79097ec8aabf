"""The health-check rhythm (portfolio/rhythm.py): the worker starts a partnership's check when it
is due, mails each contact a link in their language, reminds once who has not submitted, closes
the check after 21 days; and the contacts it mails, as editors keep them.

Time is passed into the job as `now`; nothing here changes the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from support import DownBackend

from partnerscan.accounts.models import Organisation, User
from partnerscan.audit.models import AuditEvent
from partnerscan.core import jobs
from partnerscan.portfolio import contacts, health
from partnerscan.portfolio.models import HealthCheck, HealthInvitation, Partnership
from partnerscan.portfolio.rhythm import add_months, due_partnerships, run_rhythm

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
LINK = re.compile(r"https?://\S+/h/([\w-]+)/")


@pytest.fixture
def rhythmic(care: Partnership, alice: User) -> Partnership:
    """Checked every 6 months, started a year ago, one contact on each side."""
    Partnership.objects.filter(pk=care.pk).update(
        review_interval_months=6, started_on=dt.date(2025, 6, 1)
    )
    care.refresh_from_db()
    contacts.add_contact(care, alice, "own", "olga@example.org", "Olga", "nl")
    contacts.add_contact(care, alice, "partner", "piet@example.net", "", "en")
    return care


def token_of(message: mail.EmailMessage) -> str:
    found = LINK.search(message.body)
    assert found is not None, message.body
    return found.group(1)


def submit(token: str) -> None:
    respondent = Client()
    respondent.post(f"/h/{token}/")
    respondent.post(f"/h/{token}/save/", {"statement": "goal-clear", "value": "4"})
    respondent.post(f"/h/{token}/submit/")


# --- when a check is due -------------------------------------------------------------------------


def test_months_are_added_to_the_last_day_of_a_shorter_month() -> None:
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 1, 15), 12) == dt.date(2027, 1, 15)


def test_a_check_is_due_an_interval_after_the_last_one_started(
    rhythmic: Partnership, alice: User
) -> None:
    check = health.close_health_check(health.start_health_check(rhythmic, alice), alice)
    HealthCheck.objects.filter(pk=check.pk).update(opened_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert due_partnerships(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC)) == []
    assert due_partnerships(dt.datetime(2026, 7, 2, 12, tzinfo=dt.UTC)) == [rhythmic]


def test_never_checked_it_is_due_an_interval_after_its_start_or_at_once_without_one(
    rhythmic: Partnership,
) -> None:
    Partnership.objects.filter(pk=rhythmic.pk).update(started_on=dt.date(2026, 1, 2))
    assert due_partnerships(dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC)) == []
    assert due_partnerships(dt.datetime(2026, 7, 2, 12, tzinfo=dt.UTC)) == [rhythmic]
    Partnership.objects.filter(pk=rhythmic.pk).update(started_on=None)
    assert due_partnerships(dt.datetime(2026, 1, 2, 12, tzinfo=dt.UTC)) == [rhythmic]


def test_nothing_is_due_without_interval_or_contacts_when_ended_or_while_a_check_is_open(
    rhythmic: Partnership, alice: User
) -> None:
    assert due_partnerships(NOW) == [rhythmic]
    Partnership.objects.filter(pk=rhythmic.pk).update(phase="ended")
    assert due_partnerships(NOW) == []
    Partnership.objects.filter(pk=rhythmic.pk).update(phase="running", review_interval_months=None)
    assert due_partnerships(NOW) == []
    Partnership.objects.filter(pk=rhythmic.pk).update(review_interval_months=6)
    health.start_health_check(rhythmic, alice)
    assert due_partnerships(NOW) == []
    for contact in rhythmic.contacts.all():
        contacts.remove_contact(contact, alice)
    HealthCheck.objects.update(state="closed")
    assert due_partnerships(NOW) == []


# --- the job -------------------------------------------------------------------------------------


def test_the_job_starts_a_check_and_mails_each_contact_a_working_link_in_their_language(
    rhythmic: Partnership,
) -> None:
    assert run_rhythm(NOW) == "1 checks started, 2 mails sent, 0 failed, 0 checks closed"
    check = HealthCheck.objects.get()
    assert (check.opened_at, check.closes_at, check.created_by) == (
        NOW,
        NOW + dt.timedelta(days=21),
        None,
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    dutch, english = by_address["olga@example.org"], by_address["piet@example.net"]
    assert dutch.subject == "Gezondheidscheck: Care chain (Org A)"
    assert english.subject == "Health check: Care chain (Org A)"
    assert "Beste Olga," in dutch.body and "open tot 22 juni 2026" in dutch.body
    assert "Dear partner," in english.body and "open until 22 June 2026" in english.body
    welcome = Client().get(f"/h/{token_of(english)}/")
    assert welcome.status_code == 200 and "Org A" in welcome.content.decode()
    sides = HealthInvitation.objects.values_list("side", "language", "email")
    assert sorted(sides) == [
        ("own", "nl", "olga@example.org"),
        ("partner", "en", "piet@example.net"),
    ]
    started = AuditEvent.objects.get(action="health_check_started")
    assert started.user is None


def test_running_the_job_twice_sends_nothing_twice(rhythmic: Partnership) -> None:
    run_rhythm(NOW)
    assert run_rhythm(NOW) == ""
    assert run_rhythm(NOW + dt.timedelta(days=3)) == ""
    assert (len(mail.outbox), HealthCheck.objects.count()) == (2, 1)


def test_the_reminder_after_7_days_goes_once_and_only_to_who_has_not_submitted(
    rhythmic: Partnership,
) -> None:
    run_rhythm(NOW)
    submit(token_of(next(m for m in mail.outbox if m.to == ["olga@example.org"])))
    mail.outbox.clear()
    assert run_rhythm(NOW + dt.timedelta(days=6, hours=23)) == ""
    later = NOW + dt.timedelta(days=7)
    assert run_rhythm(later) == "0 checks started, 1 mails sent, 0 failed, 0 checks closed"
    assert run_rhythm(later + dt.timedelta(days=1)) == ""
    [reminder] = mail.outbox
    assert reminder.to == ["piet@example.net"]
    assert reminder.subject == "Reminder, health check: Care chain (Org A)"
    # Not started yet, so a fresh link that works; the first one stopped working.
    assert Client().get(f"/h/{token_of(reminder)}/").status_code == 200


def test_closing_after_21_days_blanks_the_addresses(rhythmic: Partnership) -> None:
    run_rhythm(NOW)
    assert run_rhythm(NOW + dt.timedelta(days=20, hours=23)).endswith("0 checks closed")
    assert run_rhythm(NOW + dt.timedelta(days=21)).endswith("1 checks closed")
    check = HealthCheck.objects.get()
    assert check.state == "closed"
    assert list(HealthInvitation.objects.values_list("email", flat=True)) == ["", ""]
    # The contacts stay for the next check, which is not due for six months.
    assert rhythmic.contacts.count() == 2
    assert due_partnerships(NOW + dt.timedelta(days=60)) == []


def test_a_failing_mail_server_is_recorded_and_tried_again(
    rhythmic: Partnership, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "support.DownBackend"
    DownBackend.down = True
    try:
        assert run_rhythm(NOW) == "1 checks started, 0 mails sent, 2 failed, 0 checks closed"
        failed = HealthInvitation.objects.values_list("send_failure", "send_attempts", "sent_at")
        assert list(failed) == [("server", 1, None)] * 2
        assert run_rhythm(NOW) == ""  # the next try is a minute later
        DownBackend.down = False
        assert run_rhythm(NOW + dt.timedelta(minutes=1)).startswith("0 checks started, 2 mails")
    finally:
        DownBackend.down = True
    assert len(mail.outbox) == 2
    assert set(HealthInvitation.objects.values_list("send_error", flat=True)) == {""}


def test_the_worker_runs_the_registered_jobs(rhythmic: Partnership) -> None:
    assert "health_rhythm" in jobs.run_all(NOW)  # registered by PortfolioConfig.ready()
    mail.outbox.clear()
    HealthCheck.objects.all().delete()
    out = _command_output()
    assert "health_rhythm: 1 checks started, 2 mails sent, 0 failed, 0 checks closed" in out
    assert "health_rhythm: nothing to do" in _command_output()


def _command_output() -> str:
    buffer = io.StringIO()
    call_command("send_invitations", stdout=buffer)
    return buffer.getvalue()


def test_a_failing_job_does_not_stop_the_others() -> None:
    def broken(now: dt.datetime) -> str:
        raise RuntimeError("bug")

    jobs.register("broken", broken)
    try:
        assert jobs.run_all(NOW)["broken"] == "failed: RuntimeError"
    finally:
        jobs._JOBS.pop("broken")


# --- contacts on the partnership's page ----------------------------------------------------------


def test_an_editor_adds_and_removes_contacts_audited_without_the_address(
    as_alice: Client, care: Partnership
) -> None:
    data = {"side": "partner", "email": "kim@example.net", "name": "Kim", "language": "en"}
    response = as_alice.post(f"/partnerships/{care.pk}/contacts/", data)
    assert response["Location"] == f"/partnerships/{care.pk}/#contacts"
    contact = care.contacts.get()
    assert (contact.side, contact.email, contact.name, contact.language) == (
        "partner",
        "kim@example.net",
        "Kim",
        "en",
    )
    as_alice.post(f"/partnerships/{care.pk}/contacts/", {**data, "email": "KIM@example.net"})
    assert care.contacts.count() == 1
    assert "kim@example.net" in as_alice.get(f"/partnerships/{care.pk}/").content.decode()
    as_alice.post(f"/contacts/{contact.pk}/remove/")
    assert not care.contacts.exists()
    events = AuditEvent.objects.filter(action__startswith="contact_").order_by("id")
    assert [(e.action, e.params["side"]) for e in events] == [
        ("contact_added", "partner"),
        ("contact_removed", "partner"),
    ]
    assert not any("kim" in f"{e.detail}{e.params}".lower() for e in events)


def test_a_viewer_sees_counts_only_and_may_not_change_contacts(
    as_bob: Client, rhythmic: Partnership
) -> None:
    html = as_bob.get(f"/partnerships/{rhythmic.pk}/").content.decode()
    assert "Our organisation: 1 contact." in html and "The partner: 1 contact." in html
    assert "olga@example.org" not in html and "piet@example.net" not in html
    data = {"side": "own", "email": "x@example.org", "name": "", "language": "nl"}
    assert as_bob.post(f"/partnerships/{rhythmic.pk}/contacts/", data).status_code == 403
    contact = rhythmic.contacts.first()
    assert contact is not None
    assert as_bob.post(f"/contacts/{contact.pk}/remove/").status_code == 403
    assert rhythmic.contacts.count() == 2


def test_another_organisation_gets_a_404(
    as_charlie: Client, org_b: Organisation, rhythmic: Partnership
) -> None:
    data = {"side": "own", "email": "x@example.org", "name": "", "language": "nl"}
    assert as_charlie.post(f"/partnerships/{rhythmic.pk}/contacts/", data).status_code == 404
    contact = rhythmic.contacts.first()
    assert contact is not None
    assert as_charlie.post(f"/contacts/{contact.pk}/remove/").status_code == 404
    assert rhythmic.contacts.count() == 2


def test_a_wrong_address_is_refused_by_name(as_alice: Client, care: Partnership) -> None:
    data = {"side": "own", "email": "not an address", "name": "", "language": "nl"}
    response = as_alice.post(f"/partnerships/{care.pk}/contacts/", data, follow=True)
    assert "E-mail address: Enter a valid email address." in response.content.decode()
    assert not care.contacts.exists()


def test_the_contacts_panel_speaks_dutch(as_alice: Client, rhythmic: Partnership) -> None:
    as_alice.cookies["django_language"] = "nl"
    html = as_alice.get(f"/partnerships/{rhythmic.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Contactpersonen voor de gezondheidschecks" in html
    assert "Onze organisatie: 1 contactpersoon." in html

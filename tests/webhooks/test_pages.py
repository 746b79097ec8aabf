"""The owners' webhook pages: who may use them, the secret shown once, addresses refused with a
message naming the field, and every change in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from support import logged_in

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.audit.models import AuditEvent
from partnerscan.core.errors import DomainError
from partnerscan.webhooks import domain
from partnerscan.webhooks.addresses import check_url
from partnerscan.webhooks.models import Delivery, EventType, Subscription
from partnerscan.webhooks.worker import run_webhooks

from .conftest import Receiver

pytestmark = pytest.mark.django_db


def make(organisation: Organisation, by: User, url: str) -> Subscription:
    return domain.create_subscription(organisation, by, url, EventType.values).subscription


def test_an_owner_adds_a_webhook_and_sees_its_secret_only_once(
    org_a: Organisation, as_alice: Client, receiver: Receiver
) -> None:
    url = reverse("webhooks", args=[org_a.pk])
    page = as_alice.post(url, {"url": receiver.url, "events": ["assessment.closed"]})
    subscription = Subscription.objects.get()
    assert (subscription.url, subscription.events) == (receiver.url, ["assessment.closed"])
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in page.content.decode()
    for again in (url, reverse("webhook", args=[org_a.pk, subscription.pk])):
        assert subscription.secret not in as_alice.get(again).content.decode()
    rolled = as_alice.post(reverse("webhook-secret", args=[org_a.pk, subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.secret in rolled.content.decode()
    assert subscription.secret not in page.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.org/hook", "URL: the address must start with https://."),
        ("ftp://example.org/hook", "URL: the address must start with https://."),
        ("https://10.1.2.3/hook", "URL: 10.1.2.3 is an address inside a private network"),
        ("https://169.254.169.254/latest", "URL: 169.254.169.254 is an address inside a private"),
        ("https://[::1]/hook", "URL: ::1 is an address inside a private network"),
        ("https://user:pw@example.org/", "URL: leave out the user name and password."),
        ("https:///hook", "URL: the address has no host name."),
    ],
)
def test_addresses_outside_the_public_internet_are_refused_naming_the_field(
    org_a: Organisation, as_alice: Client, settings: Any, url: str, message: str
) -> None:
    settings.WEBHOOKS_ALLOW_HTTP_LOCALHOST = False
    page = as_alice.post(
        reverse("webhooks", args=[org_a.pk]), {"url": url, "events": ["assessment.closed"]}
    )
    assert page.status_code == 200
    assert message in page.content.decode()
    assert Subscription.objects.count() == 0
    assert not AuditEvent.objects.filter(action="webhook_added").exists()


def test_localhost_is_refused_without_the_setting(settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_HTTP_LOCALHOST = False
    for url in ("http://127.0.0.1:8000/hook", "https://localhost/hook", "https://127.0.0.1/"):
        with pytest.raises(DomainError, match="^URL: "):
            check_url(url)
    settings.WEBHOOKS_ALLOW_HTTP_LOCALHOST = True
    assert check_url(" http://127.0.0.1:8000/hook ") == "http://127.0.0.1:8000/hook"
    with pytest.raises(DomainError, match="^URL: 10.0.0.1 is an address inside"):
        check_url("https://10.0.0.1/")


def test_no_events_chosen_names_the_field(org_a: Organisation, alice: User) -> None:
    with pytest.raises(DomainError, match="^Events: "):
        domain.create_subscription(org_a, alice, "http://127.0.0.1:9/", [])
    with pytest.raises(DomainError, match="^Events: "):
        domain.create_subscription(org_a, alice, "http://127.0.0.1:9/", ["answer.saved"])
    assert Subscription.objects.count() == 0


def test_only_the_owners_of_the_organisation_reach_webhooks(
    org_a: Organisation,
    org_b: Organisation,
    alice: User,
    charlie: User,
    as_bob: Client,
    as_charlie: Client,
    receiver: Receiver,
) -> None:
    editor = User.objects.create_user("dave@example.org", "x", name="Dave")
    accounts_domain.add_member(org_a, editor.email, "editor")
    subscription = make(org_a, alice, receiver.url)
    theirs = make(org_b, charlie, receiver.url)
    pages = [
        reverse("webhooks", args=[org_a.pk]),
        reverse("webhook", args=[org_a.pk, subscription.pk]),
    ]
    posts = [
        reverse("webhook-active", args=[org_a.pk, subscription.pk]),
        reverse("webhook-secret", args=[org_a.pk, subscription.pk]),
        reverse("webhook-delete", args=[org_a.pk, subscription.pk]),
    ]
    statuses = {
        who: [client.get(u).status_code for u in pages]
        + [client.post(u, {"active": "0"}).status_code for u in posts]
        for who, client in (
            ("viewer", as_bob),
            ("editor", logged_in(editor)),
            ("other", as_charlie),
        )
    }
    assert statuses == {"viewer": [403] * 5, "editor": [403] * 5, "other": [404] * 5}
    # Org B's owner with org A's subscription under org B's address: still not found.
    crossed = as_charlie.get(reverse("webhook", args=[org_b.pk, subscription.pk]))
    assert crossed.status_code == 404
    mine = logged_in(alice).get(reverse("webhook", args=[org_a.pk, theirs.pk]))
    assert mine.status_code == 404
    assert Subscription.objects.get(pk=subscription.pk).active


def test_the_owner_pauses_resends_and_deletes_and_the_audit_log_says_so(
    org_a: Organisation, alice: User, as_alice: Client, receiver: Receiver
) -> None:
    subscription = make(org_a, alice, receiver.url)
    assessments.open_assessment(
        assessments.create_assessment(org_a, alice, title="Round 1", min_group=3), by=alice
    )
    run_webhooks(timezone.now())
    delivery = Delivery.objects.get()
    log = as_alice.get(reverse("webhook", args=[org_a.pk, subscription.pk])).content.decode()
    assert str(delivery.event_id) in log and "HTTP 200" in log
    as_alice.post(reverse("webhook-resend", args=[org_a.pk, subscription.pk, delivery.pk]))
    run_webhooks(timezone.now())
    as_alice.post(reverse("webhook-active", args=[org_a.pk, subscription.pk]), {"active": "0"})
    as_alice.post(reverse("webhook-active", args=[org_a.pk, subscription.pk]), {"active": "1"})
    as_alice.post(reverse("webhook-delete", args=[org_a.pk, subscription.pk]))
    assert len(receiver.received) == 2
    assert Subscription.objects.count() == Delivery.objects.count() == 0
    events = AuditEvent.objects.filter(action__startswith="webhook").order_by("pk")
    host = "127.0.0.1"
    with translation.override("nl"):
        said = [(e.action, e.sentence) for e in events]
    n = subscription.pk
    assert said == [
        ("webhook_added", f"webhook {n} naar {host}, voor: " + _dutch_events()),
        ("webhook_resent", f"gebeurtenis {delivery.event_id}, webhook {n} naar {host}"),
        ("webhook_changed", f"webhook {n} naar {host} gepauzeerd"),
        ("webhook_changed", f"webhook {n} naar {host} weer aangezet"),
        ("webhook_deleted", f"webhook {n} naar {host}"),
    ]
    assert all("/hooks/" not in e.detail for e in events)


def _dutch_events() -> str:
    with translation.override("nl"):
        return ", ".join(str(label) for _value, label in EventType.choices)


def test_the_delivery_log_reads_in_the_same_number_of_queries_for_one_or_many(
    org_a: Organisation, alice: User, as_alice: Client, receiver: Receiver
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    subscription = make(org_a, alice, receiver.url)
    url = reverse("webhook", args=[org_a.pk, subscription.pk])
    counts = []
    for rounds in (1, 6):
        for n in range(rounds):
            assessments.open_assessment(
                assessments.create_assessment(org_a, alice, title=f"R{n}", min_group=3), by=alice
            )
        receiver.answers = [500]
        run_webhooks(timezone.now())
        with CaptureQueriesContext(connection) as captured:
            assert as_alice.get(url).status_code == 200
        counts.append(len(captured))
    assert Delivery.objects.count() == 7
    assert counts[0] == counts[1]


def test_the_organisation_page_links_the_webhooks_for_owners_only(
    org_a: Organisation, as_alice: Client, as_bob: Client
) -> None:
    link = f'href="{reverse("webhooks", args=[org_a.pk])}"'
    page = reverse("organisation", args=[org_a.pk])
    assert link in as_alice.get(page).content.decode()
    assert link not in as_bob.get(page).content.decode()

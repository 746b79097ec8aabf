"""A Dutch owner sees the webhook pages in Dutch: no sentence of the webhooks app's modules and
templates shows in its English form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from support import english_phrases, logged_in, text_of

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.webhooks import domain
from partnerscan.webhooks.models import EventType
from partnerscan.webhooks.worker import run_webhooks

from .conftest import Receiver

pytestmark = pytest.mark.django_db

OURS = re.compile(r"partnerscan/(webhooks/|templates/webhooks/)")


def test_the_webhook_pages_speak_dutch(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    owner = logged_in(alice, "nl")
    made = owner.post(
        reverse("webhooks", args=[org_a.pk]), {"url": receiver.url, "events": EventType.values}
    )
    refused = owner.post(
        reverse("webhooks", args=[org_a.pk]), {"url": "http://example.org/", "events": []}
    )
    subscription = made.context["issued"].subscription
    receiver.answers = [500]
    assessments.open_assessment(
        assessments.create_assessment(org_a, alice, title="Ronde 1", min_group=3), by=alice
    )
    run_webhooks(timezone.now())
    log = owner.get(reverse("webhook", args=[org_a.pk, subscription.pk]))
    domain.set_active(subscription, alice, False)
    paused = owner.get(reverse("webhooks", args=[org_a.pk]))
    pages = [text_of(p.content) for p in (made, refused, log, paused)]

    phrases = english_phrases(OURS)
    assert len(phrases) > 20
    found = {phrase for page in pages for phrase in phrases if phrase in page}
    assert found == set()
    assert "Kopieer het nu naar het ontvangende systeem" in pages[0]
    assert "Kies ten minste één gebeurtenis." in pages[1]
    assert "wacht op verzending" in pages[2] and "HTTP 500" in pages[2]
    assert "gepauzeerd" in pages[3]

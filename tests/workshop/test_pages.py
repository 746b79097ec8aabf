"""The facilitator's pages: start from the round, change the agenda, go live, run the votes;
owners and editors only, another organisation's workshop a 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from support import logged_in, text_of

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.workshop import domain, participating
from partnerscan.workshop.models import Workshop

from .conftest import BLIND, CONTESTED, joined

pytestmark = pytest.mark.django_db


def test_an_owner_starts_a_workshop_from_the_round(scanned: Assessment, as_alice: Client) -> None:
    page = as_alice.get(f"/assessments/{scanned.pk}/workshops/")
    assert "Start a workshop" in text_of(page.content)
    started = as_alice.post(f"/assessments/{scanned.pk}/workshops/start/", {"title": "Room 4"})
    workshop = Workshop.objects.get()
    assert started["Location"] == f"/workshops/{workshop.pk}/"
    text = text_of(as_alice.get(started["Location"]).content)
    assert "Room 4" in text and workshop.code in text and "Go live" in text
    assert "Attractive as a partner · Strategy" in text
    assert "a lead · a blind spot · scan: mean 4.5 of 6 answers · partners: mean 1.5" in text


def test_the_agenda_changes_through_the_page(workshop: Workshop, as_alice: Client) -> None:
    contested = workshop.items.get(aspect=CONTESTED)
    base = f"/workshops/{workshop.pk}"
    as_alice.post(f"{base}/items/{contested.pk}/move/", {"direction": "up"})
    as_alice.post(f"{base}/items/add/", {"aspect": "tools"})
    goals = workshop.items.get(aspect="goals")
    as_alice.post(f"{base}/items/{goals.pk}/remove/")
    assert [i.aspect for i in workshop.items.all()] == [CONTESTED, BLIND, "roles", "tools"]
    refused = as_alice.post(f"{base}/items/add/", {"aspect": "tools"}, follow=True)
    assert "This aspect is already on the agenda." in text_of(refused.content)


def test_the_control_page_counts_and_never_names(live: Workshop, alice: User) -> None:
    item = live.items.get(aspect=CONTESTED)
    ballot = domain.open_ballot(item, alice)
    for participant, level in zip(joined(live, 5), [1, 1, 5, 5, 3], strict=True):
        participating.rate(participant, ballot, level, None)
    text = text_of(logged_in(alice).get(f"/workshops/{live.pk}/").content)
    assert "5 participants joined 5 votes in the open vote" in text
    assert "Vote 1: 5 votes · open" in text and "Close vote 1" in text
    assert "What it looks like" not in text and "views still differ" not in text


def test_the_control_page_reads_in_a_fixed_number_of_queries(live: Workshop, alice: User) -> None:
    client = logged_in(alice)
    url = f"/workshops/{live.pk}/"

    def voted_on(aspect: str) -> None:
        item = domain.add_item(live, aspect, alice)
        ballot = domain.open_ballot(item, alice)
        participating.rate(joined(live, 1)[0], ballot, 3, None)
        domain.close_ballot(ballot, alice)
        domain.reveal_ballot(ballot, alice)

    voted_on("tools")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for aspect in ("skills", "facilities", "development"):
        voted_on(aspect)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_viewers_and_other_organisations_stay_out(
    live: Workshop, as_bob: Client, as_charlie: Client
) -> None:
    for url in (f"/workshops/{live.pk}/", f"/workshops/{live.pk}/projector/"):
        assert as_bob.get(url).status_code == 403
        assert as_charlie.get(url).status_code == 404
    assert as_charlie.post(f"/workshops/{live.pk}/end/").status_code == 404
    live.refresh_from_db()
    assert live.is_live


def test_the_projector_shows_the_code_and_its_qr_code(live: Workshop, as_alice: Client) -> None:
    page = as_alice.get(f"/workshops/{live.pk}/projector/")
    html = page.content.decode()
    assert live.code in html and "<svg" in html
    assert f"/w/{live.code}/" in text_of(html)
    assert "We start in a moment." in text_of(html)

"""A Dutch participant and a Dutch facilitator see the workshop in Dutch: no sentence the
workshop's own templates and modules put in the catalogue shows in its English form."""

from __future__ import annotations

import re

import pytest
from support import client_in, english_phrases, logged_in, text_of

from partnerscan.accounts.models import User
from partnerscan.workshop import domain, participating
from partnerscan.workshop.models import Workshop

from .conftest import CONTESTED, joined, phone

pytestmark = pytest.mark.django_db

OURS = re.compile(r"workshop/")


def test_the_workshop_speaks_dutch(workshop: Workshop, alice: User) -> None:
    member = logged_in(alice, "nl")
    assessment = workshop.assessment
    pages = [member.get(f"/assessments/{assessment.pk}/workshops/").content]
    pages.append(member.get(f"/workshops/{workshop.pk}/").content)
    visitor = client_in("nl")
    pages += [visitor.get("/w/").content, visitor.get(f"/w/{workshop.code}/").content]
    domain.go_live(workshop, alice)
    client, _me = phone(workshop, "nl")
    live = f"/w/{workshop.code}/live/"
    pages.append(client.get(live).content)
    item = workshop.items.get(aspect=CONTESTED)
    ballot = domain.open_ballot(item, alice)
    pages += [client.get(live).content, member.get(f"/workshops/{workshop.pk}/projector/").content]
    client.post(f"/w/{workshop.code}/vote/", {"ballot": ballot.pk, "current": "2", "ambition": "3"})
    pages.append(client.get(live).content)
    for participant, level in zip(joined(workshop, 3), [2, 3, 4], strict=True):
        participating.rate(participant, ballot, level, None)
    domain.close_ballot(ballot, alice)
    pages.append(client.get(live).content)
    domain.reveal_ballot(ballot, alice)
    domain.record_agreement(item, 3, "", alice)
    pages += [
        member.get(f"/workshops/{workshop.pk}/projector/").content,
        member.get(f"/workshops/{workshop.pk}/").content,
    ]
    domain.end_workshop(workshop, alice)
    pages.append(client.get(live).content)

    phrases = english_phrases(OURS)
    assert len(phrases) > 40
    found = {phrase for page in pages for phrase in phrases if phrase in text_of(page)}
    assert found == set()
    assert "Uw stem: 2, Bewust; ambitie 3, Georganiseerd." in text_of(pages[7])
    assert "Stemming 1: 4 stemmen · uitslag getoond" in text_of(pages[9])
    assert "De werksessie is afgelopen. Bedankt voor uw deelname." in text_of(pages[-1])
    english = text_of(logged_in(alice, "en").get(f"/workshops/{workshop.pk}/").content)
    assert any(phrase in english for phrase in phrases)  # so the check can see English


def test_the_dot_vote_speaks_dutch(live: Workshop, alice: User) -> None:
    member = logged_in(alice, "nl")
    control, projector = f"/workshops/{live.pk}/", f"/workshops/{live.pk}/projector/"
    client, me = phone(live, "nl")
    phone_page = f"/w/{live.code}/live/"
    pages = [member.get(control).content]
    domain.prepare_dot_vote(live, alice)
    domain.set_dots(live, 3, 2, True, alice)
    pages += [member.get(control).content, member.get(projector).content]
    pages.append(client.get(phone_page).content)
    client.post(f"/w/{live.code}/suggest/", {"aspect": CONTESTED, "description": "Maandelijks"})
    domain.open_dots(live, alice)
    candidate = live.candidates.get(description="Maandelijks")
    client.post(f"/w/{live.code}/dots/", {"candidate": candidate.pk, "change": "add"})
    pages += [client.get(phone_page).content, member.get(control).content]
    pages.append(member.get(projector).content)
    for participant in joined(live, 2):
        participating.place_dot(participant, candidate, 1)
    domain.close_dots(live, alice)
    pages.append(client.get(phone_page).content)
    domain.reveal_dots(live, alice)
    pages += [member.get(control).content, member.get(projector).content]
    pages.append(client.get(phone_page).content)

    phrases = english_phrases(re.compile(r"workshop/|_dots"))
    assert any("dot" in phrase for phrase in phrases)
    found = {phrase for page in pages for phrase in phrases if phrase in text_of(page)}
    assert found == set()
    assert "Nog 2 van de 3 stippen over" in text_of(pages[4])
    assert "Stippenstemming: welke acties eerst?" in text_of(pages[-2])
    assert "3 deelnemers zetten stippen" in text_of(pages[-2])

"""Joining by code on a phone, voting from the live page, both languages, and the isolation
between sessions: a participant's cookie opens only the session it was made for."""

from __future__ import annotations

import pytest
from support import client_in, english_client, text_of

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.workshop import domain
from partnerscan.workshop.models import Participant, Rating, Workshop
from partnerscan.workshop.participant import COOKIE

from .conftest import CONTESTED, phone

pytestmark = pytest.mark.django_db


def test_joining_by_the_typed_code_sets_a_cookie_for_this_session_only(live: Workshop) -> None:
    client, participant = phone(live)
    cookie = client.cookies[COOKIE]
    assert cookie["path"] == f"/w/{live.code}/"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert participant.workshop == live and participant.language == "en"
    assert len(participant.key_hash) == 64 and cookie.value not in participant.key_hash


def test_the_qr_codes_link_joins_with_one_tap_and_only_once(live: Workshop) -> None:
    client = english_client()
    page = client.get(f"/w/{live.code.lower()}/")
    assert page.status_code == 200 and "Workshop March" in text_of(page.content)
    assert Participant.objects.count() == 0  # reading the page joins nobody
    first = client.post(f"/w/{live.code}/", {"language": "en"})
    assert first["Location"] == f"/w/{live.code}/live/"
    again = client.post(f"/w/{live.code}/", {"language": "en"})
    assert again["Location"] == f"/w/{live.code}/live/"
    assert client.get(f"/w/{live.code}/")["Location"] == f"/w/{live.code}/live/"
    assert Participant.objects.count() == 1


def test_a_wrong_code_is_refused_and_counted(live: Workshop) -> None:
    client = english_client()
    response = client.post("/w/", {"code": "ZZZZZZ" if live.code != "ZZZZZZ" else "YYYYYY"})
    assert response.status_code == 400
    assert "No session with this code is running" in text_of(response.content)
    assert client.get("/w/ZZ2ZZ9/").status_code == 404
    assert client.get("/w/not-a-code/").status_code == 404
    assert Participant.objects.count() == 0


def test_an_ended_session_takes_nobody_in(live: Workshop, alice: User) -> None:
    client, _participant = phone(live)
    domain.end_workshop(live, alice)
    assert english_client().post("/w/", {"code": live.code}).status_code == 400
    page = client.get(f"/w/{live.code}/live/")
    assert "The workshop has ended. Thank you for taking part." in text_of(page.content)


def test_the_live_page_follows_the_session(live: Workshop, alice: User) -> None:
    client, _participant = phone(live)
    url = f"/w/{live.code}/live/"
    assert "Waiting for the facilitator" in text_of(client.get(url).content)
    item = live.items.get(aspect=CONTESTED)
    domain.show_item(item, alice)
    text = text_of(client.get(url).content)
    assert "On the screen now: Internal alignment per partner." in text
    assert "Waiting for the facilitator to open the vote" in text
    ballot = domain.open_ballot(item, alice)
    page = client.get(url)
    text = text_of(page.content)
    assert "Vote 1 is open: Internal alignment per partner." in text
    assert "Where are we now?" in text and "Where do we want to be? (optional)" in text
    assert f'name="ballot" value="{ballot.pk}"' in page.content.decode()
    domain.close_ballot(ballot, alice)
    assert "The vote is closed. Look at the screen." in text_of(client.get(url).content)


def test_a_vote_from_the_phone_is_confirmed_and_can_be_changed(live: Workshop, alice: User) -> None:
    client, participant = phone(live)
    ballot = domain.open_ballot(live.items.get(aspect=CONTESTED), alice)
    url = f"/w/{live.code}/vote/"
    answer = client.post(url, {"ballot": ballot.pk, "current": "2"}, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert text_of(answer.content).strip() == (
        "Your vote: 2, Aware. You can change it until the vote closes."
    )
    plain = client.post(url, {"ballot": ballot.pk, "current": "3", "ambition": "4"})
    assert plain["Location"] == f"/w/{live.code}/live/"
    page = text_of(client.get(plain["Location"]).content)
    assert "Your vote: 3, Organised; ambition 4, Integrated." in page
    assert list(Rating.objects.values_list("participant", "current", "ambition")) == [
        (participant.pk, 3, 4)
    ]
    missing = client.post(url, {"ballot": ballot.pk}, headers={"HX-Request": "true"})
    assert missing.status_code == 409 and "Choose a level first." in text_of(missing.content)
    domain.close_ballot(ballot, alice)
    late = client.post(url, {"ballot": ballot.pk, "current": "5"}, headers={"HX-Request": "true"})
    assert late.status_code == 409 and "This vote is closed" in text_of(late.content)


def test_the_participant_pages_speak_dutch_and_english(live: Workshop, alice: User) -> None:
    domain.open_ballot(live.items.get(aspect=CONTESTED), alice)
    join_nl = text_of(client_in("nl").get("/w/").content)
    assert "Doe mee met een werksessie" in join_nl
    assert "Join a workshop" in text_of(english_client().get("/w/?lang=en").content)
    dutch, _p = phone(live, "nl")
    text = text_of(dutch.get(f"/w/{live.code}/live/").content)
    assert "Interne afstemming per partner" in text and "Waar staan we nu?" in text
    english, _p = phone(live, "en")
    assert "Where are we now?" in text_of(english.get(f"/w/{live.code}/live/").content)
    english.post(f"/w/{live.code}/language/", {"language": "nl"})
    assert "Waar staan we nu?" in text_of(english.get(f"/w/{live.code}/live/").content)


def other_session(scanned: Assessment, alice: User) -> Workshop:
    return domain.go_live(domain.start_workshop(scanned, alice, "Other room"), alice)


def test_a_cookie_of_one_session_opens_nothing_of_another(
    live: Workshop, scanned: Assessment, alice: User
) -> None:
    other = other_session(scanned, alice)
    ballot = domain.open_ballot(other.items.get(aspect=CONTESTED), alice)
    client, _mine = phone(live)  # joined `live`; Django's test client sends it to any path
    assert client.get(f"/w/{other.code}/live/")["Location"] == f"/w/{other.code}/"
    assert client.get(f"/w/{other.code}/live/poll/?v=1").status_code == 403
    vote = client.post(f"/w/{other.code}/vote/", {"ballot": ballot.pk, "current": "3"})
    assert vote.status_code == 403
    assert client.post(f"/w/{other.code}/language/", {"language": "nl"}).status_code == 403
    # Nor can the session's own page vote in the other session's ballot.
    own = client.post(f"/w/{live.code}/vote/", {"ballot": ballot.pk, "current": "3"})
    assert own.status_code == 400 and "This vote is closed" in text_of(own.content)
    assert not Rating.objects.exists()


def test_a_forged_cookie_is_nobody(live: Workshop) -> None:
    client = english_client()
    client.cookies[COOKIE] = "A" * 32
    assert client.get(f"/w/{live.code}/live/")["Location"] == f"/w/{live.code}/"
    assert client.get(f"/w/{live.code}/live/poll/?v=1").status_code == 403

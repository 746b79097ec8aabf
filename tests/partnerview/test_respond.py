"""A partner answers through the pages at /p/<token>/: welcome, the questions with autosave (or a
plain form post), don't know and what they would need, review, submit, thanks; the closed page;
an unknown token. In English and in Dutch, the partner's language."""

from __future__ import annotations

import pytest
from django.test import Client
from support import client_in, english_client

from partnerscan.assessments import domain as assessments
from partnerscan.partnerview import domain
from partnerscan.partnerview.models import (
    PartnerAnswer,
    PartnerInvitation,
    PartnerResponse,
    PartnerRound,
)

from .conftest import link

pytestmark = pytest.mark.django_db


def autosave(client: Client, token: str, data: dict[str, str]) -> int:
    return client.post(f"/p/{token}/save/", data, HTTP_HX_REQUEST="true").status_code


def text(client: Client, url: str) -> str:
    return client.get(url).content.decode()


def test_a_partner_answers_with_autosave_and_submits(partner_round: PartnerRound) -> None:
    token = link(partner_round, "piet@care.example")
    client = english_client()
    welcome = text(client, f"/p/{token}/")
    assert "How do you experience Org A as a partner?" in welcome
    assert "on behalf of Care Group" in welcome and "at least 3 partners" in welcome
    assert "There are 14 short questions; answering takes about 10 minutes." in welcome
    assert not PartnerResponse.objects.exists()  # reading makes no respondent

    assert client.post(f"/p/{token}/")["Location"] == f"/p/{token}/questions/"
    page = text(client, f"/p/{token}/questions/")
    offers = "what it offers you as a partner and how reliable it is?"
    assert f"How do you experience Org A when it comes to {offers}" in page
    assert "how it can become an even better partner." in page and "Don&#x27;t know" in page
    assert "What would you need from Org A here? (optional)" in page

    assert autosave(client, token, {"aspect": "attractiveness", "value": "4"}) == 200
    assert autosave(client, token, {"aspect": "long-horizon", "value": "dk"}) == 200
    need = {"aspect": "long-horizon", "field": "comment", "c-long-horizon": " A plan "}
    assert autosave(client, token, need) == 200
    assert autosave(client, token, {"aspect": "attractiveness", "value": "2"}) == 200  # last wins
    assert autosave(client, token, {"aspect": "themes", "value": "3"}) == 400  # internal only
    assert autosave(client, token, {"aspect": "attractiveness", "value": "7"}) == 400

    review = text(client, f"/p/{token}/review/")
    assert "12 questions are still unanswered" in review
    assert client.post(f"/p/{token}/submit/")["Location"] == f"/p/{token}/thanks/"
    assert client.post(f"/p/{token}/submit/")["Location"] == f"/p/{token}/thanks/"  # again
    assert "Your answers have been submitted." in text(client, f"/p/{token}/thanks/")

    response = PartnerResponse.objects.get()
    assert (response.submitted, response.organisation, response.language) == (
        True,
        "Care Group",
        "en",
    )
    assert sorted(PartnerAnswer.objects.values_list("aspect", "value", "comment")) == [
        ("attractiveness", 2, ""),
        ("long-horizon", 9, "A plan"),
    ]
    invitation = PartnerInvitation.objects.get()
    assert invitation.started_on is not None and invitation.submitted_on is not None


def test_without_javascript_the_page_saves_as_a_whole_or_not_at_all(
    partner_round: PartnerRound,
) -> None:
    token = link(partner_round, "piet@care.example")
    client = english_client()
    bad = {"a-attractiveness": "3", "a-long-horizon": "9"}
    assert client.post(f"/p/{token}/questions/", bad).status_code == 400
    assert not PartnerAnswer.objects.exists()
    good = {"a-attractiveness": "3", "a-long-horizon": "dk", "c-attractiveness": "Call back"}
    assert client.post(f"/p/{token}/questions/", good)["Location"] == f"/p/{token}/review/"
    assert sorted(PartnerAnswer.objects.values_list("aspect", "value", "comment")) == [
        ("attractiveness", 3, "Call back"),
        ("long-horizon", 9, ""),
    ]
    again = text(client, f"/p/{token}/questions/")
    assert 'value="3" checked' in again and "Call back</textarea>" in again


def test_a_dutch_partner_reads_dutch_and_may_switch_to_english(
    partner_round: PartnerRound,
) -> None:
    token = link(partner_round, "an@bieb.example", "Bibliotheek", "nl")
    client = client_in("en")  # the browser's language does not decide
    welcome = client.get(f"/p/{token}/")
    assert welcome["Content-Language"] == "nl"
    page = welcome.content.decode()
    assert "Hoe ervaart u Org A als partner?" in page
    assert "vanuit Bibliotheek" in page and "minstens 3 partners" in page
    client.post(f"/p/{token}/")
    questions = text(client, f"/p/{token}/questions/")
    assert "Weet ik niet" in questions and "Wat zou u hier van Org A nodig hebben?" in questions
    assert "Het is ons niet duidelijk wat de organisatie in de samenwerking inbrengt." in questions
    assert "wat ze u als partner te bieden heeft en hoe betrouwbaar ze is?" in questions

    client.post(f"/p/{token}/language/", {"language": "en", "next": "questions"})
    assert "Don&#x27;t know" in text(client, f"/p/{token}/questions/")
    assert PartnerResponse.objects.get().language == "en"


def test_a_closed_round_shows_its_closed_page_and_takes_no_answer(
    partner_round: PartnerRound,
) -> None:
    token = link(partner_round, "piet@care.example")
    client = english_client()
    client.post(f"/p/{token}/")
    autosave(client, token, {"aspect": "attractiveness", "value": "4"})
    domain.close_partner_round(partner_round, None)
    for url in ("", "questions/", "review/", "thanks/"):
        page = client.get(f"/p/{token}/{url}")
        assert page.status_code == 410 and "This round has closed" in page.content.decode()
    assert autosave(client, token, {"aspect": "attractiveness", "value": "2"}) == 410
    assert client.post(f"/p/{token}/submit/").status_code == 410
    assert list(PartnerAnswer.objects.values_list("value", flat=True)) == [4]


def test_an_unknown_or_foreign_token_is_not_found(partner_round: PartnerRound) -> None:
    client = english_client()
    assert client.get("/p/" + "A" * 32 + "/").status_code == 404
    assert client.get("/p/short/").status_code == 404
    scan_link = scan_token(partner_round)
    assert client.get(f"/p/{scan_link}/").status_code == 404  # a scan's link is not a partner's


def scan_token(partner_round: PartnerRound) -> str:
    assessment = assessments.open_assessment(partner_round.assessment)
    return assessments.create_links(assessment, 1)[0]


def test_the_partner_never_sees_a_result(partner_round: PartnerRound) -> None:
    token = link(partner_round, "piet@care.example")
    client = english_client()
    client.post(f"/p/{token}/")
    autosave(client, token, {"aspect": "attractiveness", "value": "4"})
    client.post(f"/p/{token}/submit/")
    pages = [text(client, f"/p/{token}/{url}") for url in ("", "questions/", "review/", "thanks/")]
    assert all("dashboard" not in page.lower() and "/assessments/" not in page for page in pages)

"""A Dutch member sees the token page in Dutch, and a Dutch client gets the API's messages in
Dutch: no sentence of the api app's modules and templates shows in its English form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from support import english_phrases, logged_in, text_of

from partnerscan.api import domain

from .conftest import World, api

pytestmark = pytest.mark.django_db

OURS = re.compile(r"partnerscan/(api/|templates/api/)")


def test_the_token_page_and_the_apis_messages_speak_dutch(world: World, settings: Any) -> None:
    settings.RATE_LIMIT_API = (2, 60)
    old = domain.create_token(world.a.viewer, world.a.organisation, "Oud", "read", 30)
    domain.revoke_token(old.api_token, world.a.viewer)
    member = logged_in(world.a.viewer, "nl")
    made = member.post(
        "/account/api-tokens/",
        {"name": "BI", "organisation": world.a.organisation.pk, "scope": "read", "days": 30},
    )
    refused = member.post(
        "/account/api-tokens/",
        {"name": "", "organisation": world.a.organisation.pk, "scope": "write", "days": 30},
    )
    client = api(made.context["issued"].token, lang="nl")
    answers = [
        api("", lang="nl").get("/api/v1/organisations/").json()["detail"],
        client.get(f"/api/v1/assessments/{world.a.open.pk}/results/").json()["detail"],
        client.get(f"/api/v1/assessments/{world.b.closed.pk}/").json()["detail"],
        client.get("/api/v1/assessments/").json()["detail"],  # the third request: a 429
    ]
    pages = [text_of(made.content), text_of(refused.content), *answers]

    phrases = english_phrases(OURS)
    assert len(phrases) > 20
    found = {phrase for page in pages for phrase in phrases if phrase in page}
    assert found == set()
    assert "Kopieer het nu: het wordt alleen deze ene keer getoond." in pages[0]
    assert answers == [
        "Er is een geldig API-token nodig: Authorization: Bearer psk_… (docs/api.md).",
        "De meting is open: de resultaten zijn te lezen zodra ze gesloten is, of eerder als "
        "tussenresultaten als een eigenaar die aanzet en genoeg respondenten hebben geantwoord.",
        "Niet gevonden.",
        answers[3],
    ]
    assert re.fullmatch(r"Te veel verzoeken\. Probeer het over \d+ seconden? opnieuw\.", answers[3])

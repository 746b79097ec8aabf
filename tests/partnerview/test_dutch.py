"""A Dutch partner and a Dutch member see the partner view in Dutch: no sentence the partner
view's own templates and modules put in the catalogue shows in its English form, not in the
pages, not in the mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from support import client_in, english_phrases, logged_in, text_of

from partnerscan.accounts.models import User
from partnerscan.partnerview import domain
from partnerscan.partnerview.models import PartnerRound
from partnerscan.partnerview.worker import run_partner_rounds

from .conftest import invite
from .test_worker import now, token_of

pytestmark = pytest.mark.django_db

OURS = re.compile(r"partnerview/")


def test_the_partner_view_speaks_dutch(partner_round: PartnerRound, alice: User) -> None:
    invite(partner_round, "an@bieb.example", "Bibliotheek", "nl")
    run_partner_rounds(now())
    (message,) = mail.outbox
    token = token_of(message)
    partner = client_in("en")  # the invitation's language wins over the browser's
    pages = [message.subject + " " + message.body, partner.get(f"/p/{token}/").content]
    partner.post(f"/p/{token}/")
    partner.post(f"/p/{token}/save/", {"aspect": "attractiveness", "value": "4"})
    pages += [partner.get(f"/p/{token}/{p}/").content for p in ("questions", "review")]
    partner.post(f"/p/{token}/submit/")
    pages.append(partner.get(f"/p/{token}/thanks/").content)
    member = logged_in(alice, "nl")
    assessment = partner_round.assessment
    pages += [
        member.get(f"/assessments/{assessment.pk}/partners/{p}").content for p in ("", "close/")
    ]
    domain.close_partner_round(partner_round, alice)
    pages.append(partner.get(f"/p/{token}/").content)

    phrases = english_phrases(OURS)
    assert len(phrases) > 60
    found = {phrase for page in pages for phrase in phrases if phrase in text_of(page)}
    assert found == set()
    assert "Wat er met uw antwoorden gebeurt" in text_of(pages[1])
    assert "Deze ronde is gesloten" in text_of(pages[-1])
    english = text_of(logged_in(alice, "en").get(f"/assessments/{assessment.pk}/partners/").content)
    assert any(phrase in english for phrase in phrases)  # so the check can see English

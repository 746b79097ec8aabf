"""A Dutch respondent and a Dutch member see the health check in Dutch: no sentence that the
health check's own templates and modules put in the catalogue shows in its English form."""

from __future__ import annotations

import re

import pytest
from support import client_in, english_phrases, logged_in, text_of

from partnerscan.accounts.models import User
from partnerscan.portfolio import health
from partnerscan.portfolio.models import Partnership

pytestmark = pytest.mark.django_db

OURS = re.compile(r"templates/health/|_health_checks|health_\w+\.(py|html)|portfolio/health")


def test_the_health_check_pages_speak_dutch(care: Partnership, alice: User) -> None:
    check = health.start_health_check(care, alice)
    (token,) = health.create_health_links(check, alice, "partner", 1, "nl")
    respondent = client_in("en")  # the link's language wins over the browser's
    pages = [respondent.get(f"/h/{token}/").content]
    respondent.post(f"/h/{token}/")
    respondent.post(f"/h/{token}/save/", {"statement": "goal-clear", "value": "4"})
    pages += [respondent.get(f"/h/{token}/{p}/").content for p in ("questions", "review")]
    respondent.post(f"/h/{token}/submit/")
    pages.append(respondent.get(f"/h/{token}/thanks/").content)
    member = logged_in(alice, "nl")
    pages.append(member.get(f"/partnerships/{care.pk}/").content)
    pages.append(member.get(f"/health-checks/{check.pk}/close/").content)
    phrases = english_phrases(OURS)
    assert len(phrases) > 30
    found = {phrase for page in pages for phrase in phrases if phrase in text_of(page)}
    assert found == set()
    assert "Helemaal oneens" in text_of(pages[1]) and "Gezondheidschecks" in text_of(pages[-2])
    english = text_of(logged_in(alice, "en").get(f"/partnerships/{care.pk}/").content)
    assert any(phrase in english for phrase in phrases)  # so the check can see English

"""The pages that show a health check's figures, tried against padding and differencing: the
partnership page, the portfolio view (its register column and importance × health matrix) and
the register download. While a check is open no submission changes any figure on them; once
it is closed nobody can add a respondent; and respondents without an answer on the scale
change nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from partnerscan.core.errors import DomainError
from partnerscan.portfolio import health
from partnerscan.portfolio.health_responding import (
    find_health_invitation,
    start_health_response,
)
from partnerscan.portfolio.models import HealthCheck, Partnership

from .health_support import closed_check, respond, text_of

pytestmark = pytest.mark.django_db


def seen(client: Client, care: Partnership) -> dict[str, str]:
    """Everything a member reads of the partnership's health, as text; the partnership page
    without its per-side counts of links (a count of submissions, as for scans)."""
    org = care.organisation_id
    partnership_page = text_of(client.get(f"/partnerships/{care.pk}/").content)
    return {
        "partnership": re.sub(r"\d+", "#", partnership_page),
        "portfolio": text_of(client.get(f"/orgs/{org}/portfolio/").content),
        "register": client.get(f"/orgs/{org}/portfolio/partnerships.csv").getvalue().decode(),
    }


def test_no_submission_to_an_open_check_changes_a_figure_anyone_sees(
    as_alice: Client, care: Partnership
) -> None:
    closed_check(care, ["4", "4", "4"], ["3", "3", "3"])
    check = health.start_health_check(care, None)
    for value in ("2", "2", "2"):
        respond(check, "own", value)
    before = seen(as_alice, care)
    assert "3.5" in before["portfolio"]  # the closed check's overall mean is on show
    for side, value in (("partner", "5"), ("partner", "1"), ("own", "5"), ("partner", "5")):
        respond(check, side, value)
        assert seen(as_alice, care) == before


def test_a_closed_check_takes_no_one_more(as_alice: Client, care: Partnership) -> None:
    check = health.start_health_check(care, None)
    (late,) = health.create_health_links(check, None, "partner", 1, "en")
    for side, values in (("own", ["4", "4", "5"]), ("partner", ["2", "3"])):
        for value in values:
            respond(check, side, value)
    health.close_health_check(check, None)
    before = seen(as_alice, care)
    invitation = find_health_invitation(late)
    assert invitation is not None
    with pytest.raises(DomainError):
        start_health_response(invitation, late)
    assert seen(as_alice, care) == before


def test_padding_changes_nothing_on_the_portfolio_view_and_the_register(
    as_alice: Client, care: Partnership
) -> None:
    closed_check(care, ["4", "4", "5"], ["2", "3"])
    plain = seen(as_alice, care)
    assert "3.6" in plain["portfolio"]  # (4 + 4 + 5 + 2 + 3) / 5, both sides together
    HealthCheck.objects.all().delete()
    check = health.start_health_check(care, None)
    for side, value in (("own", "4"), ("own", "4"), ("own", "5"), ("partner", "2")):
        respond(check, side, value)
    respond(check, "partner", "3")
    respond(check, "partner", None)  # opened the link, answered nothing, submitted
    respond(check, "partner", "dk")  # only "don't know"
    respond(check, "own", "1", submit=False)  # never submitted
    health.close_health_check(check, None)
    padded = seen(as_alice, care)
    assert padded["portfolio"] == plain["portfolio"]
    assert padded["register"] == plain["register"]

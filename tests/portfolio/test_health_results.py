"""The results of closed health checks on the partnership page: both sides together, each side
only when the scoring module shows it, per statement, the comments, and nothing while open."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.portfolio import health
from partnerscan.portfolio.health_page import signed
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

from .conftest import partnership
from .health_support import closed_check, respond, results_of, text_of
from .test_health_dutch import OURS, english_phrases

pytestmark = pytest.mark.django_db

COUNTS_33 = "Our organisation: 3 respondents with answers. The partner: 3 respondents with answers."


def test_both_sides_with_3_each_are_shown_beside_each_other(
    as_alice: Client, care: Partnership
) -> None:
    check = closed_check(care, ["4", "4", "5"], ["2", "3", "3"])
    text = results_of(as_alice.get(f"/partnerships/{care.pk}/").content, check)
    # Both: 21/6 = 3.5 (Agree); own 13/3 = 4.3; partner 8/3 = 2.7; partner − own = −1.7.
    row = "3.5 Agree 6 4.3 n=3 2.7 n=3 −1.7"
    assert text.startswith(
        f"{COUNTS_33} Overall mean of 6 respondents: 3.5 on a scale of 1 to 5. Mean per dimension"
    )
    assert f"Shared goal {row} Value for each side {row}" in text
    assert (
        f"Shared goal It is clear to me what we want to achieve with this partnership. {row}"
        in text
    )
    assert "shown separately" not in text


def test_with_a_side_below_3_only_both_together_are_shown(
    as_alice: Client, care: Partnership
) -> None:
    check = closed_check(care, ["4", "4", "5"], ["2", "3"])
    text = results_of(as_alice.get(f"/partnerships/{care.pk}/").content, check)
    # Both: 18/5 = 3.6 (Agree); neither side on its own.
    assert "Each side is shown separately once both sides have at least 3 respondents." in text
    assert "Shared goal 3.6 Agree 5 not shown Value for each side" in text
    assert "n=3" not in text and "4.3" not in text


def test_below_3_respondents_only_the_counts_are_shown(as_alice: Client, care: Partnership) -> None:
    check = closed_check(care, ["4", "5"], [])
    text = results_of(as_alice.get(f"/partnerships/{care.pk}/").content, check)
    assert text == (
        "Our organisation: 2 respondents with answers. The partner: 0 respondents with answers. "
        "Too few respondents to show results: they are shown from 3 respondents with answers."
    )


def test_an_open_check_shows_no_results_whatever_was_submitted(
    as_alice: Client, care: Partnership
) -> None:
    check = health.start_health_check(care, None)
    for side in ("own", "partner"):
        for value in ("4", "4", "5"):
            respond(check, side, value, comments={"governance": "Clear roles"})
    page = as_alice.get(f"/partnerships/{care.pk}/").content.decode()
    assert f'data-health-results="{check.pk}"' not in page
    assert "Clear roles" not in page and "Overall mean" not in page and "Too few" not in page


def test_padding_with_empty_or_dont_know_respondents_changes_nothing(
    as_alice: Client,
    care: Partnership,
    org_a: Organisation,
    alice: User,
    partner: PartnerOrganisation,
) -> None:
    plain = closed_check(care, ["4", "4", "5"], ["2", "3"])
    other = partnership(org_a, alice, "Other chain", [partner])
    padded = health.start_health_check(other, None)
    for side, value in (("own", "4"), ("own", "4"), ("own", "5"), ("partner", "2")):
        respond(padded, side, value)
    respond(padded, "partner", "3", comments={"governance": "Fine"})
    respond(padded, "partner", None)  # opened the link, answered nothing, submitted
    respond(padded, "partner", "dk", comments={"governance": "No idea who decides"})
    respond(padded, "partner", "5", submit=False)  # never submitted
    health.close_health_check(padded, None)
    expected = results_of(as_alice.get(f"/partnerships/{care.pk}/").content, plain)
    found = results_of(as_alice.get(f"/partnerships/{other.pk}/").content, padded)
    assert found == f"{expected} Comments on Governance and decisions Fine"


def _commented_check(care: Partnership, partners: int) -> None:
    check = health.start_health_check(care, None)
    for value, text in (("4", "Good talks"), ("4", ""), ("5", "Clear roles")):
        respond(check, "own", value, comments={"governance": text} if text else None)
    for n in range(partners):
        respond(check, "partner", "3", comments={"governance": "Slow decisions"} if n else None)
    health.close_health_check(check, None)


@pytest.mark.parametrize(("partners", "sides"), [(3, True), (2, False)])
def test_comments_carry_their_side_only_when_each_side_has_3(
    as_alice: Client, care: Partnership, partners: int, sides: bool
) -> None:
    _commented_check(care, partners)
    text = text_of(as_alice.get(f"/partnerships/{care.pk}/").content)
    comments = text[text.index("Comments on Governance and decisions") :]
    shown = {"Our organisation: Good talks", "Our organisation: Clear roles"}
    shown |= {"The partner: Slow decisions"}
    assert all((phrase in comments) is sides for phrase in shown)
    assert all(phrase in comments for phrase in ("Good talks", "Clear roles", "Slow decisions"))


def test_the_trend_compares_the_latest_two_closed_checks(
    as_alice: Client, care: Partnership
) -> None:
    closed_check(care, ["2", "2", "2"], ["3", "3", "3"])
    page = as_alice.get(f"/partnerships/{care.pk}/").content
    assert "Since the previous check" not in text_of(page)
    closed_check(care, ["4", "4", "5"], ["4", "4", "4"])
    closed_check(care, ["4", "5"], [])  # too few: no results, so not in the trend
    text = text_of(as_alice.get(f"/partnerships/{care.pk}/").content)
    trend = text[text.index("Since the previous check") :]
    # 2.5 before (15/6), 25/6 = 4.17 now: +1.7, larger than chance.
    assert (
        "Shared goal 2.5 4.2 +1.7 ▲ up, more than chance Value for each side 2.5 4.2 +1.7 ▲"
        in trend
    )


def test_the_results_speak_dutch_with_decimal_commas(
    care: Partnership, alice: User, org_a: Organisation
) -> None:
    closed_check(care, ["2", "2", "2"], ["3", "3", "3"])
    check = closed_check(care, ["4", "4", "5"], ["2", "3", "3"])
    member = logged_in(alice, "nl")
    page = member.get(f"/partnerships/{care.pk}/").content
    text = results_of(page, check)
    row = "3,5 Eens 6 4,3 n=3 2,7 n=3 −1,7"
    assert f"Gedeeld doel {row} Waarde voor elke kant {row}" in text
    assert "Sinds de vorige check Gemiddelde per dimensie" in text_of(page)
    register = member.get(f"/orgs/{org_a.pk}/portfolio/").content
    pages = [text_of(page), text_of(register)]
    assert {p for p in english_phrases(OURS) for t in pages if p in t} == set()


@pytest.mark.parametrize(
    ("value", "text"),
    [(-0.45, "−0.5"), (0.04, "0.0"), (-0.04, "0.0"), (1.25, "+1.3"), (None, "–")],
)
def test_a_difference_has_one_decimal_and_a_sign(value: float | None, text: str) -> None:
    with translation.override("en"):
        assert signed(value) == text

"""Into the scan: a round's challenge-type shares taken from the portfolio (issue 15).

Every partnership that has not ended weighs with its strategic importance for its challenge
type; the shares are whole percentages that add up to exactly 100 (largest remainder). The
portfolio page links to a new round with them; the round records where its shares came from.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as rounds
from partnerscan.assessments.models import Assessment
from partnerscan.portfolio import domain
from partnerscan.portfolio.models import PartnerOrganisation
from partnerscan.portfolio.shares import portfolio_shares, whole_percentages

from .conftest import partnership

pytestmark = pytest.mark.django_db

LINK = "/orgs/{}/assessments/new/?shares=chain:50,regional:33,innovation:17&amp;source=portfolio"


@pytest.fixture
def known(org_a: Organisation, alice: User, partner: PartnerOrganisation) -> Organisation:
    """Weights chain 3, regional 2, innovation 1: 50, 33⅓ and 16⅔ percent."""
    partnership(org_a, alice, "Chain", [partner], challenge_type="chain", importance=3)
    partnership(org_a, alice, "Region", [partner], challenge_type="regional", phase="forming")
    partnership(org_a, alice, "Lab", [partner], challenge_type="innovation", importance=1)
    # Ended: counts for nothing, however important it was.
    partnership(
        org_a, alice, "Old lab", [partner], challenge_type="innovation", importance=3, phase="ended"
    )
    return org_a


def test_each_partnership_weighs_with_its_importance_and_ended_ones_not(
    known: Organisation,
) -> None:
    assert portfolio_shares(known.partnerships.all()) == {
        "chain": 50,
        "regional": 33,
        "innovation": 17,
    }


@pytest.mark.parametrize(
    ("weights", "shares"),
    [
        ((1, 1, 1), (34, 33, 33)),  # equal remainders: the model's order decides
        ((3, 2, 1), (50, 33, 17)),
        ((2, 2, 3), (29, 28, 43)),  # 28.57, 28.57, 42.86
        ((1, 0, 0), (100, 0, 0)),
        ((5, 5, 0), (50, 50, 0)),
        ((1, 1, 5), (14, 14, 72)),  # 14.29, 14.29, 71.43
    ],
)
def test_whole_percentages_add_up_to_exactly_100_by_largest_remainder(
    weights: tuple[int, int, int], shares: tuple[int, int, int]
) -> None:
    found = whole_percentages(dict(zip(("chain", "regional", "innovation"), weights, strict=True)))
    assert found == dict(zip(("chain", "regional", "innovation"), shares, strict=True))


def test_without_partnerships_that_count_there_are_no_shares() -> None:
    assert whole_percentages({"chain": 0, "regional": 0, "innovation": 0}) is None


def test_the_portfolio_page_offers_the_shares_for_a_scan(
    known: Organisation, as_alice: Client
) -> None:
    body = as_alice.get(f"/orgs/{known.pk}/portfolio/").content.decode()
    section = body[
        body.index('id="use-for-scan"') : body.index("</section>", body.index("use-for"))
    ]
    assert re.findall(r"<li>(.*?)</li>", section) == [
        "Chain: <strong>50%</strong>",
        "Local or regional infrastructure: <strong>33%</strong>",
        "Innovation: <strong>17%</strong>",
    ]
    assert LINK.format(known.pk) in section
    assert "Start a scan with these shares" in section


def test_a_viewer_sees_the_shares_but_not_the_button(known: Organisation, as_bob: Client) -> None:
    body = as_bob.get(f"/orgs/{known.pk}/portfolio/").content.decode()
    assert "Chain: <strong>50%</strong>" in body
    assert "Start a scan with these shares" not in body


def test_with_every_partnership_ended_there_is_nothing_to_take(
    org_a: Organisation, alice: User, partner: PartnerOrganisation, as_alice: Client
) -> None:
    partnership(org_a, alice, "Gone", [partner], phase="ended")
    body = as_alice.get(f"/orgs/{org_a.pk}/portfolio/").content.decode()
    assert "there are no shares to take for a scan" in body
    assert "Start a scan with these shares" not in body


def test_another_organisations_portfolio_never_counts(
    known: Organisation, org_b: Organisation, charlie: User, as_alice: Client
) -> None:
    mine = domain.create_partner(org_b, charlie, "Their partner")
    theirs = partnership(org_b, charlie, "Theirs", [mine], challenge_type="regional", importance=3)
    assert portfolio_shares(known.partnerships.all()) == {
        "chain": 50,
        "regional": 33,
        "innovation": 17,
    }
    assert portfolio_shares(org_b.partnerships.all()) == {
        "chain": 0,
        "regional": 100,
        "innovation": 0,
    }
    body = as_alice.get(f"/orgs/{known.pk}/portfolio/").content.decode()
    assert LINK.format(known.pk) in body
    assert theirs.name not in body


# --- The new round's page ----------------------------------------------------------------------


def share_inputs(body: str) -> list[str]:
    return re.findall(r'name="shares_\d" id="id_shares_\d" value="([^"]*)"', body)


def new_round(client: Client, org: Organisation, shares: tuple[str, str, str], taken: str) -> None:
    data = {
        "title": "Taken over",
        "model_ref": "partnership-capability@1.0",
        "shares_0": shares[0],
        "shares_1": shares[1],
        "shares_2": shares[2],
        "languages": ["nl", "en"],
        "min_group": "5",
        "retention_days": "90",
        "portfolio_shares": taken,
    }
    response = client.post(f"/orgs/{org.pk}/assessments/new/", data)
    assert response.status_code == 302, response.content.decode()


def test_the_link_fills_in_the_shares_and_says_where_they_came_from(
    known: Organisation, as_alice: Client
) -> None:
    url = LINK.format(known.pk).replace("&amp;", "&")
    body = as_alice.get(url).content.decode()
    assert share_inputs(body) == ["50.0", "33.0", "17.0"]
    assert 'name="portfolio_shares" value="chain:50,regional:33,innovation:17"' in body
    assert "were taken from the partnership portfolio" in body


def test_shares_submitted_unchanged_are_recorded_as_taken_from_the_portfolio(
    known: Organisation, as_alice: Client
) -> None:
    new_round(as_alice, known, ("50.0", "33.0", "17.0"), "chain:50,regional:33,innovation:17")
    made = Assessment.objects.get(title="Taken over")
    assert (made.shares, made.shares_source, made.shares_taken_on) == (
        {"chain": 0.5, "regional": 0.33, "innovation": 0.17},
        "portfolio",
        timezone.localdate(),
    )
    body = as_alice.get(f"/assessments/{made.pk}/").content.decode()
    day = timezone.localdate()
    assert f"taken from the partnership portfolio on {day.day} {day:%B %Y}" in body


def test_shares_changed_before_creating_are_an_estimate(
    known: Organisation, as_alice: Client
) -> None:
    new_round(as_alice, known, ("60", "23", "17"), "chain:50,regional:33,innovation:17")
    made = Assessment.objects.get(title="Taken over")
    assert (made.shares_source, made.shares_taken_on) == ("estimate", None)


def test_shares_typed_by_hand_are_an_estimate_and_none_are_none(
    org_a: Organisation, alice: User
) -> None:
    typed = rounds.create_assessment(org_a, alice, title="Typed", shares={"chain": 1.0})
    empty = rounds.create_assessment(org_a, alice, title="Empty")
    assert (typed.shares_source, empty.shares_source) == ("estimate", "")


def test_editing_the_shares_afterwards_makes_them_an_estimate(
    known: Organisation, alice: User
) -> None:
    taken = {"chain": 0.5, "regional": 0.33, "innovation": 0.17}
    made = rounds.create_assessment(
        known, alice, title="Taken", shares=taken, shares_source="portfolio"
    )
    rounds.update_assessment(made, alice, title="Renamed", shares=taken)
    made.refresh_from_db()
    assert made.shares_source == "portfolio"  # the shares themselves did not change
    rounds.update_assessment(made, alice, shares={"chain": 0.6, "regional": 0.4, "innovation": 0})
    made.refresh_from_db()
    assert (made.shares_source, made.shares_taken_on) == ("estimate", None)
    rounds.update_assessment(made, alice, shares={})
    made.refresh_from_db()
    assert made.shares_source == ""


@pytest.mark.parametrize(
    "query",
    [
        "shares=chain:50,regional:60,innovation:0&source=portfolio",  # adds up to 110
        "shares=chain:50,regional:50&source=portfolio",  # a type missing
        "shares=chain:50,chain:25,innovation:25&source=portfolio",  # a type twice
        "shares=chain:50,regional:50,innovation:0,other:0&source=portfolio",
        "shares=chain:fifty,regional:50,innovation:0&source=portfolio",
        "shares=chain:-10,regional:60,innovation:50&source=portfolio",
        "shares=chain:NaN,regional:50,innovation:50",
        "shares=chain50,regional50&source=portfolio",
        "shares=&source=portfolio",
        "shares=%00%FF",
    ],
)
def test_a_bad_link_is_ignored_and_the_form_still_works(
    org_a: Organisation, as_alice: Client, query: str
) -> None:
    response = as_alice.get(f"/orgs/{org_a.pk}/assessments/new/?{query}")
    body = response.content.decode()
    assert response.status_code == 200
    assert share_inputs(body) == ["", "", ""]
    assert 'name="portfolio_shares" value=' not in body
    assert "Take the challenge-type shares from the partnership portfolio" in body
    new_round(as_alice, org_a, ("", "", ""), "")
    assert Assessment.objects.get(title="Taken over").shares_source == ""


def test_shares_without_the_portfolio_as_source_are_filled_in_as_an_estimate(
    org_a: Organisation, as_alice: Client
) -> None:
    query = "shares=chain:20,regional:30,innovation:50"
    body = as_alice.get(f"/orgs/{org_a.pk}/assessments/new/?{query}").content.decode()
    assert share_inputs(body) == ["20.0", "30.0", "50.0"]
    assert 'name="portfolio_shares" value=' not in body


def test_the_dutch_round_page_names_the_portfolio(known: Organisation, alice: User) -> None:
    taken = {"chain": 0.5, "regional": 0.33, "innovation": 0.17}
    made = rounds.create_assessment(
        known, alice, title="Taken", shares=taken, shares_source="portfolio"
    )
    body = logged_in(alice, "nl").get(f"/assessments/{made.pk}/").content.decode()
    assert "overgenomen uit het portfolio van samenwerkingen op" in body


def test_a_copy_of_taken_shares_keeps_the_day_they_were_taken(
    org_a: Organisation, alice: User
) -> None:
    day = timezone.localdate() - dt.timedelta(days=400)
    copied = rounds.create_assessment(
        org_a,
        alice,
        title="Copy",
        shares={"chain": 1.0, "regional": 0.0, "innovation": 0.0},
        shares_source="portfolio",
        shares_taken_on=day,
    )
    assert (copied.shares_source, copied.shares_taken_on) == ("portfolio", day)

"""The portfolio pages: adding and changing a partnership through its form."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerscan.accounts.models import Organisation
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

pytestmark = pytest.mark.django_db


def form(**values: object) -> dict[str, object]:
    return {
        "name": "Care chain",
        "challenge_type": "chain",
        "goal": "Shorter waiting lists",
        "phase": "running",
        "importance": "3",
        **values,
    }


def test_a_partnership_is_added_with_a_new_partner_typed_in(
    as_alice: Client, org_a: Organisation
) -> None:
    data = form(new_partners="Care Group\nCity Library\ncare group", departments=["Policy"])
    response = as_alice.post(f"/orgs/{org_a.pk}/portfolio/new/", data)
    care = Partnership.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/partnerships/{care.pk}/"
    assert sorted(p.name for p in care.partners.all()) == ["Care Group", "City Library"]
    assert (care.importance, care.departments) == (3, ["Policy"])


def test_a_form_without_partner_or_goal_says_which_fields(
    as_alice: Client, org_a: Organisation
) -> None:
    response = as_alice.post(f"/orgs/{org_a.pk}/portfolio/new/", form(goal=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert sorted(errors) == ["goal"]
    response = as_alice.post(f"/orgs/{org_a.pk}/portfolio/new/", form())
    assert sorted(response.context["form"].errors) == ["partners"]
    assert not Partnership.objects.exists() and not PartnerOrganisation.objects.exists()


def test_editing_keeps_what_the_form_does_not_change(
    as_alice: Client, care: Partnership, partner: PartnerOrganisation
) -> None:
    data = form(partners=[partner.pk], phase="ending", notes="Wind down by spring")
    response = as_alice.post(f"/partnerships/{care.pk}/edit/", data)
    assert response.status_code == 302
    care.refresh_from_db()
    assert (care.phase, care.notes, care.importance) == ("ending", "Wind down by spring", 3)


def test_the_organisation_page_links_to_the_portfolio(as_bob: Client, org_a: Organisation) -> None:
    html = as_bob.get(f"/orgs/{org_a.pk}/").content.decode()
    assert f'href="/orgs/{org_a.pk}/portfolio/"' in html

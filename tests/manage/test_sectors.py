"""The sector of an organisation is one of a fixed list, shown in the reader's language."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from support import logged_in

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


def test_a_new_organisation_picks_its_sector_from_the_list(as_alice: Client) -> None:
    form = as_alice.get("/orgs/new/").content.decode()
    assert '<option value="water-authority">Water authority</option>' in form
    as_alice.post("/orgs/new/", {"name": "Gemeente Test", "sector": "municipality"})
    assert list(Organisation.objects.values_list("name", "sector")) == [
        ("Gemeente Test", "municipality")
    ]


def test_a_sector_outside_the_list_is_refused_on_its_field(as_alice: Client) -> None:
    response = as_alice.post("/orgs/new/", {"name": "Gemeente Test", "sector": "Gemeente"})
    assert response.context["form"].errors == {
        "sector": ["Select a valid choice. Gemeente is not one of the available choices."]
    }
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(("lang", "label"), [("nl", "Waterschap"), ("en", "Water authority")])
def test_the_sector_is_shown_in_the_readers_language(alice: User, lang: str, label: str) -> None:
    organisation = accounts_domain.create_organisation(
        alice, "Waterschap Oost", sector="water-authority"
    )
    client = logged_in(alice, lang)
    assert f"<td>{label}</td>" in client.get("/orgs/").content.decode()
    page = client.get(f"/orgs/{organisation.pk}/").content.decode()
    assert f'<p class="muted">{label} · ' in page


def test_the_migration_maps_free_text_to_an_id_and_the_rest_to_other() -> None:
    migration = importlib.import_module("partnerscan.accounts.migrations.0004_sector_ids")
    before = {
        "a": "Gemeente",
        "b": "  ZORG ",
        "c": "Care",
        "d": "Water  Authority",
        "e": "onderwijs",
        "f": "Rijksoverheid",
        "g": "Woningcorporatie",
        "h": "healthcare",
        "i": "Bakkerij",
        "j": "gemeente Utrecht",
        "k": "",
    }
    for name, sector in before.items():
        Organisation.objects.create(name=name, sector=sector)
    migration.to_ids(apps, None)
    assert dict(Organisation.objects.values_list("name", "sector")) == {
        "a": "municipality",
        "b": "healthcare",
        "c": "healthcare",
        "d": "water-authority",
        "e": "education",
        "f": "central-government",
        "g": "housing",
        "h": "healthcare",
        "i": "other",
        "j": "other",
        "k": "",
    }
    assert {s for s in Organisation.objects.values_list("sector", flat=True) if s} <= set(
        Organisation.Sector.values
    )

"""Another organisation's portfolio is a 404 on every page; a viewer reads and never writes."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerscan.accounts.models import Organisation
from partnerscan.audit.models import AuditEvent
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

pytestmark = pytest.mark.django_db


def reads(org: Organisation, care: Partnership, partner: PartnerOrganisation) -> list[str]:
    return [
        f"/orgs/{org.pk}/portfolio/",
        f"/orgs/{org.pk}/portfolio/partners/",
        f"/orgs/{org.pk}/portfolio/partnerships.csv",
        f"/orgs/{org.pk}/portfolio/partnerships.xlsx",
        f"/partnerships/{care.pk}/",
    ]


def writes(org: Organisation, care: Partnership, partner: PartnerOrganisation) -> list[str]:
    return [
        f"/orgs/{org.pk}/portfolio/new/",
        f"/orgs/{org.pk}/portfolio/import/",
        f"/orgs/{org.pk}/portfolio/partners/new/",
        f"/partnerships/{care.pk}/edit/",
        f"/partnerships/{care.pk}/delete/",
        f"/partners/{partner.pk}/edit/",
        f"/partners/{partner.pk}/delete/",
    ]


def test_another_organisation_gets_a_404_on_every_page(
    as_charlie: Client, org_a: Organisation, care: Partnership, partner: PartnerOrganisation
) -> None:
    statuses = {}
    for url in reads(org_a, care, partner) + writes(org_a, care, partner):
        statuses[f"GET {url}"] = as_charlie.get(url).status_code
        if url in writes(org_a, care, partner):
            statuses[f"POST {url}"] = as_charlie.post(url, {"name": "x"}).status_code
    assert statuses == dict.fromkeys(statuses, 404)
    assert Partnership.objects.get().name == "Care chain"


def test_a_viewer_reads_every_page_and_may_write_nothing(
    as_bob: Client, org_a: Organisation, care: Partnership, partner: PartnerOrganisation
) -> None:
    read = {url: as_bob.get(url).status_code for url in reads(org_a, care, partner)}
    assert read == dict.fromkeys(read, 200)
    before = AuditEvent.objects.exclude(code="exported").count()
    written = {
        url: as_bob.post(url, {"name": "x"}).status_code for url in writes(org_a, care, partner)
    }
    assert written == dict.fromkeys(written, 403)
    assert AuditEvent.objects.exclude(code="exported").count() == before
    assert Partnership.objects.count() == 1 and PartnerOrganisation.objects.count() == 1


def test_the_viewer_sees_no_edit_links(
    as_bob: Client, org_a: Organisation, care: Partnership
) -> None:
    html = as_bob.get(f"/orgs/{org_a.pk}/portfolio/").content.decode()
    assert "/portfolio/new/" not in html and "/portfolio/import/" not in html
    assert (
        f"/partnerships/{care.pk}/edit/"
        not in as_bob.get(f"/partnerships/{care.pk}/").content.decode()
    )

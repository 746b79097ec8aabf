"""The register as a file: a good CSV or XLSX imports, a bad one names every problem by row and
column and changes nothing, and an export never carries a live formula."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from partnerscan.accounts.models import Organisation
from partnerscan.audit.models import AuditEvent
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

pytestmark = pytest.mark.django_db

HEADER = (
    "name,partners,partner_kinds,challenge_type,goal,goal_date,owner,departments,phase,"
    "importance,start_date,review_date,check_interval_months,notes"
)
GOOD = [
    HEADER,
    "Care chain,Care Group;City Library,non-profit;Maatschappelijke organisatie,Keten,"
    "Shorter waiting lists,30-6-2027,alice@example.org,Policy;operations,Lopend,3,2025-01-15,"
    "1-9-2026,6,",
    "Library,City Library,,regional,Reading together,,Kim Jansen,,forming,supporting,,,,'=notes",
]


def upload(client: Client, org: Organisation, name: str, content: bytes):  # type: ignore[no-untyped-def]
    url = f"/orgs/{org.pk}/portfolio/import/"
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def csv_bytes(lines: list[str]) -> bytes:
    return "\r\n".join(lines).encode("utf-8")


def test_a_good_csv_imports_every_row_with_its_partners(
    as_alice: Client, org_a: Organisation
) -> None:
    response = upload(as_alice, org_a, "register.csv", csv_bytes(GOOD))
    assert response.status_code == 302
    care = Partnership.objects.get(name="Care chain")
    assert care.challenge_type == "chain" and care.phase == "running" and care.importance == 3
    assert care.goal_date == dt.date(2027, 6, 30) and care.review_on == dt.date(2026, 9, 1)
    assert care.owner is not None and care.owner.user.email == "alice@example.org"
    assert care.departments == ["Policy", "Operations"]
    library = Partnership.objects.get(name="Library")
    assert (library.owner, library.owner_name, library.importance) == (None, "Kim Jansen", 1)
    assert library.notes == "=notes"  # the export's quote against formulas is undone
    kinds = dict(PartnerOrganisation.objects.values_list("name", "kind"))
    assert kinds == {"Care Group": "non-profit", "City Library": "non-profit"}
    assert AuditEvent.objects.get(code="portfolio_imported").params == {
        "created": 2,
        "updated": 0,
        "partners": 2,
    }


def test_a_second_import_updates_by_name(as_alice: Client, org_a: Organisation) -> None:
    upload(as_alice, org_a, "register.csv", csv_bytes(GOOD))
    changed = [HEADER, GOOD[2].replace("forming", "ending").replace("Library,", "LIBRARY,", 1)]
    assert upload(as_alice, org_a, "register.csv", csv_bytes(changed)).status_code == 302
    assert Partnership.objects.count() == 2
    assert Partnership.objects.get(name="LIBRARY").phase == "ending"


def test_a_bad_file_names_each_problem_and_changes_nothing(
    as_alice: Client, org_a: Organisation
) -> None:
    bad = [
        HEADER + ",colour",
        "Care chain,,,maritime,Shorter waiting lists,31-2-2027,nobody@example.org,Marketing,"
        "Lopend,4,,,zero,,blue",
        "Care chain,Care Group,alien,chain,,,,,,,,,,,",
    ]
    response = upload(as_alice, org_a, "register.csv", csv_bytes(bad))
    assert response.status_code == 200
    assert response.context["problems"] == ["row 1, column colour: unknown column"]
    response = upload(
        as_alice,
        org_a,
        "register.csv",
        csv_bytes([HEADER, *(line.rsplit(",", 1)[0] for line in bad[1:])]),
    )
    assert response.context["problems"] == [
        "row 2, column challenge_type: 'maritime' is not one of: chain, innovation, regional",
        "row 2, column goal_date: '31-2-2027' is not a date (write 2026-06-30 or 30-6-2026)",
        "row 2, column departments: not a department of the organisation: Marketing",
        "row 2, column importance: '4' is not one of: 1, 2, 3",
        "row 2, column check_interval_months: 'zero' is not a whole number of months",
        "row 2, column owner: no member has the address 'nobody@example.org'",
        "row 2, column partners: name at least one partner organisation",
        "row 3, column partner_kinds: 'alien' is not a kind of organisation",
        "row 3, column name: the same name as row 2",
    ]
    assert not Partnership.objects.exists() and not PartnerOrganisation.objects.exists()
    assert not AuditEvent.objects.filter(code="portfolio_imported").exists()


def test_a_missing_goal_is_named_by_row_and_column(as_alice: Client, org_a: Organisation) -> None:
    response = upload(
        as_alice, org_a, "r.csv", csv_bytes(["name,partners,challenge_type,goal", "A,B,chain,"])
    )
    assert response.context["problems"] == [
        "row 2, column goal: Say what the partnership must achieve."
    ]


def test_missing_required_columns_are_named(as_alice: Client, org_a: Organisation) -> None:
    response = upload(as_alice, org_a, "r.csv", csv_bytes(["name;notes", "A;B"]))
    assert response.context["problems"] == [
        "row 1, column partners: missing column",
        "row 1, column challenge_type: missing column",
        "row 1, column goal: missing column",
    ]


def test_an_exported_xlsx_imports_back_unchanged(as_alice: Client, org_a: Organisation) -> None:
    upload(as_alice, org_a, "register.csv", csv_bytes(GOOD))
    before = sorted(
        Partnership.objects.values_list("name", "phase", "goal_date", "notes", "owner_name")
    )
    exported = b"".join(
        as_alice.get(f"/orgs/{org_a.pk}/portfolio/partnerships.xlsx").streaming_content
    )  # type: ignore[attr-defined]
    Partnership.objects.all().delete()
    assert upload(as_alice, org_a, "register.xlsx", exported).status_code == 302
    after = sorted(
        Partnership.objects.values_list("name", "phase", "goal_date", "notes", "owner_name")
    )
    assert after == before


def test_an_xlsx_written_by_hand_with_date_cells_imports(
    as_alice: Client, org_a: Organisation
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "partners", "challenge_type", "goal", "goal_date", "importance"])
    sheet.append(["Care chain", "Care Group", "Innovatie", "Learn", dt.datetime(2027, 3, 1), 2])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Bad", "Care Group", "chain", "Learn", "soon", 2])
    out = io.BytesIO()
    book.save(out)
    response = upload(as_alice, org_a, "hand.xlsx", out.getvalue())
    assert response.context["problems"] == [
        "row 4, column goal_date: 'soon' is not a date (write 2026-06-30 or 30-6-2026)"
    ]
    sheet.delete_rows(4)
    out = io.BytesIO()
    book.save(out)
    assert upload(as_alice, org_a, "hand.xlsx", out.getvalue()).status_code == 302
    care = Partnership.objects.get()
    assert (care.challenge_type, care.goal_date) == ("innovation", dt.date(2027, 3, 1))


def test_a_file_that_is_not_a_workbook_is_refused(as_alice: Client, org_a: Organisation) -> None:
    response = upload(as_alice, org_a, "register.xlsx", b"not a zip")
    assert response.context["problems"] == ["The file is not an XLSX workbook."]


def test_formula_cells_are_exported_inert(as_alice: Client, org_a: Organisation, alice) -> None:  # type: ignore[no-untyped-def]
    from partnerscan.portfolio import domain

    partner = domain.create_partner(org_a, alice, '=HYPERLINK("http://evil")')
    domain.create_partnership(
        org_a,
        alice,
        name="+cmd|calc",
        partners=[partner],
        challenge_type="chain",
        goal="@SUM(A1)",
        notes="-2+3",
    )
    csv_text = b"".join(
        as_alice.get(f"/orgs/{org_a.pk}/portfolio/partnerships.csv").streaming_content
    ).decode()  # type: ignore[attr-defined]
    row = csv_text.splitlines()[1]
    assert (
        row.startswith("'+cmd|calc,")
        and "'=HYPERLINK" in row
        and "'@SUM(A1)" in row
        and "'-2+3" in row
    )
    xlsx = b"".join(as_alice.get(f"/orgs/{org_a.pk}/portfolio/partnerships.xlsx").streaming_content)  # type: ignore[attr-defined]
    cells = [
        c
        for c in list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))[2]
        if isinstance(c, str)
    ]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)

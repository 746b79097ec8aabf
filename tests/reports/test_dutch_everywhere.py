"""A Dutch user sees Dutch: no sentence of our own catalogue in its English form on a Dutch page,
in the Dutch PDF or in a Dutch export.

The phrases looked for are the catalogue's msgids (partnerscan/locale/nl/.../django.po) whose
Dutch differs, cut at their placeholders; a phrase of one word or under 12 characters is left
out, as such words are often the same in both languages or part of other words.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from functools import cache
from pathlib import Path

import polib
import pyreadstat
import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook
from support import client_in, logged_in, require

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.plans import domain as plans
from partnerscan.pool import domain as pool

from .conftest import add_responses
from .test_exports import body

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "partnerscan/locale/nl/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{\w*\}")
SHORTEST = 12


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@cache
def english_phrases() -> dict[str, str]:
    """Phrase → the msgid it comes from, for every msgid whose Dutch is different."""
    phrases = {}
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete or not entry.translated():
            continue
        dutch = " ".join(normalised(t) for t in [entry.msgstr, *entry.msgstr_plural.values()])
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for fragment in PLACEHOLDER.split(msgid):
                phrase = normalised(fragment).strip(" .,:;()·–-—")
                if len(phrase) < SHORTEST or " " not in phrase or phrase in dutch:
                    continue
                phrases[phrase] = msgid
    return phrases


def visible_text(page: str) -> str:
    """What a reader sees or hears: the text, and the labels of attributes screen readers read."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    labels = re.findall(r'\b(?:aria-label|title|placeholder|alt|data-label)="([^"]*)"', page)
    return normalised(page + " " + " ".join(labels))


def english_in(text: str) -> list[str]:
    return sorted({phrase for phrase in english_phrases() if phrase in text})


def test_the_catalogue_gives_the_check_phrases_to_look_for() -> None:
    phrases = english_phrases()
    assert len(phrases) > 300
    assert "response rate unknown: nobody was invited through partnerscan" in phrases


@pytest.fixture
def rounds(org_a: Organisation, alice: User) -> tuple[Assessment, Assessment]:
    """A closed round with results, comments, an action and every kind of invitation; an open
    round with interim results; and the audit events all of that leaves."""
    closed = domain.create_assessment(
        org_a, alice, title="Ronde 1", goal="Beter samenwerken met scholen.", min_group=3
    )
    domain.open_assessment(closed, by=alice)
    domain.create_links(closed, 3)
    domain.add_email_invitations(closed, [domain.InvitationRow(email="r@example.net")])
    domain.enable_open_link(closed, by=alice)
    add_responses(closed, 12, comment="We horen de plannen pas laat.")
    aspect = closed.capability_model.aspects[0].id
    plans.create_action(
        closed, alice, aspect=aspect, description="Jaarplan delen", owner="Ans", target_level=3
    )
    closed = domain.close_assessment(closed, by=alice)
    pool.set_in_pool(closed, True, alice)
    open_round = domain.create_assessment(org_a, alice, title="Ronde 2", min_group=3)
    open_round = domain.open_assessment(open_round, by=alice)
    domain.update_assessment(open_round, by=alice, retention_days=30)
    domain.set_interim_results(open_round, True, by=alice)
    return closed, open_round


def dutch_pages(client: Client, urls: list[str]) -> dict[str, str]:
    pages = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert '<html lang="nl">' in response.content.decode(), url
        pages[url] = visible_text(response.content.decode())
    return pages


def test_no_dutch_page_carries_an_english_sentence(
    rounds: tuple[Assessment, Assessment], org_a: Organisation, alice: User
) -> None:
    closed, open_round = rounds
    owner = logged_in(alice, "nl")
    urls = [
        f"/assessments/{closed.pk}/dashboard/",
        f"/assessments/{closed.pk}/",
        f"/assessments/{closed.pk}/actions/",
        f"/assessments/{open_round.pk}/",
        f"/assessments/{open_round.pk}/invitations/",
        f"/assessments/{open_round.pk}/dashboard/",
        f"/orgs/{org_a.pk}/",
        f"/orgs/{org_a.pk}/audit/",
        f"/orgs/{org_a.pk}/assessments/new/",
        f"/assessments/{closed.pk}/follow-up/",
    ]
    pages = dutch_pages(owner, urls)
    pages |= dutch_pages(client_in("nl"), ["/accounts/login/"])
    pages |= respondent_pages(open_round)
    found = {url: english_in(text) for url, text in pages.items()}
    assert {url: phrases for url, phrases in found.items() if phrases} == {}
    # The capability model is chosen by its Dutch name.
    model = closed.capability_model
    assert model.name.en not in pages[f"/orgs/{org_a.pk}/assessments/new/"]
    assert model.name.nl in pages[f"/assessments/{closed.pk}/follow-up/"]
    # The same pages in English are full of the phrases, so the check can see them.
    english = logged_in(alice, "en").get(urls[0]).content.decode()
    assert len(english_in(visible_text(english))) > 20


def respondent_pages(assessment: Assessment) -> dict[str, str]:
    """The respondent's way, in Dutch: start, context, a condition, review, thanks."""
    token = domain.create_links(assessment, 1)[0]
    client = client_in("nl")
    pages = dutch_pages(client, [f"/r/{token}/"])
    client.post(f"/r/{token}/")
    model = assessment.capability_model
    condition = model.conditions[0].id
    pages |= dutch_pages(client, [f"/r/{token}/context/", f"/r/{token}/c/{condition}/"])
    for aspect in model.aspects:
        for field in ("current", "ambition"):
            client.post(f"/r/{token}/save/", {"aspect": aspect.id, "field": field, "value": "3"})
    pages |= dutch_pages(client, [f"/r/{token}/review/"])
    client.post(f"/r/{token}/submit/")
    pages |= dutch_pages(client, [f"/r/{token}/thanks/"])
    return pages


def test_the_dutch_pdf_and_exports_carry_no_english_sentence(
    rounds: tuple[Assessment, Assessment], alice: User, tmp_path: Path
) -> None:
    closed, _open = rounds
    owner = logged_in(alice, "nl")
    base = f"/assessments/{closed.pk}"
    pdf = body(owner.get(f"{base}/report.pdf?lang=nl"))
    texts = {
        "pdf": normalised(
            subprocess.run(
                [require("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
        )
    }
    for name in ("results.xlsx", "responses.xlsx"):
        book = load_workbook(io.BytesIO(body(owner.get(f"{base}/export/{name}?lang=nl"))))
        cells = [
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if isinstance(cell, str)
        ]
        texts[name] = normalised(" | ".join([*book.sheetnames, *cells]))
    for name in ("responses.sav", "results.sav"):
        path = tmp_path / name
        path.write_bytes(body(owner.get(f"{base}/export/{name}?lang=nl")))
        _frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
        labels = [label for label in meta.column_labels if label]
        labels += [
            text for values in meta.variable_value_labels.values() for text in values.values()
        ]
        texts[name] = normalised(" | ".join(labels))
    found = {name: english_in(text) for name, text in texts.items()}
    assert {name: phrases for name, phrases in found.items() if phrases} == {}
    code = closed.capability_model.aspects[0]
    assert f"{code.name.nl}: nu" in texts["responses.sav"]
    assert f"{code.name.nl}: ambitie" in texts["responses.sav"]


def test_the_check_finds_an_english_sentence_on_a_page() -> None:
    english = "response rate unknown: nobody was invited through partnerscan"
    page = f"<p>Dit is Nederlands.</p><p>{english}</p>"
    assert "response rate unknown: nobody was invited through partnerscan" in english_in(
        visible_text(page)
    )

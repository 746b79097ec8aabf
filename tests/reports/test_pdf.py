"""The PDF report holds the engine's numbers, in Dutch or English, and every part of the report."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from support import require

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.reports.charts import num

from .conftest import add_responses, pdf_text

pytestmark = pytest.mark.django_db

PARTS = {
    "en": [
        "Context",
        "Profile",
        "Every aspect",
        "Leads to work on",
        "Where views differ",
        "Comments",
        "Workshop guide",
        "Action plan",
        "How to read these numbers",
    ],
}


NUMBER = re.compile(r"(?<![\w.,])[+-]?\d+[.,]\d+(?![\w.,])")


def numbers_in(line: str) -> list[str]:
    return NUMBER.findall(line)


def signed(value: float | None) -> str:
    text = num(value)
    return text if text.startswith("-") else f"+{text}"


def aspect_line(text: str, name: str) -> str:
    """The table line of `name`: its first words (a long name wraps, as wide as the number
    columns leave room for), then its numbers."""
    for line in text.splitlines():
        found = NUMBER.search(line)
        lead = line[: found.start()].strip() if found else ""
        if len(lead) >= 4 and name.startswith(lead):
            return line
    raise AssertionError(f"no line for {name!r}")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_pdf_shows_the_engines_numbers(
    assessment_a: Assessment, as_bob: Client, lang: str
) -> None:
    add_responses(assessment_a, 12, comment="Meet more often.")
    response = as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang={lang}")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    results = assessment_results(assessment_a, lang)
    assert results is not None
    model = assessment_a.capability_model
    with translation.override(lang):
        table = text.split(gettext("Every aspect"), 1)[1]
        profile = text.split(gettext("Level now"), 1)[1]
        for a in results.aspects:
            # Names wrap in the table's first column; the numbers stand on its first line.
            line = aspect_line(table, model.aspect(a.id).name.get(lang))
            assert numbers_in(line) == [
                num(a.current.mean),
                num(a.ambition.mean),
                signed(a.gap.mean),
                num(a.priority, 2),
            ]
        for c, condition in zip(results.conditions, model.conditions, strict=True):
            line = aspect_line(profile, condition.name.get(lang))
            assert numbers_in(line)[:2] == [num(c.current.mean), num(c.ambition.mean)]
    assert "Meet more often." in text


def page_text(data: bytes, page: int) -> str:
    """One page's text in the order it was written (`pdftotext -raw`), on one line: the
    summary's two columns do not interleave."""
    done = subprocess.run(
        [require("pdftotext"), "-raw", "-f", str(page), "-l", str(page), "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return " ".join(done.stdout.decode().split())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_first_page_is_the_summary_for_the_board(
    assessment_a: Assessment, as_bob: Client, lang: str
) -> None:
    add_responses(assessment_a, 12)
    pdf = as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang={lang}").content
    results = assessment_results(assessment_a, lang)
    assert results is not None and len(results.leads) == 3
    model = assessment_a.capability_model
    first, second = page_text(pdf, 1), page_text(pdf, 2)
    with translation.override(lang):
        level = f"{results.overall.level} {model.level_name(results.overall.level or 0, lang)}"
        wanted = {
            "summary": gettext("Summary"),
            "overall level": gettext("Overall level"),
            "level": level,
            "response": f"{gettext('Responses')} 12",
            "where views differ": gettext("Where views differ"),
            **{
                f"lead {i}": model.aspect(lead.aspect).name.get(lang)
                for i, lead in enumerate(results.leads, start=1)
            },
        }
        flagged = [
            model.aspect(a.id).name.get(lang) for a in results.aspects if a.agreement.views_differ
        ]
        context = gettext("Context")
    assert {key: text in first for key, text in wanted.items()} == dict.fromkeys(wanted, True)
    # At most five aspects where views differ, so the page stays one page; the rest counted.
    assert len(flagged) > 5 and all(name in first for name in flagged[:5])
    assert not any(name in first for name in flagged[5:] if name not in wanted.values())
    assert f"and {len(flagged) - 5} more aspects" in first or lang != "en"
    # One page: the details start on the second.
    assert second.startswith(context)


def test_the_pdf_has_every_part(assessment_a: Assessment, as_bob: Client) -> None:
    add_responses(assessment_a, 12)
    text = pdf_text(as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=en").content)
    # After the summary page, every part in its order.
    text = text.split("\f", 1)[1]
    positions = [text.index(part) for part in PARTS["en"]]
    assert positions == sorted(positions)
    assert "understand each other’s view before solving" in text
    plan = text.split("Action plan", 1)[1].split()  # a header may wrap over two lines
    for word in ("Aspect", "Action", "Owner", "Date", "Indicator", "Next", "measurement"):
        assert word in plan
    assert re.search(r"\b2 ?/ ?\d+\b", text)  # page numbers (-layout may squeeze the spaces)


def test_below_three_respondents_the_pdf_has_no_numbers(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 2)
    text = pdf_text(as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=en").content)
    assert "No results below 3 respondents" in text
    assert "Profile" not in text
    without_model = text.replace(assessment_a.capability_model.ref, "")
    assert not re.search(r"\d[.,]\d", without_model)


def test_the_period_is_when_the_round_was_really_open(
    assessment_a: Assessment, as_bob: Client
) -> None:
    """Not the planned dates: the day it opened and the day it closed."""
    Assessment.objects.filter(pk=assessment_a.pk).update(
        opens_on=dt.date(2026, 1, 5), closes_on=dt.date(2026, 1, 20)
    )
    add_responses(assessment_a, 4)
    Assessment.objects.filter(pk=assessment_a.pk).update(
        opened_at=dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC),
        closed_at=dt.datetime(2026, 3, 13, 15, tzinfo=dt.UTC),
        state=Assessment.State.CLOSED,
    )
    text = pdf_text(as_bob.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=en").content)
    assert "2 February 2026 – 13 March 2026" in text
    assert "5 January 2026" not in text
    Assessment.objects.filter(pk=assessment_a.pk).update(
        closed_at=None, state=Assessment.State.OPEN
    )
    assessment_a.refresh_from_db()
    assert assessment_a.period == (dt.date(2026, 2, 2), None)


def test_opening_records_the_day_once(assessment_a: Assessment) -> None:
    opened = domain.open_assessment(assessment_a).opened_at
    assert opened is not None
    assert domain.open_assessment(assessment_a).opened_at == opened

"""The record of a round's workshops: agreed levels against the scan's mean, the notes and the
revealed votes as the screens showed them, on the dashboard and in the PDF (both languages);
and in the next round's trend, the agreed levels as a series of their own."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.utils import timezone
from partner_scenarios import own_round
from support import english_phrases, logged_in, require, text_of

from partnerscan.accounts.models import User
from partnerscan.reports.build import build_report
from partnerscan.reports.render import report_pdf
from partnerscan.reports.workshops import AgreedCell, AgreedColumn
from partnerscan.scoring.votes import Spread, VoteTally
from partnerscan.workshop import domain, participating
from partnerscan.workshop.models import Workshop
from partnerscan.workshop.record import ItemRecord, VoteRecord, WorkshopRecord, workshop_records

from .conftest import CONTESTED, joined, own_level

pytestmark = pytest.mark.django_db


def pdf_words(data: bytes) -> str:
    done = subprocess.run([require("pdftotext"), "-", "-"], input=data, capture_output=True)
    return " ".join(done.stdout.decode().split())


def run_session(live: Workshop, alice: User) -> Workshop:
    """Two votes on the contested aspect, agreed 3; `goals` agreed 4 without a vote; a third
    item only voted on, never revealed, which leaves no trace in the record."""
    item = live.items.get(aspect=CONTESTED)
    room = joined(live, 4)
    for levels in ([(2, 3), (2, None), (4, 4), (4, 5)], [(3, 4), (3, None), (3, 4), (4, 4)]):
        ballot = domain.open_ballot(item, alice)
        for participant, (current, ambition) in zip(room, levels, strict=True):
            participating.rate(participant, ballot, current, ambition)
        domain.close_ballot(ballot, alice)
        domain.reveal_ballot(ballot, alice)
    domain.record_agreement(item, 3, "Organised, <once> the steering group meets", alice)
    domain.record_agreement(live.items.get(aspect="goals"), 4, "", alice)
    hidden = live.items.exclude(aspect__in=[CONTESTED, "goals"]).first()
    assert hidden is not None
    ballot = domain.open_ballot(hidden, alice)
    participating.rate(room[0], ballot, 1, None)
    return domain.end_workshop(live, alice)


def test_the_record_holds_the_agreed_levels_the_notes_and_the_revealed_votes(
    live: Workshop, alice: User
) -> None:
    ended = run_session(live, alice)
    contested, goals = ended.items.get(aspect=CONTESTED), ended.items.get(aspect="goals")
    assert workshop_records(ended.assessment, "en") == (
        WorkshopRecord(
            ended.pk,
            "Workshop March",
            "ended",
            timezone.localdate(ended.ended_at),
            4,
            (
                ItemRecord(
                    CONTESTED,
                    "Internal alignment per partner",
                    "Organisation and internal collaboration",
                    tuple(contested.reason_names()),
                    3.0,
                    6,
                    3,
                    "Organised",
                    "Organised, <once> the steering group meets",
                    (
                        VoteRecord(
                            1,
                            4,
                            VoteTally(
                                4,
                                Spread(4, (0, 2, 0, 2, 0), 3.0, True),
                                Spread(3, (0, 0, 1, 1, 1), 4.0, False),
                            ),
                        ),
                        VoteRecord(
                            2,
                            4,
                            VoteTally(
                                4,
                                Spread(4, (0, 0, 3, 1, 0), 3.25, False),
                                Spread(3, (0, 0, 0, 3, 0), 4.0, False),
                            ),
                        ),
                    ),
                ),
                ItemRecord(
                    "goals",
                    "Strategic rationale and goals",
                    "Strategy",
                    tuple(goals.reason_names()),
                    3.5,
                    6,
                    4,
                    "Integrated",
                    "",
                    (),
                ),
            )[:: 1 if contested.position < goals.position else -1],
        ),
    )


def test_a_workshop_still_in_preparation_has_no_record(workshop: Workshop) -> None:
    assert workshop_records(workshop.assessment, "en") == ()


def test_the_dashboard_shows_the_workshop_in_both_languages(live: Workshop, alice: User) -> None:
    ended = run_session(live, alice)
    url = f"/assessments/{ended.assessment_id}/dashboard/"
    page = logged_in(alice).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "&lt;once&gt;" in html and "<once>" not in html
    text = text_of(html)
    assert 'href="#workshop-record"' in html
    assert "Held on" in text and "with 4 participants" in text
    assert "Vote 1: 4 votes, mean 3.0; levels 1 to 5: 0 · 2 · 0 · 2 · 0; views still differ" in text
    assert "Vote 2: 4 votes, mean 3.3; levels 1 to 5: 0 · 0 · 3 · 1 · 0; ambition 4.0" in text
    assert "3 Organised" in text and "4 Integrated" in text
    dutch = text_of(logged_in(alice, "nl").get(url).content)
    assert "Werksessie" in dutch and "Stemming 1: 4 stemmen, gemiddeld 3,0" in dutch
    leaks = {p for p in english_phrases(re.compile(r"reports/_workshop_record")) if p in dutch}
    assert leaks == set()


def test_the_pdf_has_a_workshop_section(live: Workshop, alice: User) -> None:
    ended = run_session(live, alice)
    for lang, held, who in (("en", "Held on", "with 4"), ("nl", "Gehouden op", "met 4")):
        text = pdf_words(report_pdf(build_report(ended.assessment, lang)))
        assert f"Workshop March {held}" in text and who in text
        assert "<once>" in text and "Organised" in text


def test_the_next_rounds_trend_lists_the_agreed_levels_as_their_own_series(
    live: Workshop, alice: User
) -> None:
    ended = run_session(live, alice)
    scanned = ended.assessment
    follow = own_round(scanned.organisation, alice, own_level, title="Scan 2027", previous=scanned)
    report = build_report(follow, "en")
    assert report.trend is not None and report.agreed is not None
    assert report.agreed.columns == (
        AgreedColumn(scanned.title, "Workshop March", timezone.localdate(ended.ended_at)),
    )
    rows = zip(report.trend.aspects, report.agreed.rows, strict=True)
    agreed = {row.id: cells for row, cells in rows}
    assert agreed[CONTESTED] == (AgreedCell(3, "Organised"),)
    assert agreed["goals"] == (AgreedCell(4, "Integrated"),)
    assert {k for k, v in agreed.items() if v != (None,)} == {CONTESTED, "goals"}
    # Measured means stay measured: the agreed 3 is in no cell of the means.
    row = next(r for r in report.trend.aspects if r.id == CONTESTED)
    assert [c.mean for c in row.cells if c] == [3.0, 3.0]
    text = text_of(logged_in(alice).get(f"/assessments/{follow.pk}/dashboard/").content)
    assert "agreed in the workshop" in text
    dutch = text_of(logged_in(alice, "nl").get(f"/assessments/{follow.pk}/dashboard/").content)
    assert "afgesproken in de werksessie" in dutch


def test_a_round_whose_predecessor_had_no_workshop_shows_no_agreed_series(
    workshop: Workshop, alice: User
) -> None:
    scanned = workshop.assessment
    follow = own_round(scanned.organisation, alice, own_level, title="Scan 2027", previous=scanned)
    assert build_report(follow, "en").agreed is None


def test_the_record_holds_the_dot_vote_and_what_went_in_the_plan(
    live: Workshop, alice: User
) -> None:
    from partnerscan.workshop.record import ActionRecord, DotsRecord

    domain.prepare_dot_vote(live, alice)
    live.candidates.all().delete()
    first, second, third = (
        domain.add_candidate(live, CONTESTED, f"Action {i}", alice) for i in (1, 2, 3)
    )
    domain.open_dots(live, alice)
    picks = [(third, third, first), (third, second, first), (third, first, second)]
    for participant, chosen in zip(joined(live, 3), picks, strict=True):
        for candidate in chosen:
            participating.place_dot(participant, candidate, 1)
    domain.close_dots(live, alice)
    domain.reveal_dots(live, alice)
    domain.plan_winners(live, [third.pk], "Kim", "en", alice)
    (record,) = workshop_records(live.assessment, "en")
    name = live.assessment.capability_model.aspect(CONTESTED).name.en
    assert record.dots == DotsRecord(
        voters=3,
        shown=True,
        actions=(
            ActionRecord(name, "Action 3", 4, 1, True),
            ActionRecord(name, "Action 1", 3, 2, False),
            ActionRecord(name, "Action 2", 2, 3, False),
        ),
    )
    page = text_of(logged_in(alice).get(f"/assessments/{live.assessment.pk}/dashboard/").content)
    assert "Dot vote on actions" in page and "3 participants placed dots." in page
    assert re.search(r"1\s+Action 3\s+\S.*?\s+4\s+yes", page), page[-2000:]
    dutch = text_of(
        logged_in(alice).get(f"/assessments/{live.assessment.pk}/dashboard/?lang=nl").content
    )
    assert "Action 3" in dutch


def test_below_three_voters_the_record_shows_no_totals(live: Workshop, alice: User) -> None:
    domain.prepare_dot_vote(live, alice)
    live.candidates.all().delete()
    only = domain.add_candidate(live, CONTESTED, "Action 1", alice)
    domain.add_candidate(live, CONTESTED, "Action 2", alice)
    domain.open_dots(live, alice)
    for participant in joined(live, 2):
        participating.place_dot(participant, only, 1)
    domain.close_dots(live, alice)
    domain.reveal_dots(live, alice)
    (record,) = workshop_records(live.assessment, "en")
    assert record.dots is not None and not record.dots.shown
    assert [(a.text, a.total, a.rank) for a in record.dots.actions] == [
        ("Action 1", None, None),
        ("Action 2", None, None),
    ]
    page = text_of(logged_in(alice).get(f"/assessments/{live.assessment.pk}/dashboard/").content)
    assert "Too few participants placed dots to show the totals." in page

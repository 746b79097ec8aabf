"""The agenda partnerscan proposes from a closed round, and the facilitator's changes to it."""

from __future__ import annotations

import pytest
from django.utils import translation
from partner_scenarios import own_round

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Assessment
from partnerscan.audit.models import AuditEvent
from partnerscan.core.errors import DomainError
from partnerscan.workshop import domain
from partnerscan.workshop.codes import ALPHABET, normalised
from partnerscan.workshop.models import Workshop

from .conftest import BLIND, CONTESTED, own_level

pytestmark = pytest.mark.django_db


def agenda(workshop: Workshop) -> list[tuple[str, list[str]]]:
    return [(item.aspect, item.reasons) for item in workshop.items.all()]


def test_the_agenda_proposes_differing_views_leads_and_blind_spots(workshop: Workshop) -> None:
    """Each aspect once with all its reasons; more reasons first, then contested, leads and
    blind spots."""
    assert agenda(workshop) == [
        (BLIND, ["lead", "blind_spot"]),
        (CONTESTED, ["views_differ"]),
        ("roles", ["lead"]),
        ("goals", ["lead"]),
    ]
    assert [item.position for item in workshop.items.all()] == [1, 2, 3, 4]


def test_an_item_keeps_the_rounds_figures(workshop: Workshop) -> None:
    blind, contested = workshop.items.all()[:2]
    assert (blind.scan_mean, blind.scan_n, blind.scan_counts) == (4.5, 6, [0, 0, 0, 3, 3])
    assert blind.partner_mean == 1.5
    assert (contested.scan_mean, contested.scan_n, contested.scan_counts) == (
        3.0,
        6,
        [3, 0, 0, 0, 3],
    )


def test_without_partners_the_agenda_has_no_blind_spots(org_a: Organisation, alice: User) -> None:
    assessment = own_round(org_a, alice, own_level)
    workshop = domain.start_workshop(assessment, alice)
    assert all("blind_spot" not in reasons for _aspect, reasons in agenda(workshop))
    assert (CONTESTED, ["views_differ"]) in agenda(workshop)
    assert workshop.title == "Workshop on Scan 2026"


def test_a_workshop_starts_only_from_a_closed_round_with_results(
    org_a: Organisation, alice: User
) -> None:
    draft = assessments.create_assessment(org_a, alice, title="Open")
    opened = assessments.open_assessment(draft, alice)
    with pytest.raises(DomainError, match="closed round"):
        domain.start_workshop(opened, alice)
    few = own_round(org_a, alice, own_level, count=2, title="Few")
    with pytest.raises(DomainError, match="too few respondents"):
        domain.start_workshop(few, alice)
    assert not Workshop.objects.exists()


def test_the_join_code_is_six_unambiguous_characters(scanned: Assessment, alice: User) -> None:
    codes = {domain.start_workshop(scanned, alice).code for _ in range(5)}
    assert len(codes) == 5
    assert all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)
    assert not set(ALPHABET) & set("0O1I")
    assert normalised(" ab3-k7q ") == "AB3K7Q"
    assert normalised("AB0K7Q") == normalised("ABK7Q") == ""


def test_the_facilitator_adds_removes_and_reorders(workshop: Workshop, alice: User) -> None:
    added = domain.add_item(workshop, "tools", alice)
    assert (added.aspect, added.reasons, added.position, added.scan_n) == ("tools", ["added"], 5, 6)
    with pytest.raises(DomainError, match="already on the agenda"):
        domain.add_item(workshop, "tools", alice)
    with pytest.raises(DomainError, match="aspect of the model"):
        domain.add_item(workshop, "no-such-aspect", alice)
    domain.remove_item(workshop.items.get(aspect="roles"), alice)
    ids = {item.aspect: item.pk for item in workshop.items.all()}
    domain.reorder(workshop, [ids["tools"], ids[CONTESTED], ids["goals"], ids[BLIND]], alice)
    assert [(i.aspect, i.position) for i in workshop.items.all()] == [
        ("tools", 1),
        (CONTESTED, 2),
        ("goals", 3),
        (BLIND, 4),
    ]
    with pytest.raises(DomainError, match="changed meanwhile"):
        domain.reorder(workshop, [ids["tools"]], alice)


def test_an_item_with_votes_stays_on_the_agenda(live: Workshop, alice: User) -> None:
    item = live.items.first()
    assert item is not None
    domain.open_ballot(item, alice)
    with pytest.raises(DomainError, match="has votes"):
        domain.remove_item(item, alice)


def test_every_change_bumps_the_version(workshop: Workshop, alice: User) -> None:
    versions = [workshop.version]
    domain.add_item(workshop, "tools", alice)
    workshop.refresh_from_db()
    versions.append(workshop.version)
    domain.go_live(workshop, alice)
    workshop.refresh_from_db()
    versions.append(workshop.version)
    assert versions == sorted(set(versions))


def test_the_facilitators_steps_are_audited_in_both_languages(
    workshop: Workshop, alice: User
) -> None:
    domain.go_live(workshop, alice)
    item = workshop.items.get(aspect=CONTESTED)
    ballot = domain.open_ballot(item, alice)
    domain.close_ballot(ballot, alice)
    domain.record_agreement(item, 3, "We align in the steering group", alice)
    domain.end_workshop(workshop, alice)
    events = list(AuditEvent.objects.filter(code__startswith="workshop").order_by("id"))
    assert [e.action for e in events] == [
        "workshop_started",
        "workshop_live",
        "workshop_vote_opened",
        "workshop_vote_closed",
        "workshop_agreed",
        "workshop_ended",
    ]
    assert {e.user_id for e in events} == {alice.pk}
    it = f"{workshop.pk} “Workshop March”"
    assert events[0].sentence == f"workshop {it}, 4 aspects proposed for the agenda"
    assert events[2].sentence == f"vote 1 on Internal alignment per partner, workshop {it}"
    with translation.override("nl"):
        assert events[4].sentence.startswith("niveau 3 ")

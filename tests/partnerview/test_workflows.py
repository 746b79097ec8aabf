"""The partner round's workflows: start (only on a model with a partner view), invite from the
portfolio's checklist or pasted lines (every bad line named, nothing added), close for good."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Assessment
from partnerscan.audit.models import AuditEvent
from partnerscan.core.errors import DomainError
from partnerscan.partnerview import domain, invitees, responding
from partnerscan.partnerview.models import PartnerInvitation, PartnerResponse, PartnerRound
from partnerscan.portfolio import contacts
from partnerscan.portfolio import domain as portfolio
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

from .conftest import OLD, link

pytestmark = pytest.mark.django_db


def test_a_round_starts_with_its_settings_and_the_starter_as_contact(
    partner_round: PartnerRound, alice: User
) -> None:
    assert (partner_round.state, partner_round.min_group, partner_round.closes_at) == (
        "open",
        3,
        None,
    )
    assert (partner_round.contact_name, partner_round.contact_email) == (
        "Alice",
        "alice@example.org",
    )
    event = AuditEvent.objects.get(action="partner_round_started")
    assert (event.user, event.assessment_id, event.sentence) == (
        alice,
        partner_round.assessment_id,
        f"partner round {partner_round.pk}",
    )


def test_a_model_without_partner_wording_is_refused_naming_the_version_to_use(
    org_a: Organisation, alice: User
) -> None:
    old = assessments.create_assessment(org_a, alice, title="Scan 2025", model_ref=OLD)
    with pytest.raises(DomainError) as refused:
        domain.start_partner_round(old, alice)
    assert str(refused.value) == (
        "Partnership capability model 1.0 has no questions for partners. Start an assessment "
        "on version 1.1 or later to invite partners."
    )
    assert not PartnerRound.objects.exists()


def test_an_assessment_has_one_partner_round(partner_round: PartnerRound, alice: User) -> None:
    with pytest.raises(DomainError, match="already has a partner round"):
        domain.start_partner_round(partner_round.assessment, alice)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"min_group": 2}, "between 3 and 100"),
        ({"closes_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}, "must lie in the future"),
        ({"note": "x" * 1001}, "at most 1000 characters"),
        ({"contact_email": "nobody"}, "valid e-mail address for the contact person"),
    ],
)
def test_settings_that_break_a_promise_are_refused(
    assessment_a: Assessment, alice: User, given: dict[str, Any], message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        domain.start_partner_round(assessment_a, alice, **given)


PASTED = """piet@care.example;care group
an@library.example;City Library;nl

kim@school.example;De School;EN
"""


def test_pasted_lines_are_invited_and_a_portfolio_name_brings_its_kind(
    partner_round: PartnerRound, care_group: PartnerOrganisation
) -> None:
    rows = invitees.parse_pasted(PASTED, "en")
    made = domain.add_partner_invitations(partner_round, rows, None)
    assert [(i.email, i.organisation_name, i.partner, i.kind, i.language) for i in made] == [
        ("piet@care.example", "Care Group", care_group, "non-profit", "en"),
        ("an@library.example", "City Library", None, "", "nl"),
        ("kim@school.example", "De School", None, "", "en"),
    ]
    event = AuditEvent.objects.get(action="partner_invitations_added")
    assert event.params == {"round": partner_round.pk, "n": 3}
    assert "@" not in event.detail + str(event.params)


def test_one_organisation_typed_two_ways_is_one_group(partner_round: PartnerRound) -> None:
    first = invitees.parse_pasted("a@school.example;De  School", "nl")
    domain.add_partner_invitations(partner_round, first, None)
    later = invitees.parse_pasted("b@school.example; de school\nc@school.example;DE SCHOOL", "nl")
    made = domain.add_partner_invitations(partner_round, later, None)
    assert [i.organisation_name for i in made] == ["De School", "De School"]


def test_every_bad_line_is_named_and_nothing_is_added(partner_round: PartnerRound) -> None:
    link(partner_round, "known@care.example")
    pasted = "\n".join(
        [
            "ok@care.example;Care Group",  # line 1: fine
            "not-an-address;Care Group",  # line 2
            "jan@care.example",  # line 3: no organisation
            "els@care.example;Care Group;de",  # line 4
            "KNOWN@care.example;Care Group",  # line 5: invited before
            "Ok@Care.example;Care Group",  # line 6: the same as line 1
            "a@care.example;Care;en;extra",  # line 7
        ]
    )
    with pytest.raises(domain.InviteeErrors) as refused:
        domain.add_partner_invitations(partner_round, invitees.parse_pasted(pasted), None)
    assert refused.value.problems == [
        "Line 2: “not-an-address” is not an e-mail address",
        "Line 3: the partner organisation is missing",
        "Line 4: unknown language “de” (use nl or en)",
        "Line 5: this address is already invited",
        "Line 6: the same address as line 1",
        "Line 7: too many fields (use e-mail;organisation;language)",
    ]
    assert PartnerInvitation.objects.count() == 1


def test_the_checklist_holds_partner_side_contacts_of_partnerships_with_one_partner(
    org_a: Organisation, alice: User, care: Partnership, partner_round: PartnerRound
) -> None:
    library = portfolio.create_partner(org_a, alice, "Library", "public")
    shared = portfolio.create_partnership(
        org_a,
        alice,
        name="Reading",
        partners=[library, care.partners.get()],
        challenge_type="regional",
        goal="Reading",
        phase="running",
        importance=2,
    )
    contacts.add_contact(shared, alice, "partner", "two@library.example", "", "en")
    listed = invitees.candidates(org_a.pk)
    assert [(c.contact.email, c.partner.name) for c in listed] == [
        ("piet@care.example", "Care Group")
    ]

    chosen = invitees.chosen(org_a.pk, [c.contact.pk for c in listed])
    (made,) = domain.add_partner_invitations(partner_round, chosen, alice)
    assert (made.email, made.organisation_name, made.kind, made.language) == (
        "piet@care.example",
        "Care Group",
        "non-profit",
        "nl",
    )
    assert invitees.candidates(org_a.pk, frozenset({"piet@care.example"})) == []


def test_another_organisations_contacts_are_not_on_the_checklist(
    org_b: Organisation, care: Partnership
) -> None:
    assert invitees.candidates(org_b.pk) == []
    piet = care.contacts.get(side="partner")
    assert invitees.chosen(org_b.pk, [piet.pk]) == []


def test_closing_deletes_addresses_and_keys_and_is_final(partner_round: PartnerRound) -> None:
    token = link(partner_round, "piet@care.example")
    invitation = responding.find_partner_invitation(token)
    assert invitation is not None
    response = responding.start_partner_response(invitation, token)
    responding.save_partner_answer(response, "attractiveness", "4")

    closed = domain.close_partner_round(partner_round, None)
    assert (closed.state, closed.closed_at is not None) == ("closed", True)
    assert list(PartnerInvitation.objects.values_list("email", flat=True)) == [""]
    assert list(PartnerResponse.objects.values_list("key_hash", flat=True)) == [None]
    assert responding.find_partner_response(token) is None
    with pytest.raises(DomainError, match="closed"):
        responding.save_partner_answer(response, "attractiveness", "2")
    with pytest.raises(DomainError, match="closed"):
        domain.add_partner_invitations(partner_round, invitees.parse_pasted("a@b.nl;X"), None)
    assert domain.close_partner_round(closed, None) == closed
    assert AuditEvent.objects.filter(action="partner_round_closed").count() == 1


def test_a_started_response_copies_the_organisation_and_kind_only(
    partner_round: PartnerRound, care_group: PartnerOrganisation
) -> None:
    token = link(partner_round, "piet@care.example", "CARE GROUP", "nl")
    invitation = responding.find_partner_invitation(token)
    assert invitation is not None
    response = responding.start_partner_response(invitation, token)
    assert (response.organisation, response.kind, response.language) == (
        "Care Group",
        "non-profit",
        "nl",
    )
    assert responding.start_partner_response(invitation, token) == response
    invitation.refresh_from_db()
    assert invitation.started_on == timezone.localdate()

"""The partner page of an assessment: editors start the round, invite from the checklist or by
pasting, remind and close; viewers read the totals; another organisation gets a 404. Nobody
sees who started or submitted, nor anything of it per organisation."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Assessment
from partnerscan.partnerview import responding
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound
from partnerscan.portfolio.models import Partnership

from .conftest import OLD, link

pytestmark = pytest.mark.django_db


def url(assessment: Assessment, action: str = "") -> str:
    return f"/assessments/{assessment.pk}/partners/{action}"


def text_of(page: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.decode()))


def test_an_editor_starts_the_round_from_the_assessment_page(
    as_alice: Client, assessment_a: Assessment
) -> None:
    assert url(assessment_a) in as_alice.get(f"/assessments/{assessment_a.pk}/").content.decode()
    page = as_alice.get(url(assessment_a)).content.decode()
    assert "Start the partner round" in page and 'value="alice@example.org"' in page
    data = {
        "min_group": "4",
        "closes_on": "2099-03-31",
        "note": "Thank you!",
        "contact_name": "Alice",
        "contact_email": "alice@example.org",
    }
    assert as_alice.post(url(assessment_a, "start/"), data)["Location"] == url(assessment_a)
    made = PartnerRound.objects.get()
    assert (made.min_group, made.note, made.last_day.isoformat() if made.last_day else "") == (
        4,
        "Thank you!",
        "2099-03-31",
    )
    assert "partners can answer until and including 31 March 2099" in text_of(
        as_alice.get(url(assessment_a)).content
    )


def test_a_k_below_three_is_refused_by_the_form(as_alice: Client, assessment_a: Assessment) -> None:
    answer = as_alice.post(url(assessment_a, "start/"), {"min_group": "2"})
    assert answer.status_code == 400 and not PartnerRound.objects.exists()


def test_an_assessment_on_a_model_without_partner_wording_has_no_partner_page_link(
    as_alice: Client, org_a: Organisation, alice: User
) -> None:
    old = assessments.create_assessment(org_a, alice, title="Scan 2025", model_ref=OLD)
    assert url(old) not in as_alice.get(f"/assessments/{old.pk}/").content.decode()
    assert "has no questions for partners" in text_of(as_alice.get(url(old)).content)
    as_alice.post(url(old, "start/"), {"min_group": "5"})
    assert not PartnerRound.objects.exists()


def test_pasted_lines_with_errors_come_back_named_and_nothing_is_added(
    as_alice: Client, partner_round: PartnerRound
) -> None:
    assessment = partner_round.assessment
    pasted = "kim@school.example;De School\nnonsense;X\njan@x.example"
    page = as_alice.post(url(assessment, "invite/lines/"), {"lines": pasted, "language": "nl"})
    assert page.status_code == 400
    shown = text_of(page.content)
    assert "Line 2: “nonsense” is not an e-mail address" in shown
    assert "Line 3: the partner organisation is missing" in shown
    assert "kim@school.example;De School" in page.content.decode()  # the text stays
    assert not PartnerInvitation.objects.exists()

    fixed = "kim@school.example;De School\nan@bieb.example;Bibliotheek;en"
    answer = as_alice.post(url(assessment, "invite/lines/"), {"lines": fixed, "language": "nl"})
    assert answer["Location"] == url(assessment)
    assert list(PartnerInvitation.objects.values_list("email", "language")) == [
        ("kim@school.example", "nl"),
        ("an@bieb.example", "en"),
    ]


def test_the_checklist_invites_partner_side_contacts(
    as_alice: Client, partner_round: PartnerRound, care: Partnership
) -> None:
    assessment = partner_round.assessment
    page = as_alice.get(url(assessment)).content.decode()
    assert "piet@care.example · Care Group" in page and "olga@example.org" not in page
    piet = care.contacts.get(side="partner")
    as_alice.post(url(assessment, "invite/contacts/"), {"contacts": [str(piet.pk)]})
    invitation = PartnerInvitation.objects.get()
    assert (invitation.email, invitation.kind) == ("piet@care.example", "non-profit")
    assert "piet@care.example · Care Group" not in as_alice.get(url(assessment)).content.decode()


def answered(partner_round: PartnerRound, email: str, organisation: str, submit: bool) -> None:
    token = link(partner_round, email, organisation)
    invitation = responding.find_partner_invitation(token)
    assert invitation is not None
    response = responding.start_partner_response(invitation, token)
    responding.save_partner_answer(response, "attractiveness", "3")
    if submit:
        responding.submit_partner_response(response, invitation)


def test_counts_are_totals_and_per_organisation_only_invited(
    as_bob: Client, partner_round: PartnerRound
) -> None:
    answered(partner_round, "a@care.example", "Care Group", submit=True)
    answered(partner_round, "b@care.example", "Care Group", submit=False)
    link(partner_round, "c@bieb.example", "Bibliotheek")
    shown = text_of(as_bob.get(url(partner_round.assessment)).content)
    assert "3 invited 2 started 1 submitted" in shown
    assert (
        "Invited per partner organisation Partner organisation invited Bibliotheek 1 Care Group 2"
        in shown
    )
    assert "@" not in shown.replace("alice@example.org", "")  # a viewer sees no addresses
    assert "Start the partner round" not in shown and "Close the partner round" not in shown


def test_an_editor_sees_addresses_with_the_mail_status_only(
    as_alice: Client, partner_round: PartnerRound
) -> None:
    answered(partner_round, "a@care.example", "Care Group", submit=True)
    shown = text_of(as_alice.get(url(partner_round.assessment)).content)
    assert "a@care.example Care Group English waiting to be sent" in shown
    assert "submitted on" not in shown


def test_reminders_and_close_go_through_the_page(
    as_alice: Client, partner_round: PartnerRound
) -> None:
    assessment = partner_round.assessment
    assert as_alice.post(url(assessment, "remind/"))["Location"] == url(assessment)
    assert as_alice.get(url(assessment, "close/")).status_code == 200
    assert as_alice.post(url(assessment, "close/"))["Location"] == url(assessment)
    partner_round.refresh_from_db()
    assert partner_round.state == "closed"
    page = text_of(as_alice.get(url(assessment)).content)
    assert "closed on" in page and "Invite by pasting" not in page


def test_roles_and_organisations(
    as_bob: Client, as_charlie: Client, partner_round: PartnerRound
) -> None:
    assessment = partner_round.assessment
    assert as_bob.get(url(assessment)).status_code == 200
    for action in ("start/", "invite/lines/", "invite/contacts/", "remind/", "close/"):
        assert as_bob.post(url(assessment, action)).status_code == 403, action
        assert as_charlie.post(url(assessment, action)).status_code == 404, action
    assert as_charlie.get(url(assessment)).status_code == 404


def test_the_page_costs_the_same_queries_for_many_invitations(
    as_alice: Client, partner_round: PartnerRound
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_alice.get(url(partner_round.assessment)).status_code == 200
        return len(captured)

    link(partner_round, "one@care.example")
    few = queries()
    for n in range(10):
        link(partner_round, f"p{n}@org{n}.example", f"Org {n}")
    assert queries() == few

"""What the results read of a partner round (partnerview/records.py): nothing while it is open,
and of a closed one only the counting partners, their comments without organisation."""

from __future__ import annotations

import pytest

from partnerscan.assessments.models import Assessment
from partnerscan.core.ordering import keyed_order
from partnerscan.partnerview import domain, responding
from partnerscan.partnerview.models import PartnerRound
from partnerscan.partnerview.records import PartnerRecord, partner_comments, partner_records
from partnerscan.portfolio.models import PartnerOrganisation

from .conftest import link

pytestmark = pytest.mark.django_db


def partner(
    partner_round: PartnerRound,
    email: str,
    answers: dict[str, str],
    comments: dict[str, str] | None = None,
    submit: bool = True,
) -> None:
    token = link(partner_round, email, "Care Group")
    invitation = responding.find_partner_invitation(token)
    assert invitation is not None
    response = responding.start_partner_response(invitation, token)
    for aspect, value in answers.items():
        responding.save_partner_answer(response, aspect, value)
    for aspect, text in (comments or {}).items():
        responding.save_partner_comment(response, aspect, text)
    if submit:
        responding.submit_partner_response(response, invitation)


def test_nothing_without_a_round_or_while_it_is_open(
    assessment_a: Assessment, partner_round: PartnerRound
) -> None:
    partner(partner_round, "a@care.example", {"attractiveness": "4"}, {"attractiveness": "More"})
    assert partner_records(assessment_a) is None
    assert partner_comments(assessment_a) == {}


def test_a_closed_round_gives_its_counting_partners_only(
    partner_round: PartnerRound, care_group: PartnerOrganisation
) -> None:
    partner(
        partner_round,
        "a@care.example",
        {"attractiveness": "4", "long-horizon": "dk"},
        {"long-horizon": "A plan"},
    )
    partner(partner_round, "dk@care.example", {"attractiveness": "dk"}, {"attractiveness": "Hm"})
    partner(partner_round, "empty@care.example", {})
    partner(partner_round, "open@care.example", {"attractiveness": "2"}, submit=False)
    closed = domain.close_partner_round(partner_round, None)

    (record,) = partner_records(closed.assessment) or []
    assert record == PartnerRecord(
        id=record.id,
        organisation="Care Group",
        kind="non-profit",
        answers={"attractiveness": 4, "long-horizon": "dk"},
        comments={"long-horizon": "A plan"},
    )
    assert partner_comments(closed.assessment) == {"long-horizon": ["A plan"]}


def test_comments_come_in_a_keyed_order_never_by_time(partner_round: PartnerRound) -> None:
    texts = [f"Need {letter}" for letter in "ABCDEFG"]
    for n, text in enumerate(texts):
        partner(
            partner_round, f"p{n}@care.example", {"attractiveness": "3"}, {"attractiveness": text}
        )
    closed = domain.close_partner_round(partner_round, None)
    shown = partner_comments(closed.assessment)["attractiveness"]
    assert shown == keyed_order(texts, f"partner-comments:{closed.pk}")
    assert shown not in (texts, texts[::-1]) and sorted(shown) == texts

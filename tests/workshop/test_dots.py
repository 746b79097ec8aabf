"""The dot vote on actions: its list (the leads' next steps first), the dots within budget and
cap, hidden until the reveal, totals only on at least 3 participants, and the winners put in
the plan once, with the agreed level as their target."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from support import logged_in, text_of

from partnerscan.accounts.models import User
from partnerscan.audit.models import AuditEvent
from partnerscan.core.errors import DomainError
from partnerscan.plans.models import Action
from partnerscan.scoring.votes import DotRow, DotTally, dot_tally
from partnerscan.workshop import domain, dot_screens, participating
from partnerscan.workshop.models import CandidateAction, Dot, Participant, Workshop

from .conftest import CONTESTED, joined, phone

pytestmark = pytest.mark.django_db


def listed(live: Workshop, alice: User, n: int = 3) -> list[CandidateAction]:
    """The prepared dot vote's list, facilitator's actions only, on the contested aspect."""
    domain.prepare_dot_vote(live, alice)
    live.candidates.all().delete()
    return [domain.add_candidate(live, CONTESTED, f"Action {i}", alice) for i in range(1, n + 1)]


def dots(participant: Participant, candidate: CandidateAction, n: int) -> None:
    for _ in range(n):
        participating.place_dot(participant, candidate, 1)


def test_the_tally_ranks_ties_in_the_lists_order_and_keeps_the_floor() -> None:
    placed = [(1, 10, 2), (1, 11, 1), (2, 11, 2), (2, 12, 1), (3, 10, 1), (3, 99, 3)]
    assert dot_tally(placed, [10, 11, 12]) == DotTally(
        3,
        (DotRow(10, 3, 1, 3 / 7), DotRow(11, 3, 1, 3 / 7), DotRow(12, 1, 3, 1 / 7)),
    )
    assert dot_tally(placed[:4], [10, 11, 12]) == DotTally(2, None)
    assert dot_tally(placed, [10, 11, 12]).top(2) == (10, 11)


def test_preparing_proposes_the_leads_next_steps(live: Workshop, alice: User) -> None:
    domain.prepare_dot_vote(live, alice)
    leads = [i.aspect for i in live.items.all() if "lead" in i.reasons]
    assert leads
    found = list(live.candidates.values_list("aspect", "source", "description"))
    assert found == [(aspect, "lead", "") for aspect in leads]
    model = live.assessment.capability_model
    first = live.candidates.first()
    assert first is not None and first.step_level is not None
    assert first.text(model, "en") == model.aspect(first.aspect).next_steps[
        first.step_level - 1
    ].get("en")
    domain.prepare_dot_vote(live, alice)  # a second time changes nothing
    assert live.candidates.count() == len(leads)


def test_budget_and_cap_are_kept_on_the_server(live: Workshop, alice: User) -> None:
    first, second, third = listed(live, alice)
    domain.set_dots(live, 3, 2, False, alice)
    with pytest.raises(DomainError, match="1 to the dots"):
        domain.set_dots(live, 3, 4, False, alice)
    with pytest.raises(DomainError, match="Dots per participant"):
        domain.set_dots(live, 0, None, False, alice)
    domain.open_dots(live, alice)
    with pytest.raises(DomainError, match="before the dot vote opens"):
        domain.set_dots(live, 5, None, False, alice)
    (me,) = joined(live, 1)
    dots(me, first, 2)
    with pytest.raises(DomainError, match="At most 2 dots"):
        participating.place_dot(me, first, 1)
    dots(me, second, 1)
    with pytest.raises(DomainError, match="no dots left"):
        participating.place_dot(me, third, 1)
    assert participating.place_dot(me, first, -1) == 1
    dots(me, third, 1)
    assert sorted(Dot.objects.values_list("candidate_id", "count")) == [
        (first.pk, 1),
        (second.pk, 1),
        (third.pk, 1),
    ]
    domain.close_dots(live, alice)
    with pytest.raises(DomainError, match="closed"):
        participating.place_dot(me, first, -1)


def test_crafted_posts_change_nothing(live: Workshop, alice: User) -> None:
    first, second, _third = listed(live, alice)
    domain.set_dots(live, 2, 1, False, alice)
    domain.open_dots(live, alice)
    client, me = phone(live)
    url = f"/w/{live.code}/dots/"
    assert client.post(url, {"candidate": first.pk, "change": "add"}).status_code == 302
    for data in (
        {"candidate": first.pk, "change": "add"},  # the cap
        {"candidate": first.pk, "change": "5"},
        {"candidate": "x", "change": "add"},
        {"candidate": second.pk, "change": "remove"},
    ):
        assert client.post(url, data).status_code in (400, 409)
    assert list(Dot.objects.values_list("candidate_id", "count")) == [(first.pk, 1)]
    htmx = client.post(
        url, {"candidate": second.pk, "change": "add"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200
    assert "0 of 2 dots left" in text_of(htmx.content)


def test_dots_stay_hidden_until_the_reveal(live: Workshop, alice: User) -> None:
    first, second, third = listed(live, alice)
    domain.open_dots(live, alice)
    client, me = phone(live)
    participants = [me, *joined(live, 3)]
    for participant, (a, b) in zip(participants, [(2, 1), (3, 0), (1, 1), (2, 0)], strict=True):
        dots(participant, first, a)
        dots(participant, second, b)
    member = logged_in(alice)
    pages = {
        "control": f"/workshops/{live.pk}/",
        "counts": f"/workshops/{live.pk}/poll/",
        "projector": f"/workshops/{live.pk}/projector/",
        "projector poll": f"/workshops/{live.pk}/projector/poll/",
    }
    for state in ("open", "closed"):
        for name, url in pages.items():
            text = text_of(member.get(url).content)
            assert "4 participants placed dots" in text, (state, name)
            assert " dots ·" not in text and "Dots per action" not in text, (state, name)
        mine = text_of(client.get(f"/w/{live.code}/live/").content)
        assert "4 participants" not in mine and "8 dots" not in mine
        if state == "open":
            assert "0 of 3 dots left" in mine and "2 dots" in mine
            domain.close_dots(live, alice)
    assert dot_screens.dots_view(live, "en") is not None
    view = dot_screens.dots_view(live, "en")
    assert view is not None and view.tally is None
    domain.reveal_dots(live, alice)
    text = text_of(member.get(pages["projector"]).content)
    aspect = "· Internal alignment per partner"
    assert f"1 Action 1 {aspect} 8 2 Action 2 {aspect} 2 3 Action 3 {aspect} 0" in text
    assert "8 dots" in text_of(member.get(pages["control"]).content)
    assert "Action 1 8" not in text_of(client.get(f"/w/{live.code}/live/").content)


def test_below_three_participants_no_total_is_shown(live: Workshop, alice: User) -> None:
    first, _second, _third = listed(live, alice)
    domain.open_dots(live, alice)
    for participant in joined(live, 2):
        dots(participant, first, 3)
    domain.close_dots(live, alice)
    domain.reveal_dots(live, alice)
    member = logged_in(alice)
    projector = text_of(member.get(f"/workshops/{live.pk}/projector/").content)
    assert "Too few participants placed dots to show the totals" in projector
    stage = projector.split("Too few")[1].split("Join on your phone")[0]
    assert "6" not in stage and "Action 1" in stage
    control = text_of(member.get(f"/workshops/{live.pk}/").content)
    assert "6 dots" not in control and "Tick the actions for the plan yourself" in control


def test_the_winners_become_plan_actions_once(live: Workshop, alice: User) -> None:
    item = live.items.get(aspect=CONTESTED)
    domain.record_agreement(item, 3, "", alice)
    first, second, third = listed(live, alice)
    other = domain.add_candidate(live, "goals", "Write the goals down", alice)
    domain.open_dots(live, alice)
    picked = [(third, other, other), (third, other, first), (third, second, first)]
    for participant, picks in zip(joined(live, 3), picked, strict=True):
        for candidate in picks:
            participating.place_dot(participant, candidate, 1)
    with pytest.raises(DomainError, match="Reveal the dot vote first"):
        domain.plan_winners(live, [third.pk], "Kim", "en", alice)
    domain.close_dots(live, alice)
    domain.reveal_dots(live, alice)
    view = dot_screens.dots_view(live, "en")
    assert view is not None and view.tally is not None
    assert view.tally.top(2) == (third.pk, other.pk)
    client = logged_in(alice)
    control = client.get(f"/workshops/{live.pk}/")
    html = control.content.decode()
    ticked = re.findall(r'name="chosen" value="(\d+)"[^>]*checked', html)
    assert ticked == [str(third.pk), str(other.pk)], text_of(html)[-3000:]
    url = f"/workshops/{live.pk}/dots/plan/"
    data = {"chosen": [third.pk, other.pk], "owner": "to be decided"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # pressed twice
    found = list(
        Action.objects.filter(assessment=live.assessment).values_list(
            "aspect", "description", "target_level", "owner"
        )
    )
    assert found == [
        (CONTESTED, "Action 3", 3, "to be decided"),
        ("goals", "Write the goals down", None, "to be decided"),
    ]
    third.refresh_from_db()
    assert third.action is not None and third.planned_at is not None
    plan = text_of(client.get(f"/assessments/{live.assessment.pk}/actions/").content)
    assert "Action 3" in plan and "Write the goals down" in plan


def test_a_participant_suggests_while_allowed_and_within_limits(
    live: Workshop, alice: User
) -> None:
    domain.prepare_dot_vote(live, alice)
    client, me = phone(live)
    url = f"/w/{live.code}/suggest/"
    data = {"aspect": CONTESTED, "description": "<b>Meet</b> monthly"}
    assert client.post(url, data).status_code == 400  # not allowed yet
    domain.set_dots(live, 3, None, True, alice)
    before = live.candidates.count()
    assert client.post(url, data).status_code == 302
    added = live.candidates.last()
    assert added is not None
    assert (added.source, added.description) == ("participant", "<b>Meet</b> monthly")
    page = client.get(f"/w/{live.code}/live/").content.decode()
    assert "&lt;b&gt;Meet&lt;/b&gt; monthly" in page and "<b>Meet" not in page
    assert client.post(url, {**data, "aspect": "goals" * 3}).status_code == 400
    assert client.post(url, {**data, "description": "x" * 301}).status_code == 400
    client.post(url, data)
    client.post(url, data)
    assert client.post(url, data).status_code == 400  # the fourth
    assert live.candidates.count() == before + 3
    control = text_of(logged_in(alice).get(f"/workshops/{live.pk}/").content)
    assert "suggested by a participant" in control
    counts = text_of(logged_in(alice).get(f"/workshops/{live.pk}/poll/").content)
    assert f"{before + 3} actions on the dot vote's list" in counts


def test_the_list_is_fixed_once_dots_lie_on_it(live: Workshop, alice: User) -> None:
    first, second, third = listed(live, alice)
    domain.open_dots(live, alice)
    with pytest.raises(DomainError, match="before the dot vote opens"):
        domain.edit_candidate(first, CONTESTED, "Other words", alice)
    (me,) = joined(live, 1)
    participating.place_dot(me, first, 1)
    participating.place_dot(me, third, 1)
    # Removing an action with dots is not refused (a refusal would say someone put a dot on
    # it), and the dots go back: this participant may place them again.
    domain.remove_candidate(first, alice)
    domain.remove_candidate(second, alice)
    assert [dot.candidate_id for dot in me.dots.all()] == [third.pk]
    with pytest.raises(DomainError, match="dot vote is open"):
        domain.open_ballot(live.items.get(aspect=CONTESTED), alice)
    domain.close_dots(live, alice)
    with pytest.raises(DomainError, match="closed"):
        domain.add_candidate(live, CONTESTED, "Late", alice)
    assert list(live.candidates.values_list("description", flat=True)) == ["Action 3"]


def test_a_participant_cannot_vote_in_another_session(
    live: Workshop, alice: User, charlie: User, org_b: object
) -> None:
    first, _second, _third = listed(live, alice)
    domain.open_dots(live, alice)
    other = domain.start_workshop(live.assessment, alice, "Second room")
    domain.go_live(other, alice)
    domain.prepare_dot_vote(other, alice)
    theirs = domain.add_candidate(other, CONTESTED, "Theirs", alice)
    domain.open_dots(other, alice)
    client, _me = phone(live)
    data = {"candidate": theirs.pk, "change": "add"}
    assert client.post(f"/w/{live.code}/dots/", data).status_code == 404
    assert client.post(f"/w/{other.code}/dots/", data).status_code == 403
    assert not Dot.objects.exists()
    assert first.pk != theirs.pk


def test_viewers_and_other_organisations_cannot_run_the_dot_vote(
    live: Workshop, alice: User, as_bob: Client, as_charlie: Client
) -> None:
    first, _second, _third = listed(live, alice)
    base = f"/workshops/{live.pk}/dots/"
    for url in (base + "open/", base + f"actions/{first.pk}/remove/", base + "prepare/"):
        assert as_bob.post(url).status_code == 403
        assert as_charlie.post(url).status_code == 404
    assert live.candidates.count() == 3
    live.refresh_from_db()
    assert live.dot_vote.is_prepared


def test_the_dot_vote_steps_are_audited_in_both_languages(live: Workshop, alice: User) -> None:
    (first,) = listed(live, alice, 1)
    domain.set_dots(live, 4, 2, False, alice)
    domain.open_dots(live, alice)
    for participant in joined(live, 3):
        participating.place_dot(participant, first, 1)
    domain.close_dots(live, alice)
    domain.reveal_dots(live, alice)
    domain.plan_winners(live, [first.pk], "Kim", "en", alice)
    events = list(
        AuditEvent.objects.filter(action__startswith="workshop_dots").order_by("id")
    ) + list(AuditEvent.objects.filter(action="workshop_actions_planned"))
    it = f"{live.pk} “Workshop March”"
    assert [(e.action, e.sentence) for e in events[1:]] == [
        (
            "workshop_dots_changed",
            f"added: action {first.pk} on Internal alignment per partner, "
            f"dot vote of workshop {it}",
        ),
        ("workshop_dots_changed", f"4 dots each, at most 2 on one action, workshop {it}"),
        ("workshop_dots_opened", f"dot vote of workshop {it}"),
        ("workshop_dots_closed", f"dot vote of workshop {it}"),
        ("workshop_dots_revealed", f"dot vote of workshop {it}"),
        (
            "workshop_actions_planned",
            f"1 action put in the plan from the dot vote of workshop {it}",
        ),
    ]
    assert events[0].sentence.startswith(f"dot vote of workshop {it}, 3 leads' next steps")
    with translation.override("nl"):
        assert events[-1].sentence.startswith("1 actie ")


def test_ending_closes_an_open_dot_vote_and_the_plan_still_follows(
    live: Workshop, alice: User
) -> None:
    first, _second, _third = listed(live, alice)
    domain.open_dots(live, alice)
    for participant in joined(live, 3):
        participating.place_dot(participant, first, 1)
    domain.end_workshop(live, alice)
    live.refresh_from_db()
    assert live.dot_vote.is_closed
    with pytest.raises(DomainError, match="not live"):
        domain.reveal_dots(live, alice)
    with pytest.raises(DomainError, match="Reveal the dot vote first"):
        domain.plan_winners(live, [first.pk], "Kim", "en", alice)


def test_the_dot_vote_reads_in_a_fixed_number_of_queries(live: Workshop, alice: User) -> None:
    member = logged_in(alice)
    client, me = phone(live)
    urls = [f"/workshops/{live.pk}/", f"/workshops/{live.pk}/projector/", f"/w/{live.code}/live/"]
    domain.prepare_dot_vote(live, alice)
    domain.add_candidate(live, CONTESTED, "One", alice)
    domain.open_dots(live, alice)

    def counted() -> list[int]:
        found = []
        for url in urls:
            reader = client if url.startswith("/w/") else member
            with CaptureQueriesContext(connection) as queries:
                assert reader.get(url).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    few = counted()
    for i in range(4):
        candidate = domain.add_candidate(live, "goals", f"More {i}", alice)
        for participant in joined(live, 2):
            participating.place_dot(participant, candidate, 1)
    participating.place_dot(me, candidate, 1)
    assert counted() == few
    domain.close_dots(live, alice)
    domain.reveal_dots(live, alice)
    assert counted()[:2] == [n + 1 for n in few[:2]]  # the dots, read once revealed


def test_a_refused_dot_is_explained_in_the_phones_language(live: Workshop, alice: User) -> None:
    first, _second, _third = listed(live, alice)
    domain.set_dots(live, 1, None, False, alice)
    domain.open_dots(live, alice)
    client, me = phone(live, "nl")
    url, hx = f"/w/{live.code}/dots/", {"HX-Request": "true"}
    assert client.post(url, {"candidate": first.pk, "change": "add"}, headers=hx).status_code == 200
    refused = client.post(url, {"candidate": first.pk, "change": "add"}, headers=hx)
    assert refused.status_code == 409
    assert "U hebt geen stippen meer" in text_of(refused.content)
    assert "Nog 0 van de 1 stippen over" in text_of(refused.content)

"""Differencing over time: nothing a member sees of an open round changes with one submission.

The attack (issue 12): download the responses, read the comments, look at the invitations page,
then again after one person submits, and put a name to the difference. While a round is open
members see the count and the rate only; interim results are snapshots renewed after k new
counting respondents; comments wait for the close; the responses wait for the close and an owner.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from support import logged_in

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Response, ResultsSnapshot
from partnerscan.audit.models import AuditEvent
from partnerscan.reports.build import build_report
from partnerscan.reports.comments import comment_seed
from partnerscan.scoring.responses_csv import parse_responses_csv
from partnerscan.scoring.responses_csv_writer import header_row

from .conftest import LEVELS, World, answer

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
EXPORTS = [f"{kind}.{fmt}" for kind in ("responses", "results") for fmt in ("csv", "xlsx", "sav")]


def respondent(
    assessment: Assessment,
    levels: dict[str, tuple[str, str]],
    comment: str = "",
    token: str | None = None,
) -> str:
    """One more respondent through a (new) personal link; returns the link's token."""
    token = token or domain.create_links(assessment, 1)[0]
    answer(token, levels, comment=comment)
    return token


def seen(client: Client, assessment: Assessment) -> dict[str, str]:
    """Everything a member can read of the round, with the figures that are allowed to move
    (the count, the rate, the progress numbers) blanked out."""
    base = f"/assessments/{assessment.pk}"
    pages = {}
    for path in ("/dashboard/", "/results/", "/", "/invitations/", "/report.pdf?lang=en"):
        response = client.get(base + path)
        text = CSRF.sub("", response.content.decode())
        pages[path] = f"{response.status_code} " + re.sub(r"\d+", "#", text)
    for name in EXPORTS:
        pages[name] = str(client.get(f"{base}/export/{name}").status_code)
    return pages


def test_one_submission_changes_nothing_but_the_counts_for_any_member(world: World) -> None:
    assessment = world.a.assessment
    token = domain.create_links(assessment, 1)[0]
    members = {role: logged_in(getattr(world.a, role)) for role in ("owner", "editor", "viewer")}
    before = {role: seen(client, assessment) for role, client in members.items()}
    levels = {"goals": ("1", "5"), "themes": ("1", "5")}
    respondent(assessment, levels, comment="Only me", token=token)
    after = {role: seen(client, assessment) for role, client in members.items()}
    assert after == before
    assert {name: after["owner"][name] for name in EXPORTS} == dict.fromkeys(EXPORTS, "409")
    assert after["owner"]["/report.pdf?lang=en"].startswith("409 ")
    dashboard = after["owner"]["/dashboard/"]
    assert "Only me" not in dashboard and 'id="profile"' not in dashboard
    assert "only the number of responses and the response rate are shown" in dashboard


def test_the_dashboard_of_an_open_round_shows_the_submitted_count_and_rate(world: World) -> None:
    report = build_report(world.a.assessment, "en")
    # Three links submitted of four, plus one e-mail invitation not yet sent: 3 of 5 invited.
    assert (report.respondents, report.rate, report.results, report.comments) == (3, 0.6, None, ())


def test_the_invitations_page_never_says_which_invitation_submitted(world: World) -> None:
    editor = logged_in(world.a.editor)
    url = f"/assessments/{world.a.assessment.pk}/invitations/"

    def rows() -> str:
        html = editor.get(url).content.decode()
        return html.split("Who was invited", 1)[1]

    before = rows()
    answer(world.a.token, LEVELS)  # the last personal link submits
    assert rows() == before


def test_a_reminder_tells_the_editor_only_how_many_it_went_to(world: World) -> None:
    domain.record_invitation_sent(world.a.assessment.invitations.get(kind="email"))
    editor = logged_in(world.a.editor)
    response = editor.post(f"/assessments/{world.a.assessment.pk}/invitations/remind/", follow=True)
    html = response.content.decode()
    assert "A reminder is queued for 1 person." in html
    assert "reminder queued" not in html and "reminded" not in html


def test_the_round_page_shows_submissions_without_answers_apart(world: World) -> None:
    token = domain.create_links(world.a.assessment, 1)[0]
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    domain.save_context(response, "staff", "Policy")
    domain.submit_response(response, invitation)
    html = logged_in(world.a.viewer).get(f"/assessments/{world.a.assessment.pk}/").content
    assert re.search(rb"<strong>1</strong> submitted without answers", html)
    assert re.search(rb"<strong>4</strong> submitted<", html)


# --- interim results ----------------------------------------------------------------------------


def interim_on(world: World) -> Assessment:
    return domain.set_interim_results(world.a.assessment, True, by=world.a.owner)


def test_turning_interim_results_on_is_audited_and_takes_a_snapshot_of_k(world: World) -> None:
    assessment = interim_on(world)
    snapshot = ResultsSnapshot.objects.get(assessment=assessment)
    assert (snapshot.counting_respondents, len(snapshot.rows)) == (3, 3)
    events = AuditEvent.objects.filter(
        assessment=assessment, action="settings_changed", detail__startswith="interim"
    )
    assert list(events.values_list("user", "detail")) == [(world.a.owner.pk, "interim_results: on")]


def test_only_an_owner_turns_interim_results_on(world: World) -> None:
    url = f"/assessments/{world.a.assessment.pk}/interim/"
    data = {"interim_results": "on"}
    assert logged_in(world.a.editor).post(url, data).status_code == 403
    assert logged_in(world.b.owner).post(url, data).status_code == 404
    assert logged_in(world.a.owner).post(url, data).status_code == 302
    world.a.assessment.refresh_from_db()
    assert world.a.assessment.interim_results


def test_interim_results_refresh_only_after_k_new_counting_respondents(world: World) -> None:
    assessment = interim_on(world)  # k = 3; a snapshot of the first 3
    first = build_report(assessment, "en")
    assert first.results is not None and first.interim is not None
    assert (first.interim.respondents, first.results.respondents) == (3, 3)
    respondent(assessment, {"goals": ("1", "1")})
    respondent(assessment, {"goals": ("5", "5")})
    domain.submit_response(_empty_response(assessment), None)  # counts nowhere
    second = build_report(assessment, "en")
    assert (second.results, second.interim) == (first.results, first.interim)
    assert second.respondents == 6  # the count of submitted responses moves; nothing else
    respondent(assessment, {"goals": ("3", "3")})
    third = build_report(assessment, "en")
    assert third.interim is not None and third.results is not None
    assert (third.interim.respondents, third.results.respondents) == (6, 6)


def _empty_response(assessment: Assessment) -> Response:
    token = domain.create_links(assessment, 1)[0]
    invitation = domain.find_invitation(token)
    assert invitation is not None
    return domain.start_response(invitation, token)


def test_an_amended_answer_does_not_show_through_the_snapshot(world: World) -> None:
    assessment = interim_on(world)
    before = build_report(assessment, "en").results
    token = world.a.answered[0]
    response = domain.find_response(token)
    assert response is not None and assessment.allow_amend
    domain.save_answer(response, "goals", "current", "5")
    assert build_report(assessment, "en").results == before


def test_the_interim_dashboard_says_what_it_is_and_shows_no_comments(world: World) -> None:
    assessment = interim_on(world)
    respondent(assessment, LEVELS, comment="A remark")
    respondent(assessment, LEVELS, comment="Another remark")
    respondent(assessment, LEVELS, comment="A third remark")
    html = logged_in(world.a.viewer).get(f"/assessments/{assessment.pk}/dashboard/").text
    assert "Interim results of 6 respondents" in html
    assert "refreshed after every 3 new respondents" in html
    assert "remark" not in html and "Comments appear once the assessment is closed" in html
    assert 'id="profile"' in html
    assert f"/assessments/{assessment.pk}/export/responses" not in html


def test_an_interim_snapshot_may_be_exported_but_the_responses_may_not(world: World) -> None:
    assessment = interim_on(world)
    owner = logged_in(world.a.owner)
    statuses = {
        n: owner.get(f"/assessments/{assessment.pk}/export/{n}").status_code for n in EXPORTS
    }
    assert statuses == {n: 409 if n.startswith("responses") else 200 for n in EXPORTS}
    assert owner.get(f"/assessments/{assessment.pk}/report.pdf?lang=en").status_code == 200


def test_erasing_a_respondent_removes_their_row_from_the_snapshot(world: World) -> None:
    assessment = interim_on(world)
    domain.erase_response(assessment, world.a.answered[0], by=world.a.owner)
    snapshot = ResultsSnapshot.objects.get(assessment=assessment)
    assert (snapshot.counting_respondents, len(snapshot.rows)) == (2, 2)


def test_closing_shows_the_live_results_and_drops_the_snapshots(world: World) -> None:
    assessment = interim_on(world)
    respondent(assessment, {"goals": ("5", "5")})
    closed = domain.close_assessment(assessment, world.a.owner)
    report = build_report(closed, "en")
    assert report.results is not None and report.results.respondents == 4
    assert report.interim is None and not ResultsSnapshot.objects.exists()


# --- comments -----------------------------------------------------------------------------------


def test_comments_appear_once_closed_in_a_fixed_random_order(world: World) -> None:
    assessment = world.a.assessment
    texts = [f"Comment {letter}" for letter in "ABCDEFGH"]
    for text in texts:
        respondent(assessment, LEVELS, comment=text)
    assert build_report(assessment, "en").comments == ()
    closed = domain.close_assessment(assessment, world.a.owner)
    seed = comment_seed(closed)
    expected = sorted(texts, key=lambda t: hashlib.sha256(seed + t.encode()).digest())
    shown = build_report(closed, "en").comments
    assert [c.shown for c in shown] == [tuple(expected)]
    assert expected not in (texts, texts[::-1])  # neither the order of submission nor of text
    assert build_report(closed, "en").comments == shown


def test_imported_rows_do_not_count_towards_the_next_refresh(world: World) -> None:
    """An editor knows the rows they import; if those counted towards k, one new respondent
    plus k - 1 imported rows would refresh the snapshot and single that respondent out."""
    assessment = interim_on(world)  # a snapshot of the 3 who answered through a link
    model = assessment.capability_model
    header = header_row(model)
    lines = [",".join(header)]
    for i in range(3):
        cells = [f"imp{i}", "staff", "Policy", "internal"] + ["4"] * (len(header) - 4)
        lines.append(",".join(cells))
    domain.import_responses(assessment, parse_responses_csv(model, "\n".join(lines)))
    respondent(assessment, {"goals": ("1", "1")})
    snapshot = ResultsSnapshot.objects.get(assessment=assessment)
    assert (snapshot.counting_respondents, snapshot.live_respondents) == (3, 3)
    respondent(assessment, {"goals": ("1", "1")})
    respondent(assessment, {"goals": ("1", "1")})
    snapshot = ResultsSnapshot.objects.get(assessment=assessment)
    assert (snapshot.counting_respondents, snapshot.live_respondents) == (9, 6)

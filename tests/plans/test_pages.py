"""The plan pages: editors add, change and delete actions, viewers read, other organisations
see nothing; bad input names its field and changes nothing."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from django.test import Client
from reports.conftest import add_responses

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.audit.models import AuditEvent
from partnerscan.plans.models import Action

pytestmark = pytest.mark.django_db

FORM = {
    "aspect": "goals",
    "target_level": "4",
    "description": "Write down what we want from partners.",
    "owner": "Sam de Vries",
    "due_on": "2026-09-01",
    "status": "planned",
}


def stored(action: Action) -> dict[str, Any]:
    action.refresh_from_db()
    names = ("aspect", "target_level", "description", "owner", "due_on", "status")
    return {name: getattr(action, name) for name in names}


def events(assessment: Assessment) -> list[tuple[str, str]]:
    found = AuditEvent.objects.filter(assessment=assessment).order_by("id")
    return [(e.action, e.detail) for e in found if e.action.startswith("action_")]


def test_an_editor_adds_an_action(assessment_a: Assessment, as_dave: Client) -> None:
    response = as_dave.post(f"/assessments/{assessment_a.pk}/actions/new/", FORM)
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment_a.pk}/actions/"
    action = Action.objects.get(assessment=assessment_a)
    assert stored(action) == {
        "aspect": "goals",
        "target_level": 4,
        "description": "Write down what we want from partners.",
        "owner": "Sam de Vries",
        "due_on": dt.date(2026, 9, 1),
        "status": "planned",
    }
    assert action.created_by is not None and action.created_by.email == "dave@example.org"
    assert events(assessment_a) == [("action_added", f"action {action.pk} on goals")]


def test_an_editor_changes_an_action(
    assessment_a: Assessment, action_a: Action, as_dave: Client
) -> None:
    data = {**FORM, "aspect": "themes", "target_level": "", "due_on": ""}
    response = as_dave.post(f"/actions/{action_a.pk}/edit/", data)
    assert response.status_code == 302
    assert stored(action_a) == {
        "aspect": "themes",
        "target_level": None,
        "description": "Write down what we want from partners.",
        "owner": "Sam de Vries",
        "due_on": None,
        "status": "planned",
    }
    detail = f"action {action_a.pk} on themes; changed target_level, description, owner, due_on"
    assert events(assessment_a)[-1] == ("action_changed", detail)


def test_saving_an_unchanged_action_writes_nothing(
    assessment_a: Assessment, action_a: Action, as_dave: Client
) -> None:
    page = as_dave.get(f"/actions/{action_a.pk}/edit/")
    assert 'value="2026-06-30"' in page.content.decode()
    data = {**stored(action_a), "due_on": "2026-06-30"}
    assert as_dave.post(f"/actions/{action_a.pk}/edit/", data).status_code == 302
    assert [kind for kind, _detail in events(assessment_a)] == ["action_added"]


def test_an_editor_deletes_an_action_after_confirming(
    assessment_a: Assessment, action_a: Action, as_dave: Client
) -> None:
    confirm = as_dave.get(f"/actions/{action_a.pk}/delete/")
    assert "Choose three themes with the board." in confirm.content.decode()
    assert Action.objects.filter(pk=action_a.pk).exists()
    response = as_dave.post(f"/actions/{action_a.pk}/delete/")
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action_a.pk).exists()
    assert events(assessment_a)[-1] == ("action_deleted", f"action {action_a.pk} on themes")


def test_the_status_changes_without_javascript(
    assessment_a: Assessment, action_a: Action, as_dave: Client
) -> None:
    response = as_dave.post(f"/actions/{action_a.pk}/status/", {"status": "in_progress"})
    assert response.status_code == 302
    assert stored(action_a)["status"] == "in_progress"
    plan = as_dave.get(response["Location"]).content.decode()
    assert "The status has been saved." in plan
    assert '<option value="in_progress" selected>' in plan


def test_the_status_changes_with_htmx(action_a: Action, as_dave: Client) -> None:
    response = as_dave.post(
        f"/actions/{action_a.pk}/status/", {"status": "done"}, headers={"HX-Request": "true"}
    )
    assert (response.status_code, response.content.decode().strip()) == (200, "Saved: done")
    assert stored(action_a)["status"] == "done"


def test_an_unknown_status_changes_nothing(action_a: Action, as_dave: Client) -> None:
    url = f"/actions/{action_a.pk}/status/"
    htmx = as_dave.post(url, {"status": "finished"}, headers={"HX-Request": "true"})
    plain = as_dave.post(url, {"status": "finished"}, follow=True)
    assert htmx.status_code == 422
    assert "Choose one of the statuses in the list." in plain.content.decode()
    assert stored(action_a)["status"] == "planned"


def test_actions_can_be_planned_after_closing(assessment_a: Assessment, as_dave: Client) -> None:
    domain.close_assessment(assessment_a)
    response = as_dave.post(f"/assessments/{assessment_a.pk}/actions/new/", FORM)
    assert response.status_code == 302
    action = Action.objects.get(assessment=assessment_a)
    assert as_dave.post(f"/actions/{action.pk}/status/", {"status": "done"}).status_code == 302
    assert stored(action)["status"] == "done"


def test_a_lead_fills_in_its_aspect_next_step_and_one_level_up(
    assessment_a: Assessment, as_dave: Client
) -> None:
    add_responses(assessment_a, 6)
    results = assessment_results(assessment_a, "en")
    assert results is not None
    lead = results.leads[0]
    response = as_dave.get(f"/assessments/{assessment_a.pk}/actions/new/?aspect={lead.aspect}")
    html = unescape(response.content.decode())
    assert f'<option value="{lead.aspect}" selected>' in html
    assert f'<option value="{min(lead.level + 1, 5)}" selected>' in html
    assert f">\n{lead.next_step}</textarea>" in html


def test_without_results_a_lead_link_fills_in_only_the_aspect(
    assessment_a: Assessment, as_dave: Client
) -> None:
    html = as_dave.get(f"/assessments/{assessment_a.pk}/actions/new/?aspect=learning")
    assert '<option value="learning" selected>' in html.content.decode()
    assert '<option value="" selected>(none)</option>' in html.content.decode()


def test_the_aspect_select_groups_the_models_aspects_by_condition(
    assessment_a: Assessment, as_dave: Client
) -> None:
    html = as_dave.get(f"/assessments/{assessment_a.pk}/actions/").content.decode()
    select = html.split('name="aspect"', 1)[1].split("</select>", 1)[0]
    groups = [part.split('"', 1)[0] for part in select.split('<optgroup label="')[1:]]
    assert groups == ["Strategy", "Culture"]
    levels = html.split('name="target_level"', 1)[1].split("</select>", 1)[0]
    assert "4 · Integrated" in levels


# Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("aspect", "not-an-aspect", "Aspect"),
        ("target_level", "7", "Target level"),
        ("due_on", "31-31-2026", "Due date"),
        ("owner", "", "Owner"),
    ],
)
def test_bad_input_names_the_field_and_adds_nothing(
    assessment_a: Assessment, as_dave: Client, field: str, value: str, label: str
) -> None:
    response = as_dave.post(f"/assessments/{assessment_a.pk}/actions/new/", {**FORM, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<li><a href="#id_{field}">{label}</a>:' in html
    assert f'id="id_{field}_error"' in html
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("aspect", "not-an-aspect"), ("target_level", "7"), ("due_on", "soon")]
)
def test_bad_input_changes_nothing_in_an_action(
    action_a: Action, as_dave: Client, field: str, value: str
) -> None:
    before = stored(action_a)
    response = as_dave.post(f"/actions/{action_a.pk}/edit/", {**FORM, field: value})
    assert response.status_code == 200
    assert f'<a href="#id_{field}">' in response.content.decode()
    assert stored(action_a) == before


# Who may do what ---------------------------------------------------------------------------


def test_a_viewer_reads_the_plan_without_forms(
    assessment_a: Assessment, action_a: Action, as_bob: Client
) -> None:
    html = as_bob.get(f"/assessments/{assessment_a.pk}/actions/").content.decode()
    assert "Choose three themes with the board." in html
    assert "Fatima Jansen" in html
    assert "<form" not in html.split('<main id="main"', 1)[1]
    assert f"/actions/{action_a.pk}/edit/" not in html


def write_urls(assessment: Assessment, action: Action) -> list[tuple[str, str]]:
    return [
        ("GET", f"/assessments/{assessment.pk}/actions/new/"),
        ("POST", f"/assessments/{assessment.pk}/actions/new/"),
        ("GET", f"/actions/{action.pk}/edit/"),
        ("POST", f"/actions/{action.pk}/edit/"),
        ("GET", f"/actions/{action.pk}/delete/"),
        ("POST", f"/actions/{action.pk}/delete/"),
        ("POST", f"/actions/{action.pk}/status/"),
    ]


def status_of(client: Client, method: str, url: str) -> int:
    data = {**FORM, "status": "done"}
    return (client.get(url) if method == "GET" else client.post(url, data)).status_code


def test_a_viewer_may_not_change_the_plan(
    assessment_a: Assessment, action_a: Action, as_bob: Client
) -> None:
    before = stored(action_a)
    statuses = {f"{m} {u}": status_of(as_bob, m, u) for m, u in write_urls(assessment_a, action_a)}
    assert statuses == dict.fromkeys(statuses, 403)
    assert stored(action_a) == before
    assert Action.objects.count() == 1


def test_another_organisation_finds_no_plan_url(
    assessment_a: Assessment, action_a: Action, org_b: object, as_charlie: Client
) -> None:
    urls = [("GET", f"/assessments/{assessment_a.pk}/actions/")]
    urls += write_urls(assessment_a, action_a)
    statuses = {f"{m} {u}": status_of(as_charlie, m, u) for m, u in urls}
    assert statuses == dict.fromkeys(statuses, 404)
    assert stored(action_a)["status"] == "planned"


def test_an_action_that_does_not_exist_is_not_found(as_dave: Client) -> None:
    assert as_dave.get("/actions/999999/edit/").status_code == 404

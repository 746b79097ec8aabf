"""The write endpoints: each does what its page does through the same workflow, needs a token
that writes and the page's role, answers a 404 for another organisation's object, a 422 that
names the field for bad input (changing nothing), and leaves an audit event that says it came
through the token."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Assessment, Invitation
from partnerscan.audit.models import AuditEvent
from partnerscan.plans.models import Action

from .conftest import World, api, token_for

pytestmark = pytest.mark.django_db


def writer(world: World, role: str = "editor") -> Any:
    return api(token_for(getattr(world.a, role), world.a.organisation, "write"))


def post(client: Any, url: str, body: Any, method: str = "post") -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def draft(world: World) -> Assessment:
    return assessments.create_assessment(
        world.a.organisation, world.a.owner, title="Draft", min_group=3
    )


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()  # type: ignore[return-value]


# --- assessments ----------------------------------------------------------------------------


def test_an_editor_creates_a_draft_with_the_pages_defaults(world: World) -> None:
    got = post(writer(world), "/api/v1/assessments/", {"title": "Spring scan"})
    assert got.status_code == 201, got.content
    body = got.json()
    made = Assessment.objects.get(pk=body["id"])
    assert (made.title, made.state, made.organisation) == (
        "Spring scan",
        "draft",
        world.a.organisation,
    )
    assert (made.min_group, made.allow_amend, made.departments) == (5, True, ["Policy"])
    assert sorted(made.languages) == ["en", "nl"]
    assert body["model"] == {"id": made.model_id, "version": made.model_version}
    event = last_event()
    assert (event.action, event.user, event.assessment) == (
        "assessment_created",
        world.a.editor,
        made,
    )
    assert event.params["via"]["api_token"] > 0
    assert "via API token" in event.detail


def test_creating_takes_every_setting_of_the_form(world: World) -> None:
    body = {
        "title": "Full",
        "model": "partnership-capability@1.0",
        "goal": "Better partnering",
        "challenge_shares": {"chain": 0.4, "regional": 0.35, "innovation": 0.25},
        "languages": ["en"],
        "min_group": 4,
        "departments": ["Policy", "Care"],
        "opens_on": "2027-01-01",
        "closes_on": "2027-02-01",
        "allow_amend": False,
        "retention_days": 30,
    }
    got = post(writer(world), "/api/v1/assessments/", body)
    assert got.status_code == 201, got.content
    made = Assessment.objects.get(pk=got.json()["id"])
    assert (made.model_version, made.goal, made.languages, made.min_group) == (
        "1.0",
        "Better partnering",
        ["en"],
        4,
    )
    assert made.shares == {"chain": 0.4, "regional": 0.35, "innovation": 0.25}
    assert (made.allow_amend, made.retention_days, made.departments) == (
        False,
        30,
        ["Policy", "Care"],
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x", "min_group": 2}, "min_group"),
        (
            {"title": "x", "challenge_shares": {"chain": 0.5, "regional": 0.1, "innovation": 0.1}},
            "challenge_shares",
        ),
        ({"title": "x", "opens_on": "2027-02-01", "closes_on": "2027-01-01"}, "closes_on"),
        ({"title": "x", "model": "nothing@9"}, "model"),
        ({"title": "x", "languages": ["fr"]}, "languages.0"),
        ({}, "title"),
    ],
)
def test_bad_settings_are_a_422_that_names_the_field_and_nothing_is_made(
    world: World, body: dict[str, Any], field: str
) -> None:
    before = Assessment.objects.count()
    got = post(writer(world), "/api/v1/assessments/", body)
    assert got.status_code == 422, got.content
    assert field in [error["field"] for error in got.json()["errors"]]
    assert got.json()["detail"]
    assert Assessment.objects.count() == before


def test_an_editor_cannot_share_in_the_pool_an_owner_can(world: World) -> None:
    got = post(writer(world), "/api/v1/assessments/", {"title": "x", "in_pool": True})
    assert (got.status_code, got.json()["errors"][0]["field"]) == (422, "in_pool")
    got = post(writer(world, "owner"), "/api/v1/assessments/", {"title": "x", "in_pool": True})
    assert got.status_code == 201


def test_a_read_token_may_not_write_and_is_told_why(world: World) -> None:
    reader = api(token_for(world.a.owner, world.a.organisation, "read"))
    got = post(reader, "/api/v1/assessments/", {"title": "x"})
    assert got.status_code == 403
    assert "only reads" in got.json()["detail"]
    assert not Assessment.objects.filter(title="x").exists()


def test_a_viewer_may_not_write_even_with_a_token_made_when_editor(world: World) -> None:
    from partnerscan.accounts import domain as accounts_domain

    token = token_for(world.a.editor, world.a.organisation, "write")
    membership = world.a.organisation.memberships.get(user=world.a.editor)
    accounts_domain.change_member_role(membership, "viewer", by=world.a.owner)
    got = post(api(token), "/api/v1/assessments/", {"title": "x"})
    assert got.status_code == 403


def test_updating_changes_only_what_is_given_and_is_audited(world: World) -> None:
    round_ = draft(world)
    url = f"/api/v1/assessments/{round_.pk}/"
    got = post(writer(world), url, {"title": "New title", "min_group": 7}, "patch")
    assert got.status_code == 200, got.content
    round_.refresh_from_db()
    assert (round_.title, round_.min_group, round_.departments) == ("New title", 7, ["Policy"])
    event = last_event()
    assert (event.action, event.params["fields"]) == ("settings_changed", ["title", "min_group"])
    assert event.params["via"]["prefix"].startswith("psk_")


def test_a_closed_rounds_settings_are_a_422(world: World) -> None:
    url = f"/api/v1/assessments/{world.a.closed.pk}/"
    got = post(writer(world), url, {"title": "Changed"}, "patch")
    assert (got.status_code, got.json()["errors"][0]["field"]) == (422, "title")
    world.a.closed.refresh_from_db()
    assert world.a.closed.title == "Scan A"


def test_open_and_close_as_the_page_does(world: World) -> None:
    round_ = draft(world)
    client = writer(world)
    got = client.post(f"/api/v1/assessments/{round_.pk}/open/")
    assert (got.status_code, got.json()["state"]) == (200, "open")
    assert last_event().action == "opened"
    got = post(client, f"/api/v1/assessments/{round_.pk}/close/", {})
    assert (got.status_code, got.json()["state"]) == (200, "closed")
    assert last_event().action == "closed"
    got = client.post(f"/api/v1/assessments/{round_.pk}/open/")
    assert got.status_code == 422
    assert "cannot be opened again" in got.json()["detail"]


def test_a_follow_up_copies_the_round(world: World) -> None:
    client = writer(world)
    got = post(client, f"/api/v1/assessments/{world.a.closed.pk}/follow-up/", {"title": "Round 2"})
    assert got.status_code == 201, got.content
    new = Assessment.objects.get(pk=got.json()["id"])
    assert (new.title, new.previous, new.state) == ("Round 2", world.a.closed, "draft")
    event = AuditEvent.objects.get(assessment=new, action="assessment_created")
    assert (event.user, "via" in event.params) == (world.a.editor, True)
    again = post(client, f"/api/v1/assessments/{world.a.closed.pk}/follow-up/", {})
    assert again.status_code == 422
    assert "already has a follow-up" in again.json()["detail"]


def test_a_follow_up_of_a_draft_is_refused(world: World) -> None:
    got = post(writer(world), f"/api/v1/assessments/{draft(world).pk}/follow-up/", {})
    assert got.status_code == 422


# --- invitations ----------------------------------------------------------------------------


def test_invitations_are_queued_once_per_address_and_counted_in_the_log(world: World) -> None:
    round_ = draft(world)
    rows = [
        {"email": "a@example.org", "department": "Policy", "group": "internal"},
        {"email": "B@example.org ", "language": "en"},
        {"email": "a@example.org"},
    ]
    url = f"/api/v1/assessments/{round_.pk}/invitations/"
    got = post(writer(world), url, {"invitations": rows})
    assert (got.status_code, got.json()) == (201, {"added": 2, "skipped": 1})
    assert sorted(round_.invitations.values_list("email", "language")) == [
        ("a@example.org", "nl"),
        ("b@example.org", "en"),
    ]
    event = last_event()
    assert (event.action, event.params["count"]) == ("invitations_added", 2)
    assert "example.org" not in event.detail
    assert mail.outbox == []


def test_bad_invitation_rows_name_their_lines_and_add_nothing(world: World) -> None:
    round_ = draft(world)
    rows = [
        {"email": "ok@example.org"},
        {"email": "not-an-address"},
        {"email": "x@example.org", "department": "Nope"},
    ]
    got = post(
        writer(world), f"/api/v1/assessments/{round_.pk}/invitations/", {"invitations": rows}
    )
    assert got.status_code == 422
    assert got.json()["errors"][0]["field"] == "invitations"
    assert "Line 2: “not-an-address” is not an e-mail address" in got.json()["detail"]
    assert "Line 3: department “Nope”" in got.json()["detail"]
    assert round_.invitations.count() == 0


def test_personal_links_are_returned_once(world: World) -> None:
    round_ = draft(world)
    got = post(writer(world), f"/api/v1/assessments/{round_.pk}/links/", {"count": 3})
    assert got.status_code == 201
    links = got.json()["links"]
    assert len(links) == 3 and all("/r/" in link for link in links)
    assert round_.invitations.filter(kind=Invitation.Kind.LINK).count() == 3
    assert last_event().params == {"kind": "links", "count": 3, "via": last_event().params["via"]}
    bad = post(writer(world), f"/api/v1/assessments/{round_.pk}/links/", {"count": 0})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "count")


def test_the_open_link_switches_on_with_its_url_and_off(world: World) -> None:
    round_ = draft(world)
    url = f"/api/v1/assessments/{round_.pk}/open-link/"
    client = writer(world)
    got = post(client, url, {"on": True, "cap": 20}, "put")
    assert got.status_code == 200, got.content
    body = got.json()
    assert (body["on"], body["cap"], body["needs_access_code"]) == (True, 20, False)
    assert "/o/" in body["url"] or body["url"].startswith("http")
    assert assessments.find_open_link(body["url"].rstrip("/").rsplit("/", 1)[-1]) == round_
    assert last_event().code == "open_link_enabled"
    got = post(client, url, {"on": False}, "put")
    assert (got.status_code, got.json()["on"], got.json()["url"]) == (200, False, None)
    assert last_event().code == "open_link_disabled"
    bad = post(client, url, {"on": True, "cap": 0}, "put")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "cap")


# --- action plans ---------------------------------------------------------------------------


def test_an_action_is_added_read_and_its_status_changed(world: World) -> None:
    client = writer(world)
    url = f"/api/v1/assessments/{world.a.closed.pk}/plan/?lang=en"
    got = post(client, url, {"aspect": "goals", "description": "Write it down", "owner": "Sam"})
    assert got.status_code == 201, got.content
    action_id = got.json()["id"]
    assert (got.json()["status"], got.json()["owner"]) == ("planned", "Sam")
    assert last_event().action == "action_added"
    got = post(client, f"/api/v1/actions/{action_id}/", {"status": "done"}, "patch")
    assert (got.status_code, got.json()["status"]) == (200, "done")
    event = last_event()
    assert (event.action, event.params["status"]) == ("action_changed", "done")
    assert "through API token" in event.sentence
    assert client.get(f"/api/v1/actions/{action_id}/").json()["status"] == "done"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"aspect": "nothing", "description": "x", "owner": "y"}, "aspect"),
        ({"aspect": "goals", "description": "", "owner": "y"}, "description"),
        ({"aspect": "goals", "description": "x"}, "owner"),
        ({"aspect": "goals", "description": "x", "owner": "y", "target_level": 9}, "target_level"),
        ({"aspect": "goals", "description": "x", "owner": "y", "status": "maybe"}, "status"),
    ],
)
def test_a_bad_action_is_a_422_naming_the_field(
    world: World, body: dict[str, Any], field: str
) -> None:
    before = Action.objects.count()
    got = post(writer(world), f"/api/v1/assessments/{world.a.closed.pk}/plan/", body)
    assert got.status_code == 422, got.content
    assert field in [error["field"] for error in got.json()["errors"]]
    assert Action.objects.count() == before


# --- another organisation, exports ----------------------------------------------------------


WRITES = [
    ("patch", "/api/v1/assessments/{b}/", {"title": "x"}),
    ("post", "/api/v1/assessments/{b}/open/", {}),
    ("post", "/api/v1/assessments/{b}/close/", {}),
    ("post", "/api/v1/assessments/{b}/follow-up/", {}),
    ("post", "/api/v1/assessments/{b}/invitations/", {"invitations": [{"email": "a@b.nl"}]}),
    ("post", "/api/v1/assessments/{b}/links/", {"count": 1}),
    ("put", "/api/v1/assessments/{b}/open-link/", {"on": True}),
    (
        "post",
        "/api/v1/assessments/{b}/plan/",
        {"aspect": "goals", "description": "x", "owner": "y"},
    ),
    ("patch", "/api/v1/actions/{action}/", {"status": "done"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_another_organisations_object_is_a_404_and_unchanged(
    world: World, method: str, path: str, body: dict[str, Any]
) -> None:
    client = writer(world, "owner")
    before = AuditEvent.objects.count()
    action = world.b.closed.actions.get()
    url = path.format(b=world.b.open.pk, action=action.pk)
    got = post(client, url, body, method)
    assert got.status_code == 404
    assert AuditEvent.objects.count() == before


def test_the_export_files_are_the_pages(world: World) -> None:
    from support import logged_in

    closed = world.a.closed
    owner = api(token_for(world.a.owner, world.a.organisation))
    for name, content_type in [
        ("results.csv", "text/csv; charset=utf-8"),
        ("results.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("results.json", "application/json"),
        ("responses.csv", "text/csv; charset=utf-8"),
        ("responses.sav", "application/x-spss-sav"),
    ]:
        got = owner.get(f"/api/v1/assessments/{closed.pk}/exports/{name}?lang=en")
        assert (got.status_code, got["Content-Type"]) == (200, content_type), name
        if name.endswith(("csv", "json")):
            page = logged_in(world.a.owner).get(f"/assessments/{closed.pk}/export/{name}?lang=en")
            assert b"".join(got.streaming_content if got.streaming else [got.content]) == b"".join(
                page.streaming_content if page.streaming else [page.content]
            )
    assert last_event().params["via"]["api_token"] > 0


def test_the_rows_are_for_owners_and_closed_rounds_only(world: World) -> None:
    viewer = api(token_for(world.a.viewer, world.a.organisation))
    got = viewer.get(f"/api/v1/assessments/{world.a.closed.pk}/exports/responses.csv")
    assert got.status_code == 403
    owner = api(token_for(world.a.owner, world.a.organisation))
    got = owner.get(f"/api/v1/assessments/{world.a.open.pk}/exports/responses.csv")
    assert got.status_code == 409
    got = owner.get(f"/api/v1/assessments/{world.b.closed.pk}/exports/results.csv")
    assert got.status_code == 404
    got = owner.get(f"/api/v1/assessments/{world.a.closed.pk}/exports/results.pdf")
    assert (got.status_code, got.json()["errors"][0]["field"]) == (422, "name")


def test_a_responses_file_the_worker_makes_is_refused_with_the_page_to_ask_on(
    world: World, settings: Any
) -> None:
    closed = world.a.closed
    settings.EXPORT_IN_REQUEST_MAX = closed.responses.counting().count() - 1
    owner = api(token_for(world.a.owner, world.a.organisation))
    got = owner.get(f"/api/v1/assessments/{closed.pk}/exports/responses.xlsx")
    assert got.status_code == 409
    assert f"/assessments/{closed.pk}/export/responses.xlsx" in got.json()["detail"]
    # The results stay small whatever the round's size: still a file.
    assert owner.get(f"/api/v1/assessments/{closed.pk}/exports/results.csv").status_code == 200


def test_the_api_offers_exactly_the_pages_files() -> None:
    from typing import get_args

    from partnerscan.api.exports import FileName
    from partnerscan.reports.export_files import FILES

    assert set(get_args(get_args(FileName)[0])) == set(FILES)


def test_a_required_field_set_to_null_is_a_422(world: World) -> None:
    """Found by schemathesis: a null owner reached the database."""
    action = world.a.closed.actions.get()
    got = post(writer(world), f"/api/v1/actions/{action.pk}/", {"owner": None}, "patch")
    assert (got.status_code, got.json()["errors"][0]["field"]) == (422, "owner")
    action.refresh_from_db()
    assert action.owner == "Kim"


def test_refusals_speak_dutch_to_a_dutch_client(world: World) -> None:
    reader = api(token_for(world.a.owner, world.a.organisation, "read"), lang="nl")
    got = post(reader, "/api/v1/assessments/", {"title": "x"})
    assert got.json()["detail"].startswith("Dit token kan alleen lezen.")
    client = api(token_for(world.a.owner, world.a.organisation, "write"), lang="nl")
    got = post(client, "/api/v1/assessments/", {"title": "x", "min_group": 2})
    assert got.json()["errors"] == [
        {
            "field": "min_group",
            "message": "Minstens 3: bij kleinere groepen zijn antwoorden van personen te "
            "herkennen.",
        }
    ]


def test_a_body_too_large_is_a_400_in_json(world: World) -> None:
    """Found by schemathesis: Django's own 400 page was HTML."""
    rows = [{"email": f"person{i}@example.org", "role": "x" * 200} for i in range(20_000)]
    got = post(
        writer(world), f"/api/v1/assessments/{draft(world).pk}/invitations/", {"invitations": rows}
    )
    assert (got.status_code, got["Content-Type"]) == (400, "application/json; charset=utf-8")
    assert got.json()["detail"].startswith("The request is too large")

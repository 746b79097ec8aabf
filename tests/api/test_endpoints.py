"""The read endpoints, for a token of each role: what they answer, and that it is what the
pages show."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from support import logged_in

from partnerscan.accounts import domain as accounts_domain
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.domain import interim
from partnerscan.assessments.models import Answer, Response
from partnerscan.audit.models import AuditEvent
from partnerscan.plans import domain as plans

from .conftest import World, api, token_for

pytestmark = pytest.mark.django_db

ROLES = ("owner", "editor", "viewer")


@pytest.fixture(params=ROLES)
def token_a(request: pytest.FixtureRequest, world: World) -> str:
    """A read token of org A, of each member in turn: every role reads everything here."""
    return token_for(getattr(world.a, request.param), world.a.organisation)


def test_organisations_lists_only_the_tokens_organisation(world: World, token_a: str) -> None:
    org = world.a.organisation
    assert api(token_a).get("/api/v1/organisations/").json() == [
        {"id": org.pk, "name": "Org A", "sector": "", "size": "", "departments": ["Policy"]}
    ]
    assert api(token_a).get(f"/api/v1/organisations/{org.pk}/").json()["name"] == "Org A"


def test_members_are_listed_with_their_roles(world: World, token_a: str) -> None:
    url = f"/api/v1/organisations/{world.a.organisation.pk}/members/"
    assert api(token_a).get(url).json() == [
        {"email": "alice@example.org", "name": "Alice", "role": "owner"},
        {"email": "bob@example.org", "name": "Bob", "role": "viewer"},
        {"email": "dave@example.org", "name": "Dave", "role": "editor"},
    ]


def test_assessments_lists_the_organisations_rounds_with_counts(world: World, token_a: str) -> None:
    rounds = api(token_a).get("/api/v1/assessments/").json()
    assert [(r["id"], r["title"], r["state"]) for r in rounds] == [
        (world.a.open.pk, "Open round", "open"),
        (world.a.closed.pk, "Scan A", "closed"),
    ]
    closed = rounds[1]
    assert closed["model"] == {"id": "partnership-capability", "version": "1.1"}
    assert closed["counts"] == {"invited": 0, "submitted": 6}
    assert closed["closed_at"] is not None


def test_an_assessment_has_its_details_and_all_counts(world: World, token_a: str) -> None:
    found = api(token_a).get(f"/api/v1/assessments/{world.a.closed.pk}/").json()
    assert found["counts"] == {
        "invited": 0,
        "submitted": 0,
        "started": 0,
        "visits": 0,
        "visits_started": 0,
        "visits_submitted": 0,
        "imported": 0,
        "response_rate": None,
    }
    assert (found["min_group"], found["departments"], found["goal"]) == (5, ["Policy"], "")


def test_the_results_are_the_dashboards_json_export(world: World, token_a: str) -> None:
    closed = world.a.closed
    for lang in ("nl", "en"):
        page = logged_in(world.a.viewer).get(
            f"/assessments/{closed.pk}/export/results.json?lang={lang}"
        )
        got = api(token_a).get(f"/api/v1/assessments/{closed.pk}/results/?lang={lang}")
        assert got.status_code == 200
        assert got.content == page.content
        assert got.json() == json.loads(page.content)
        assert got.json()["lang"] == lang
    assert got.json()["partner_view"] is not None


def test_the_results_speak_the_accept_language_without_lang(world: World) -> None:
    token = token_for(world.a.viewer, world.a.organisation)
    got = api(token, lang="nl").get(f"/api/v1/assessments/{world.a.closed.pk}/results/")
    assert got.json()["lang"] == "nl"


def test_reading_the_results_is_in_the_audit_log(world: World) -> None:
    token = token_for(world.a.viewer, world.a.organisation)
    api(token).get(f"/api/v1/assessments/{world.a.closed.pk}/results/")
    event = AuditEvent.objects.filter(code="api_exported").get()
    assert (event.user, event.assessment, event.action) == (
        world.a.viewer,
        world.a.closed,
        "exported",
    )
    assert event.sentence.startswith("the results as JSON, through API token ")


def test_an_open_round_without_interim_results_is_a_409_that_says_why(world: World) -> None:
    token = token_for(world.a.owner, world.a.organisation)
    got = api(token).get(f"/api/v1/assessments/{world.a.open.pk}/results/")
    assert got.status_code == 409
    assert got.json() == {
        "detail": "The assessment is open: its results can be read once it is closed, or "
        "earlier as interim results if an owner turns them on and enough respondents have "
        "answered."
    }


def test_the_409_speaks_dutch_to_a_dutch_client(world: World) -> None:
    token = token_for(world.a.owner, world.a.organisation)
    got = api(token, lang="nl").get(f"/api/v1/assessments/{world.a.open.pk}/results/")
    assert got.status_code == 409
    assert got.json()["detail"].startswith("De ")


def test_a_bad_language_is_a_422_that_names_the_field(world: World) -> None:
    token = token_for(world.a.owner, world.a.organisation)
    got = api(token).get(f"/api/v1/assessments/{world.a.closed.pk}/results/?lang=fr")
    assert got.status_code == 422
    assert got.json()["detail"].startswith("lang: ")
    assert got.json()["errors"][0]["field"] == "lang"


@pytest.mark.parametrize("bad", ["abc", "0", "-1", str(2**63), "9" * 30])
def test_an_id_that_cannot_be_one_is_a_422(world: World, bad: str) -> None:
    token = token_for(world.a.owner, world.a.organisation)
    got = api(token).get(f"/api/v1/assessments/{bad}/")
    assert got.status_code == 422
    assert got.json()["errors"][0]["field"] == "assessment_id"


def test_the_plan_lists_the_actions(world: World, token_a: str) -> None:
    got = api(token_a).get(f"/api/v1/assessments/{world.a.closed.pk}/plan/?lang=en").json()
    assert [(a["aspect"], a["description"], a["owner"], a["status"]) for a in got] == [
        ("goals", "Agree goals", "Kim", "planned")
    ]
    assert got[0]["status_label"] == "planned"
    assert got[0]["aspect_name"] != ""


def test_the_document_is_openapi_3_1_and_describes_every_error(world: World) -> None:
    document = api("").get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            success = "201" if {"201"} & codes else "200"
            assert {success, "401", "403", "404", "422", "429"} <= codes, (method, path)
    assert (
        "409"
        in document["paths"]["/api/v1/assessments/{assessment_id}/results/"]["get"]["responses"]
    )
    # A field the results JSON leaves out is left out of the document too.
    assert set(document["components"]["schemas"]["Score"]["properties"]) == {"n", "mean"}


def test_the_results_schema_has_every_key_of_the_results_json(world: World) -> None:
    document = api("").get("/api/v1/openapi.json").json()
    token = token_for(world.a.viewer, world.a.organisation)
    data = api(token).get(f"/api/v1/assessments/{world.a.closed.pk}/results/").json()
    assert set(document["components"]["schemas"]["Results"]["properties"]) == set(data)


def test_the_docs_page_loads_nothing_from_elsewhere(world: World) -> None:
    page = api("").get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html


def test_an_open_round_with_interim_results_gives_the_snapshot_as_the_page_does(
    world: World,
) -> None:
    opened = world.a.open
    aspects = [a.id for a in opened.capability_model.aspects]
    responses = Response.objects.bulk_create(
        Response(assessment=opened, submitted=True, role="staff", group="internal")
        for _ in range(4)
    )
    Answer.objects.bulk_create(
        Answer(response=r, aspect=aspect, current=1 + (i + j) % 5, ambition=5)
        for i, r in enumerate(responses)
        for j, aspect in enumerate(aspects)
    )
    interim.set_interim_results(opened, True, by=world.a.owner)
    token = token_for(world.a.viewer, world.a.organisation)
    got = api(token).get(f"/api/v1/assessments/{opened.pk}/results/?lang=en")
    page = logged_in(world.a.viewer).get(f"/assessments/{opened.pk}/export/results.json?lang=en")
    assert (got.status_code, page.status_code) == (200, 200)
    assert got.content == page.content
    assert got.json()["respondents"] == 4


def test_the_lists_ask_the_same_queries_however_many_rows(world: World) -> None:
    token = token_for(world.a.owner, world.a.organisation)
    urls = [
        "/api/v1/assessments/",
        f"/api/v1/organisations/{world.a.organisation.pk}/members/",
        f"/api/v1/assessments/{world.a.closed.pk}/plan/",
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert api(token).get(url).status_code == 200
            found.append(len(captured))
        return found

    counts()  # the first request notes the token's last use; the next ones in a minute do not
    before = counts()
    for i in range(3):
        assessments.create_assessment(world.a.organisation, world.a.owner, title=f"R{i}")
        accounts_domain.add_member(world.a.organisation, f"m{i}@example.org", "viewer")
        plans.create_action(world.a.closed, None, aspect="goals", description="x", owner="K")
    assert counts() == before


def test_a_path_without_its_slash_is_redirected_to_it(world: World) -> None:
    token = token_for(world.a.viewer, world.a.organisation)
    got = api(token).get(f"/api/v1/assessments/{world.a.closed.pk}/results?lang=en")
    assert (got.status_code, got["Location"]) == (
        301,
        f"/api/v1/assessments/{world.a.closed.pk}/results/?lang=en",
    )

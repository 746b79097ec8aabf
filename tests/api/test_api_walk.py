"""Every operation (method and route) of the API's OpenAPI document, for every role of org A,
for a token that only reads, for foreign tokens and without a token: isolation you can prove,
as tests/security/test_isolation_walk.py proves it for the pages.

An operation not in EXPECTATIONS fails the walk: whoever adds an endpoint states who may reach
it. A refused write changes nothing.
The walk also proves that a GET writes nothing but the token's last use, the rate limits'
cache and the audit trail of who read results.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerscan.accounts import domain as accounts_domain
from partnerscan.api.models import ApiToken
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Assessment, StoredResults
from partnerscan.audit.models import AuditEvent
from partnerscan.core.tokens import api_token_hash
from partnerscan.partnerview.models import StoredPartnerView
from partnerscan.portfolio import domain as portfolio

from .conftest import World, api, token_for

pytestmark = pytest.mark.django_db

# (method, route) → the lowest role of the token's user in org A that may use it. A write also
# needs a token that writes: a read token gets a 403 whatever its user's role.
EXPECTATIONS = {
    ("get", "/api/v1/organisations/"): "viewer",
    ("get", "/api/v1/organisations/{organisation_id}/"): "viewer",
    ("get", "/api/v1/organisations/{organisation_id}/members/"): "viewer",
    ("get", "/api/v1/organisations/{organisation_id}/partnerships/"): "viewer",
    ("get", "/api/v1/organisations/{organisation_id}/partners/"): "viewer",
    ("get", "/api/v1/assessments/"): "viewer",
    ("post", "/api/v1/assessments/"): "editor",
    ("get", "/api/v1/assessments/{assessment_id}/"): "viewer",
    ("patch", "/api/v1/assessments/{assessment_id}/"): "editor",
    ("get", "/api/v1/assessments/{assessment_id}/results/"): "viewer",
    ("get", "/api/v1/assessments/{assessment_id}/exports/{name}"): "viewer",
    ("get", "/api/v1/assessments/{assessment_id}/partner-round/"): "viewer",
    ("get", "/api/v1/assessments/{assessment_id}/plan/"): "viewer",
    ("post", "/api/v1/assessments/{assessment_id}/plan/"): "editor",
    ("post", "/api/v1/assessments/{assessment_id}/open/"): "editor",
    ("post", "/api/v1/assessments/{assessment_id}/close/"): "editor",
    ("post", "/api/v1/assessments/{assessment_id}/follow-up/"): "editor",
    ("post", "/api/v1/assessments/{assessment_id}/invitations/"): "editor",
    ("post", "/api/v1/assessments/{assessment_id}/links/"): "editor",
    ("put", "/api/v1/assessments/{assessment_id}/open-link/"): "editor",
    ("get", "/api/v1/actions/{action_id}/"): "viewer",
    ("patch", "/api/v1/actions/{action_id}/"): "editor",
    ("get", "/api/v1/partnerships/{partnership_id}/"): "viewer",
}
RANK = {"viewer": 1, "editor": 2, "owner": 3}
# Routes that list the token's own organisation's objects: a foreign token gets its own list,
# never org A's, so it is a 200 whose body must not name org A's objects.
LISTS = {"/api/v1/organisations/", "/api/v1/assessments/"}
# A valid body per write, so a token allowed to write gets its success.
BODIES: dict[tuple[str, str], Any] = {
    ("post", "/api/v1/assessments/"): {"title": "Walk"},
    ("patch", "/api/v1/assessments/{assessment_id}/"): {"title": "Walked"},
    ("post", "/api/v1/assessments/{assessment_id}/plan/"): {
        "aspect": "goals",
        "description": "Walk",
        "owner": "Kim",
    },
    ("post", "/api/v1/assessments/{assessment_id}/close/"): {},
    ("post", "/api/v1/assessments/{assessment_id}/follow-up/"): {},
    ("post", "/api/v1/assessments/{assessment_id}/invitations/"): {
        "invitations": [{"email": "walk@example.org"}]
    },
    ("post", "/api/v1/assessments/{assessment_id}/links/"): {"count": 1},
    ("put", "/api/v1/assessments/{assessment_id}/open-link/"): {"on": True},
    ("patch", "/api/v1/actions/{action_id}/"): {"status": "in_progress"},
}
# The state each write needs: a fresh round of org A for each request, so one write cannot
# spoil the next (a round closed once cannot be closed again).
FRESH = {
    "/api/v1/assessments/{assessment_id}/": "draft",
    "/api/v1/assessments/{assessment_id}/open/": "draft",
    "/api/v1/assessments/{assessment_id}/close/": "open",
    "/api/v1/assessments/{assessment_id}/follow-up/": "open",
    "/api/v1/assessments/{assessment_id}/invitations/": "draft",
    "/api/v1/assessments/{assessment_id}/links/": "draft",
    "/api/v1/assessments/{assessment_id}/open-link/": "draft",
}


@pytest.fixture
def walk_world(world: World) -> World:
    """The world with a partnership in each organisation's portfolio."""
    for tenant in (world.a, world.b):
        partner = portfolio.create_partner(tenant.organisation, tenant.owner, "Care Group")
        portfolio.create_partnership(
            tenant.organisation,
            tenant.owner,
            name="Care chain",
            partners=[partner],
            challenge_type="chain",
            goal="Shorter waiting lists",
            phase="running",
            importance=2,
        )
    return world


def routes(client: Any) -> dict[str, dict[str, Any]]:
    document = client.get("/api/v1/openapi.json").json()
    return {path: item for path, item in document["paths"].items()}


def operations(client: Any) -> list[tuple[str, str]]:
    return [(method, path) for path, item in routes(client).items() for method in item]


def fresh_round(world: World, state: str) -> Assessment:
    made = assessments.create_assessment(
        world.a.organisation, world.a.owner, title="Walk target", min_group=3
    )
    return assessments.open_assessment(made) if state == "open" else made


def url(method: str, path: str, world: World) -> str:
    assessment = world.a.closed
    if method != "get" and path in FRESH:
        assessment = fresh_round(world, FRESH[path])
    values = {
        "organisation_id": world.a.organisation.pk,
        "assessment_id": assessment.pk,
        "action_id": world.a.closed.actions.get(description="Agree goals").pk,
        "partnership_id": world.a.organisation.partnerships.get().pk,
        "name": "results.csv",
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def send(client: Any, method: str, path: str, world: World) -> Any:
    target = url(method, path, world)
    if method == "get":
        return client.get(target)
    body = BODIES.get((method, path))
    if body is None:
        return getattr(client, method)(target)
    return getattr(client, method)(target, body, content_type="application/json")


def tokens(world: World) -> dict[str, str]:
    """A token per role: org A's members, org B's members, and alice's token for org B (she
    owns A and is made an owner of B too). Editors' and owners' tokens write; an editor of
    org A also has a token that only reads."""
    made = {}
    for letter, tenant in (("A", world.a), ("B", world.b)):
        for role in ("viewer", "editor", "owner"):
            scope = "read" if role == "viewer" else "write"
            user = getattr(tenant, role)
            made[f"{role} of org {letter}"] = token_for(user, tenant.organisation, scope)
    made["editor of org A, read token"] = token_for(world.a.editor, world.a.organisation)
    accounts_domain.add_member(world.b.organisation, world.a.owner.email, "owner")
    made["owner of org A, token for org B"] = token_for(
        world.a.owner, world.b.organisation, "write"
    )
    return made


def success(method: str, path: str) -> str:
    if method == "get":
        return "list with org A" if path in LISTS else "200"
    return "201" if (method, path) in CREATES else "200"


CREATES = {
    ("post", "/api/v1/assessments/"),
    ("post", "/api/v1/assessments/{assessment_id}/plan/"),
    ("post", "/api/v1/assessments/{assessment_id}/follow-up/"),
    ("post", "/api/v1/assessments/{assessment_id}/invitations/"),
    ("post", "/api/v1/assessments/{assessment_id}/links/"),
}


def expected(method: str, path: str, role: str) -> str:
    if role == "no token":
        return "401"
    rank = RANK[role.split(" ")[0]]
    needed = RANK[EXPECTATIONS[(method, path)]]
    reads_only = role.startswith("viewer") or role.endswith("read token")
    if (method, path) == ("post", "/api/v1/assessments/"):
        # Acts on the token's own organisation, whichever it is.
        return "403" if rank < needed or reads_only else "201 in the token's organisation"
    if role.endswith("org B"):
        return "list without org A" if path in LISTS else "404"
    if rank < needed or (method != "get" and reads_only):
        return "403"
    return success(method, path)


def outcome(response: Any, method: str, path: str, world: World, organisation: int) -> str:
    if (method, path) == ("post", "/api/v1/assessments/") and response.status_code == 201:
        made = Assessment.objects.get(pk=response.json()["id"])
        return "201 in the token's organisation" if made.organisation_id == organisation else "201"
    if response.status_code != 200 or path not in LISTS or method != "get":
        return str(response.status_code)
    ids = {item["id"] for item in response.json()}
    if path == "/api/v1/organisations/":
        own = {world.a.organisation.pk}
    else:
        own = set(world.a.organisation.assessments.values_list("pk", flat=True))
    return "list without org A" if not ids & own else "list with org A"


def test_every_route_has_an_expectation(walk_world: World) -> None:
    assert set(operations(api(""))) == set(EXPECTATIONS)
    assert set(BODIES) | set(CREATES) <= set(EXPECTATIONS)
    # Every route needs the token.
    for item in routes(api("")).values():
        for operation in item.values():
            assert operation["security"] == [{"TokenAuth": []}]


def test_every_token_gets_the_expected_answer_on_every_route(walk_world: World) -> None:
    world = walk_world
    made = tokens(world)
    clients = {role: api(token) for role, token in made.items()}
    clients["no token"] = api("")
    organisation_of = {
        role: ApiToken.objects.get(token_hash=api_token_hash(token)).organisation_id
        for role, token in made.items()
    }
    wrong = {}
    for method, path in operations(clients["no token"]):
        for role, client in clients.items():
            response = send(client, method, path, world)
            got = outcome(response, method, path, world, organisation_of.get(role, 0))
            want = expected(method, path, role)
            if got != want:
                wrong[f"{method.upper()} {path} as {role}"] = f"{got}, expected {want}"
    assert wrong == {}


def test_a_refused_write_changes_nothing_but_the_trail(walk_world: World) -> None:
    """Every write a role may not make (403, 404) leaves every table as it was."""
    world = walk_world
    made = tokens(world)
    refused = {
        role: api(token)
        for role, token in made.items()
        if role in ("viewer of org A", "editor of org A, read token", "owner of org B")
    }
    found = {}
    for method, path in EXPECTATIONS:
        if method == "get":
            continue
        for role, client in refused.items():
            if expected(method, path, role) not in ("403", "404"):
                continue  # org B's owner creates a round, in org B
            target = url(method, path, world)
            body = BODIES.get((method, path), {})
            with CaptureQueriesContext(connection) as captured:
                response = getattr(client, method)(target, body, content_type="application/json")
            assert response.status_code in (403, 404), (method, path, role)
            written = writes([q["sql"] for q in captured.captured_queries])
            if written:
                found[f"{method.upper()} {path} as {role}"] = written
    assert found == {}


# As for the pages (tests/security/test_get_never_writes.py): the rate limits' cache, the stored
# results (figures the answer shows anyway, kept for the next read) and the trail.
ALLOWED = {
    settings.CACHES["default"]["LOCATION"],
    StoredResults._meta.db_table,  # a round's results, stored by the read that computed them
    StoredPartnerView._meta.db_table,  # the same for its partner view
    AuditEvent._meta.db_table,
}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
LAST_USE = re.compile(r'^\s*UPDATE\s+"?api_apitoken"?\s+SET\s+"?last_used"?\s*=[^,]*WHERE', re.I)


def writes(sql: list[str]) -> list[str]:
    """The statements that write anything but the allowed tables and the last use."""
    return [
        s
        for s in sql
        if (found := WRITE.match(s)) and found.group(1) not in ALLOWED and not LAST_USE.match(s)
    ]


def test_the_pattern_sees_every_other_write() -> None:
    assert writes(
        [
            'UPDATE "api_apitoken" SET "last_used" = \'2026-01-01\' WHERE "id" = 1',
            'UPDATE "api_apitoken" SET "revoked" = \'2026-01-01\' WHERE "id" = 1',
            'UPDATE "api_apitoken" SET "last_used" = 1, "scope" = \'write\' WHERE "id" = 1',
            'INSERT INTO "plans_action" ("id") VALUES (1)',
        ]
    ) == [
        'UPDATE "api_apitoken" SET "revoked" = \'2026-01-01\' WHERE "id" = 1',
        'UPDATE "api_apitoken" SET "last_used" = 1, "scope" = \'write\' WHERE "id" = 1',
        'INSERT INTO "plans_action" ("id") VALUES (1)',
    ]


def test_no_get_writes_anything_but_the_last_use_the_limits_and_the_trail(
    walk_world: World,
) -> None:
    world = walk_world
    clients = {role: api(token) for role, token in tokens(world).items()}
    clients["unknown token"] = api("psk_" + "C" * 32)
    found = {}
    for method, path in EXPECTATIONS:
        if method != "get":
            continue
        for role, client in clients.items():
            with CaptureQueriesContext(connection) as captured:
                client.get(url(method, path, world))
            written = writes([q["sql"] for q in captured.captured_queries])
            if written:
                found[f"GET {path} as {role}"] = written
    assert found == {}

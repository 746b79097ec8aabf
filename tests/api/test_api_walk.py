"""Every route of the API's OpenAPI document, for every role of org A, for foreign tokens and
without a token: isolation you can prove, as tests/security/test_isolation_walk.py proves it
for the pages.

A route not in EXPECTATIONS fails the walk: whoever adds an endpoint states who may reach it.
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
from partnerscan.assessments.models import StoredResults
from partnerscan.audit.models import AuditEvent

from .conftest import World, api, token_for

pytestmark = pytest.mark.django_db

# Route → the lowest role of the token's user in org A that reads it.
EXPECTATIONS = {
    "/api/v1/organisations/": "viewer",
    "/api/v1/organisations/{organisation_id}/": "viewer",
    "/api/v1/organisations/{organisation_id}/members/": "viewer",
    "/api/v1/assessments/": "viewer",
    "/api/v1/assessments/{assessment_id}/": "viewer",
    "/api/v1/assessments/{assessment_id}/results/": "viewer",
    "/api/v1/assessments/{assessment_id}/plan/": "viewer",
}
RANK = {"viewer": 1, "editor": 2, "owner": 3}
# Routes that list the token's own organisation's objects: a foreign token gets its own list,
# never org A's, so it is a 200 whose body must not name org A's objects.
LISTS = {"/api/v1/organisations/", "/api/v1/assessments/"}


def routes(client: Any) -> dict[str, dict[str, Any]]:
    document = client.get("/api/v1/openapi.json").json()
    return {path: item for path, item in document["paths"].items()}


def url(path: str, world: World) -> str:
    values = {"organisation_id": world.a.organisation.pk, "assessment_id": world.a.closed.pk}
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def tokens(world: World) -> dict[str, str]:
    """A token per role: org A's members, org B's members, and alice's token for org B (she
    owns A and is made an owner of B too)."""
    made = {}
    for letter, tenant in (("A", world.a), ("B", world.b)):
        for role in ("viewer", "editor", "owner"):
            made[f"{role} of org {letter}"] = token_for(getattr(tenant, role), tenant.organisation)
    accounts_domain.add_member(world.b.organisation, world.a.owner.email, "owner")
    made["owner of org A, token for org B"] = token_for(world.a.owner, world.b.organisation)
    return made


def expected(path: str, role: str) -> str:
    if role == "no token":
        return "401"
    if not role.endswith("of org A"):
        return "list without org A" if path in LISTS else "404"
    if RANK[role.split(" ")[0]] < RANK[EXPECTATIONS[path]]:
        return "403"
    return "list with org A" if path in LISTS else "200"


def outcome(response: Any, path: str, world: World) -> str:
    if response.status_code != 200 or path not in LISTS:
        return str(response.status_code)
    ids = {item["id"] for item in response.json()}
    if path == "/api/v1/organisations/":
        own = {world.a.organisation.pk}
    else:
        own = {world.a.closed.pk, world.a.open.pk}
    return "list without org A" if not ids & own else "list with org A"


def test_every_route_has_an_expectation(world: World) -> None:
    documented = set(routes(api("")))
    assert documented == set(EXPECTATIONS)
    # Every route is a read that needs the token.
    for item in routes(api("")).values():
        assert set(item) == {"get"}
        assert item["get"]["security"] == [{"TokenAuth": []}]


def test_every_token_gets_the_expected_answer_on_every_route(world: World) -> None:
    clients = {role: api(token) for role, token in tokens(world).items()}
    clients["no token"] = api("")
    wrong = {}
    for path in routes(clients["no token"]):
        for role, client in clients.items():
            got = outcome(client.get(url(path, world)), path, world)
            want = expected(path, role)
            if got != want:
                wrong[f"{path} as {role}"] = f"{got}, expected {want}"
    assert wrong == {}


# As for the pages (tests/security/test_get_never_writes.py): the rate limits' cache, the stored
# results (figures the answer shows anyway, kept for the next read) and the trail.
ALLOWED = {
    settings.CACHES["default"]["LOCATION"],
    StoredResults._meta.db_table,
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


def test_no_get_writes_anything_but_the_last_use_the_limits_and_the_trail(world: World) -> None:
    clients = {role: api(token) for role, token in tokens(world).items()}
    clients["unknown token"] = api("psk_" + "C" * 32)
    found = {}
    for path in EXPECTATIONS:
        for role, client in clients.items():
            with CaptureQueriesContext(connection) as captured:
                client.get(url(path, world))
            written = writes([q["sql"] for q in captured.captured_queries])
            if written:
                found[f"GET {path} as {role}"] = written
    assert found == {}

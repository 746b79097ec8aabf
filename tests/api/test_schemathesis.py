"""Property-based: schemathesis generates requests from the live OpenAPI document and sends
them to the application in-process (WSGI). No answer may be a 500, and every answer must match
the document: its status codes, content types and schemas.

The reads go with a viewer's token of org A, which has a closed round with results, partners'
answers and a plan. The writes go with an owner's token that writes, of a throwaway
organisation of their own with the same rounds, so generated bodies create, change, open and
close real rounds. Generated ids are mixed with the ids of real objects (the token's
organisation's, and another's, which must be 404s), so the documented 200s are checked as
well as the 404s and 422s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from partnerscan.audit.models import AuditEvent
from partnerscan.portfolio import domain as portfolio

from .conftest import Tenant, World, make_tenant, token_for

pytestmark = pytest.mark.django_db

EXAMPLES = 20  # per operation and generation mode: about 10 s in all on an idle 2-core machine


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The WSGI application on the test's database connection: as Django's test client does,
    requests must not close the connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def known_ids(own: Tenant, other: Tenant) -> dict[str, list[int]]:
    own_action, other_action = (
        t.closed.actions.get(description="Agree goals") for t in (own, other)
    )
    own_partnership, other_partnership = (
        portfolio.create_partnership(
            t.organisation,
            t.owner,
            name="Care chain",
            partners=[portfolio.create_partner(t.organisation, t.owner, "Care Group")],
            challenge_type="chain",
            goal="Shorter waiting lists",
            phase="running",
            importance=2,
        )
        for t in (own, other)
    )
    return {
        "organisation_id": [own.organisation.pk, other.organisation.pk],
        "assessment_id": [own.closed.pk, own.open.pk, other.closed.pk, other.open.pk],
        "action_id": [own_action.pk, other_action.pk],
        "partnership_id": [own_partnership.pk, other_partnership.pk],
    }


def run(operation: Any, mode: GenerationMode, ids: dict[str, list[int]], token: str) -> set[int]:
    """Send the operation's generated cases; the status codes seen."""
    seen: set[int] = set()
    # A write's body that fits the document may still break a rule of the page's form (shares
    # that add up to 1, a closing date after the opening date): a documented 422 naming the
    # field, not a failure. Every other check holds for writes too.
    excluded = [positive_data_acceptance] if operation.method.lower() != "get" else []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # The same cases on every run: CI must not pass or fail by the luck of the draw (a
        # positive operation must reach a 200, which a few unlucky draws of ids can miss).
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode), pick=st.integers(min_value=-1, max_value=2))
    def check(case: Any, pick: int) -> None:
        for name in list(case.path_parameters or {}):
            if pick >= 0 and mode == GenerationMode.POSITIVE and name in ids:
                choices = ids[name]
                case.path_parameters[name] = choices[pick % len(choices)]
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded
        )
        seen.add(response.status_code)

    check()
    return seen


def check_every_operation(
    wsgi_app: Any, token: str, ids: dict[str, list[int]], methods: set[str]
) -> dict[str, set[int]]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    started, timings, statuses = time.perf_counter(), {}, {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.lower() not in methods:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            begun = time.perf_counter()
            name = f"{operation.method.upper()} {operation.path} {mode.value}"
            statuses[name] = run(operation, mode, ids, token)
            timings[name] = time.perf_counter() - begun
    print(f"\nschemathesis: {time.perf_counter() - started:.1f} s in all")
    for name, seconds in timings.items():
        print(f"  {seconds:5.2f} s  {name}: {sorted(statuses[name])}")
    return statuses


def test_the_api_answers_every_generated_read_as_its_document_says(
    world: World, settings: Any, wsgi_app: Any
) -> None:
    # Schemathesis also sends requests without the token (they must be 401s): many more than
    # the limit of unknown tokens per network allows.
    settings.RATE_LIMIT_API = settings.RATE_LIMIT_TOKENS = (100_000, 60)
    token = token_for(world.a.viewer, world.a.organisation)
    statuses = check_every_operation(wsgi_app, token, known_ids(world.a, world.b), {"get"})
    # The real ids led to real answers, not only to the 404s and 422s of made-up ones.
    assert {200, 404, 409} <= statuses["GET /api/v1/assessments/{assessment_id}/results/ positive"]
    assert all(200 in seen for name, seen in statuses.items() if name.endswith("positive"))


def test_the_api_answers_every_generated_write_as_its_document_says(
    world: World, settings: Any, wsgi_app: Any
) -> None:
    settings.RATE_LIMIT_API = settings.RATE_LIMIT_TOKENS = (100_000, 60)
    throwaway = make_tenant("T", ("tom", "tess", "tim"), with_partners=False)
    token = token_for(throwaway.owner, throwaway.organisation, "write")
    ids = known_ids(throwaway, world.a)
    statuses = check_every_operation(wsgi_app, token, ids, {"post", "put", "patch"})
    assert all(500 not in seen for seen in statuses.values())
    # The token's own rounds were reached, not only the 404s of made-up or foreign ids.
    assert any(status in (200, 201) for seen in statuses.values() for status in seen)
    # Nothing reached another organisation's objects.
    assert (
        AuditEvent.objects.filter(organisation=world.a.organisation, params__has_key="via").count()
        == 0
    )

"""Property-based: schemathesis generates requests from the live OpenAPI document and sends
them to the application in-process (WSGI). No answer may be a 500, and every answer must match
the document: its status codes, content types and schemas.

The token is a viewer's of org A, which has a closed round with results, partners' answers and
a plan. Generated ids are mixed with the ids of real objects (org A's, and org B's, which must
be 404s), so the documented 200s are checked as well as the 404s and 422s.
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

from .conftest import World, token_for

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


def known_ids(world: World) -> dict[str, list[int]]:
    return {
        "organisation_id": [world.a.organisation.pk, world.b.organisation.pk],
        "assessment_id": [world.a.closed.pk, world.a.open.pk, world.b.closed.pk, world.b.open.pk],
    }


def run(operation: Any, mode: GenerationMode, ids: dict[str, list[int]], token: str) -> set[int]:
    """Send the operation's generated cases; the status codes seen."""
    seen: set[int] = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode), pick=st.integers(min_value=-1, max_value=2))
    def check(case: Any, pick: int) -> None:
        for name in list(case.path_parameters or {}):
            if pick >= 0 and mode == GenerationMode.POSITIVE:
                choices = ids[name]
                case.path_parameters[name] = choices[pick % len(choices)]
        response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
        seen.add(response.status_code)

    check()
    return seen


def test_the_api_answers_every_generated_request_as_its_document_says(
    world: World, settings: Any, wsgi_app: Any
) -> None:
    # Schemathesis also sends requests without the token (they must be 401s): many more than
    # the limit of unknown tokens per network allows.
    settings.RATE_LIMIT_API = settings.RATE_LIMIT_TOKENS = (100_000, 60)
    token = token_for(world.a.viewer, world.a.organisation)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    ids = known_ids(world)
    started, timings, statuses = time.perf_counter(), {}, {}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            begun = time.perf_counter()
            name = f"{operation.method.upper()} {operation.path} {mode.value}"
            statuses[name] = run(operation, mode, ids, token)
            timings[name] = time.perf_counter() - begun
    print(f"\nschemathesis: {time.perf_counter() - started:.1f} s in all")
    for name, seconds in timings.items():
        print(f"  {seconds:5.2f} s  {name}: {sorted(statuses[name])}")
    # The real ids led to real answers, not only to the 404s and 422s of made-up ones.
    assert {200, 404, 409} <= statuses["GET /api/v1/assessments/{assessment_id}/results/ positive"]
    assert all(200 in seen for name, seen in statuses.items() if name.endswith("positive"))

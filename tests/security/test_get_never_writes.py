"""A GET changes nothing: every page of the project, read by every role that may read it.

The walk reuses the isolation walk's table of URLs, so a new page joins by existing. The only
rows a GET may add are infrastructure (the session, the cache the rate limits count in) and the
audit trail of who read results, which is what an audit log of reads is for. Everything else —
answers, responses, invitations, plans, the pool — changes only through a POST and a workflow.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerscan.audit.models import AuditEvent

from . import test_isolation_walk as walk
from .conftest import World

pytestmark = pytest.mark.django_db

ALLOWED_TABLES = {
    "django_session",
    settings.CACHES["default"]["LOCATION"],
    AuditEvent._meta.db_table,
}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def written_tables(sql: list[str]) -> set[str]:
    tables = set()
    for statement in sql:
        found = WRITE.match(statement)
        if found:
            tables.add(found.group(1))
    return tables - ALLOWED_TABLES


def test_the_pattern_sees_writes_on_both_databases() -> None:
    sql = [
        'INSERT INTO "assessments_answer" ("response_id") VALUES (1)',
        'UPDATE "assessments_response" SET "position" = 1',
        'DELETE FROM "plans_action" WHERE "id" = 2',
        'SELECT "id" FROM "assessments_answer"',
        'INSERT INTO "django_session" ("session_key") VALUES (1)',
    ]
    assert written_tables(sql) == {
        "assessments_answer",
        "assessments_response",
        "plans_action",
    }


def test_no_get_writes_anything_but_the_trail_of_reads(world: World) -> None:
    by_role = walk.clients(world)
    writes = {}
    for name, rule in walk.EXPECTATIONS.items():
        if "GET" not in rule.methods:
            continue
        url = reverse(name, kwargs={**rule.params(world), **rule.extra})
        for role, client in by_role.items():
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            tables = written_tables([q["sql"] for q in captured.captured_queries])
            if tables:
                writes[f"GET {name} as {role}"] = sorted(tables)
    assert writes == {}

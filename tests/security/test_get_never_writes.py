"""A GET changes nothing: every page of the project, read by every role that may read it.

The walk reuses the isolation walk's table of URLs, so a new page joins by existing. The only
rows a GET may add are infrastructure (the session, the cache the rate limits count in, and the
stored results and partner views: copies of figures the page shows anyway, kept by what they
depend on so the next read need not compute them; assessments/results_store.py,
partnerview/view_store.py) and the audit trail of who read
results, which is what an audit log of reads is for. Everything else —
answers, responses, invitations, plans, the pool — changes only through a POST and a workflow.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from support import english_client

from partnerscan.assessments.models import StoredResults
from partnerscan.audit.models import AuditEvent
from partnerscan.partnerview.models import StoredPartnerView

from . import test_isolation_walk as walk
from .conftest import World, answer

pytestmark = pytest.mark.django_db

ALLOWED_TABLES = {
    "django_session",
    settings.CACHES["default"]["LOCATION"],
    StoredResults._meta.db_table,
    StoredPartnerView._meta.db_table,
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


def test_a_respondent_reading_their_pages_writes_nothing(world: World) -> None:
    """Started and half answered, then submitted: reading any page of the questionnaire is a
    read; where they were is remembered by the POSTs that moved them on."""
    token = world.a.token
    answer(token, {"goals": ("2", "3")}, submit=False)
    pages = [
        name
        for name, rule in walk.EXPECTATIONS.items()
        if rule.level == walk.TOKEN and "GET" in rule.methods and name != "respond-open"
    ]
    writes = {}
    for submitted in (False, True):
        if submitted:
            english_client().post(reverse("respond-submit", kwargs={"token": token}))
        client = english_client()
        for name in pages:
            rule = walk.EXPECTATIONS[name]
            url = reverse(name, kwargs={**rule.params(world), **rule.extra})
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            tables = written_tables([q["sql"] for q in captured.captured_queries])
            if tables:
                writes[f"GET {name}, submitted={submitted}"] = sorted(tables)
    assert writes == {}


def test_a_workshop_participant_reading_their_pages_writes_nothing(world: World) -> None:
    """Joined (a POST), then every workshop page a participant reads: the join pages, the live
    page and its poll, before and during a vote."""
    client = english_client()
    code = walk.workshop_code(world)["code"]
    client.post(reverse("participant-enter", kwargs={"code": code}), {"language": "en"})
    pages = [
        name
        for name, rule in walk.EXPECTATIONS.items()
        if name.startswith("participant-") and "GET" in rule.methods
    ]
    writes = {}
    for name in pages:
        rule = walk.EXPECTATIONS[name]
        url = reverse(name, kwargs={**rule.params(world), **rule.extra})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code < 400, name
        tables = written_tables([q["sql"] for q in captured.captured_queries])
        if tables:
            writes[f"GET {name}"] = sorted(tables)
    assert writes == {}
    assert len(pages) == 4

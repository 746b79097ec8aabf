"""The queries of the respondent's most frequent request: the autosave.

Every respondent autosaves every few seconds, so each query in it counts (bench/load.py
measures what they cost). These pin the statements reached, so a change that adds one fails
here rather than only slowing the bench down.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.assessments.models import Response
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.tokens import response_hash

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'(?:FROM|INTO|UPDATE) "(\w+)"')


def described(sql: str) -> str:
    """'SELECT assessments_response', or a savepoint command without its generated name."""
    words = sql.split()
    if "SAVEPOINT" in words[:2]:
        return " ".join(word for word in words if not word.startswith('"'))
    table = TABLE.search(sql)
    return f"{words[0]} {table.group(1) if table else ''}".strip()


def autosave(client: Client, token: str, aspect: str, value: str) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as queries:
        page = client.post(
            f"/r/{token}/save/",
            {"aspect": aspect, "field": "current", "value": value},
            headers={"HX-Request": "true"},
        )
    assert page.status_code == 200
    assert "sessionid" not in page.cookies  # no session is loaded or saved for a respondent
    return queries


# The test runs inside a transaction, so save_answer's BEGIN and COMMIT show as a savepoint.
# No rate limit is read: only an unknown token is ever refused for guessing.
AUTOSAVE = [
    "SELECT assessments_response",  # the response by its key hash, with its assessment
    "SAVEPOINT",
    "SELECT assessments_response",  # lock the response row, read `submitted`
    "INSERT assessments_answer",  # INSERT … ON CONFLICT DO UPDATE
    "SELECT assessments_answer",  # the progress shown after "Saved"
    "RELEASE SAVEPOINT",
]
# On another condition's aspect the lock also moves the response's position, in one UPDATE.
MOVED = [*AUTOSAVE[:2], "UPDATE assessments_response", *AUTOSAVE[3:]]


@pytest.mark.parametrize("existing", [False, True], ids=["new-answer", "changed-answer"])
def test_autosave_makes_six_queries_and_none_on_the_invitation(
    client: Client, started: str, model: CapabilityModel, existing: bool
) -> None:
    aspect = model.aspects[0].id
    autosave(client, started, model.aspects[1].id, "1")  # the response exists
    if existing:
        autosave(client, started, aspect, "2")

    queries = autosave(client, started, aspect, "3")

    assert [described(query["sql"]) for query in queries] == AUTOSAVE


def test_moving_to_another_condition_costs_no_extra_query(
    client: Client, started: str, model: CapabilityModel
) -> None:
    first, other = model.conditions[0].aspects[0].id, model.conditions[1].aspects[0].id
    autosave(client, started, first, "1")

    queries = autosave(client, started, other, "4")

    assert [described(query["sql"]) for query in queries] == MOVED
    assert Response.objects.get(key_hash=response_hash(started)).position == (
        f"c:{model.conditions[1].id}"
    )


@pytest.mark.skipif(
    not connection.features.has_select_for_update_of, reason="SQLite has no row locks"
)
def test_autosave_locks_only_the_response_row(
    client: Client, started: str, model: CapabilityModel
) -> None:
    autosave(client, started, model.aspects[0].id, "1")

    queries = autosave(client, started, model.aspects[0].id, "2")

    locks = [query["sql"] for query in queries if " FOR " in query["sql"]]
    assert [re.sub(r".* FOR ", "FOR ", sql) for sql in locks] == ["FOR NO KEY UPDATE"]
    assert all('FROM "assessments_response" WHERE' in sql for sql in locks)

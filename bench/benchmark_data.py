"""The data of bench/benchmark.py: generated answers written in bulk into the scratch database.

Django is imported inside the functions: the benchmark's child process configures the database
before Django starts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import numpy as np

SECTORS = ("healthcare", "municipality", "education", "housing")
SIZES = ("small", "medium", "large", "xlarge")
DONT_KNOW_SHARE = 0.04
BATCH = 20_000


def version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        return str(cursor.fetchone()[0])


class Generated:
    """Every answer as arrays (organisations × respondents × aspects), stored codes 1..5, 9."""

    def __init__(self, orgs: int, respondents: int, seed: int) -> None:
        from partnerscan.capability.loader import get_model

        self.model = get_model()
        self.aspects = [a.id for a in self.model.aspects]
        rng = np.random.default_rng(seed)
        shape = (orgs, respondents, len(self.aspects))
        maturity = rng.uniform(1.5, 4.2, size=(orgs, 1, 1))
        self.current = np.clip(np.rint(rng.normal(maturity, 0.8, shape)), 1, 5).astype(np.int8)
        self.ambition = np.clip(self.current + rng.integers(0, 3, shape), 1, 5).astype(np.int8)
        self.current[rng.random(shape) < DONT_KNOW_SHARE] = 9


def closed_rounds(numbers: range, model: Any) -> list[Any]:
    """Organisations by number (4 sectors, 4 size bands), each with one closed round of `model`
    that it shares with the pool."""
    from django.utils import timezone

    from partnerscan.accounts.models import Organisation
    from partnerscan.assessments.models import Assessment

    organisations = Organisation.objects.bulk_create(
        (
            Organisation(name=f"Org {i}", sector=SECTORS[i % 4], size=SIZES[(i // 4) % 4])
            for i in numbers
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    return Assessment.objects.bulk_create(
        (
            Assessment(
                organisation=o,
                title="Round",
                model_id=model.id,
                model_version=model.version,
                languages=["nl", "en"],
                state=Assessment.State.CLOSED,
                closed_at=now,
                in_pool=True,
            )
            for o in organisations
        ),
        batch_size=BATCH,
    )


def fill(data: Generated) -> list[Any]:
    """Organisations, closed shared rounds, responses and answers, in bulk."""
    rounds = closed_rounds(range(data.current.shape[0]), data.model)
    insert_answers(data, [r.pk for r in rounds])
    return rounds


def insert_answers(data: Generated, round_ids: list[int]) -> None:
    from partnerscan.assessments.models import Answer, Response

    response_rows, answer_rows = [], []
    orgs, respondents, _aspects = data.current.shape
    for o in range(orgs):
        for r in range(respondents):
            response_id = uuid.uuid4()
            response_rows.append((response_id, round_ids[o]))
            for j, aspect in enumerate(data.aspects):
                current, ambition = int(data.current[o, r, j]), int(data.ambition[o, r, j])
                answer_rows.append((response_id, aspect, current, ambition))
    write_rows(
        Response,
        [
            "id",
            "assessment_id",
            "language",
            "role",
            "department",
            "group",
            "position",
            "submitted",
            "imported",
            "label",
        ],
        ((rid, aid, "nl", "", "", "internal", "", True, False, "") for rid, aid in response_rows),
    )
    write_rows(
        Answer,
        ["response_id", "aspect", "current", "ambition", "comment"],
        ((rid, aspect, cur, amb, "") for rid, aspect, cur, amb in answer_rows),
    )


def write_rows(model: Any, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL; executemany in batches on SQLite. No model instances either way."""
    from django.db import connection, transaction

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - our own names
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(str(v) if isinstance(v, uuid.UUID) else v for v in row))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def analyse() -> None:
    """What autovacuum gives a table some time after a bulk load: planner statistics and, on
    PostgreSQL, the visibility map that lets the benchmark read its index alone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

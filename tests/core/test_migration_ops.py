"""Indexes added to busy tables are built without locking writes on PostgreSQL (issue 19).

A plain CREATE INDEX on the answers table blocks every autosave until it is built. The
migration that adds the comment index uses `AddIndexConcurrently`: CONCURRENTLY on PostgreSQL,
outside a transaction, and a plain index on SQLite. Both directions must run on a database that
already holds answers.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

INDEX_MIGRATION = ("assessments", "0011_answer_with_comment_index")
BEFORE = ("assessments", "0010_assessment_shares_source")


def sql_of(migration: tuple[str, str], backwards: bool = False) -> str:
    loader = MigrationLoader(connection)
    plan = [(loader.graph.nodes[migration], backwards)]
    executor = MigrationExecutor(connection)
    return "\n".join(executor.loader.collect_sql(plan))


@pytest.mark.django_db
def test_the_comment_index_is_built_without_a_transaction() -> None:
    migration = MigrationLoader(connection).graph.nodes[INDEX_MIGRATION]
    assert migration.atomic is False


@pytest.mark.django_db(transaction=True)
def test_postgresql_builds_and_drops_the_index_concurrently_and_sqlite_plainly() -> None:
    forwards, backwards = sql_of(INDEX_MIGRATION), sql_of(INDEX_MIGRATION, backwards=True)
    assert '"answer_with_comment"' in forwards and '"answer_with_comment"' in backwards
    concurrently = connection.vendor == "postgresql"
    assert ("CREATE INDEX CONCURRENTLY" in forwards) is concurrently
    assert ("DROP INDEX CONCURRENTLY" in backwards) is concurrently
    assert "CREATE INDEX" in forwards


@pytest.mark.django_db(transaction=True)
def test_the_index_migration_runs_backwards_and_forwards_again() -> None:
    def indexes() -> set[str]:
        # Django's SQLite introspection cannot parse a partial index; ask the catalogues.
        query = (
            "SELECT indexname FROM pg_indexes WHERE tablename = 'assessments_answer'"
            if connection.vendor == "postgresql"
            else "SELECT name FROM sqlite_master WHERE type = 'index'"
            " AND tbl_name = 'assessments_answer'"
        )
        with connection.cursor() as cursor:
            cursor.execute(query)
            return {row[0] for row in cursor.fetchall()}

    assert "answer_with_comment" in indexes()
    try:
        call_command("migrate", *BEFORE, verbosity=0)
        assert "answer_with_comment" not in indexes()
    finally:
        call_command("migrate", verbosity=0)
    assert "answer_with_comment" in indexes()

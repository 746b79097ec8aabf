"""Migration operations that keep a busy database answering while they run."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AddIndexConcurrently(migrations.AddIndex):
    """`AddIndex` that builds the index without locking writes on PostgreSQL.

    A plain CREATE INDEX on the answers table blocks every autosave until it is done, minutes on
    a large database; CREATE INDEX CONCURRENTLY lets them go on. It cannot run in a
    transaction, so the migration that uses it sets `atomic = False`. Other databases build the
    index as `AddIndex` does: SQLite has no concurrent build and locks the file anyway.
    """

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        index = from_state.models[app_label, self.model_name_lower].get_index_by_name(
            self.index.name
        )
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, index, concurrently=True)
        else:
            schema_editor.remove_index(model, index)

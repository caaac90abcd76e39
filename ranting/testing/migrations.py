"""Moving the test database back to a migration and forward again, in tests of migrations."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(app: str, name: str) -> None:
    """Back (or forward) to `app`'s migration `name`; what depends on later ones is undone too."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([(app, name)])


def migrate_to_latest() -> None:
    """Every app to its latest migration, as the other tests expect the database."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

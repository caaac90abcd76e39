from django.db.backends.postgresql.compiler import (
    SQLAggregateCompiler,
    SQLCompiler,
    SQLDeleteCompiler,
    SQLUpdateCompiler,
)
from django.db.backends.postgresql.compiler import SQLInsertCompiler as UnnestInsertCompiler
from django.db.models.sql.compiler import SQLInsertCompiler as ValuesInsertCompiler

__all__ = [
    "SQLAggregateCompiler",
    "SQLCompiler",
    "SQLDeleteCompiler",
    "SQLInsertCompiler",
    "SQLUpdateCompiler",
]


class SQLInsertCompiler(UnnestInsertCompiler):
    # Multi-row VALUES instead of UNNEST (see the package docstring for the measurements).
    assemble_as_sql = ValuesInsertCompiler.assemble_as_sql

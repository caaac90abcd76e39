from django.db.backends.postgresql import base, operations
from psycopg import _queries

# psycopg parses a query's placeholders again on every execute once it has more than 50
# parameters or 4 KB; a bulk insert of 20 measurements (≈ 900 parameters) cost ≈ 2 ms of CPU
# for that alone, each time. Our statements repeat (one text per batch size), so they are
# parsed once and kept in psycopg's own cache (128 entries); texts over 64 KB, such as large
# imports, still are not kept.
_queries.MAX_CACHED_STATEMENT_PARAMS = 8192
_queries.MAX_CACHED_STATEMENT_LENGTH = 65536


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "ranting.lib.postgresql.compiler"


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

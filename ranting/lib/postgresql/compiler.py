import datetime as dt
from decimal import Decimal
from uuid import UUID

from django.db.backends.postgresql.compiler import (
    SQLAggregateCompiler,
    SQLCompiler,
    SQLDeleteCompiler,
    SQLUpdateCompiler,
)
from django.db.backends.postgresql.compiler import SQLInsertCompiler as UnnestInsertCompiler
from django.db.models import (
    AutoField,
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    ForeignKey,
    IntegerField,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    SmallIntegerField,
    TextField,
    UUIDField,
)
from django.db.models.sql.compiler import SQLInsertCompiler as ValuesInsertCompiler

__all__ = [
    "SQLAggregateCompiler",
    "SQLCompiler",
    "SQLDeleteCompiler",
    "SQLInsertCompiler",
    "SQLUpdateCompiler",
]

# Django's own field classes (exactly: a subclass may convert) whose get_db_prep_save gives a
# value of this type back unchanged on PostgreSQL, and None as None.
UNCHANGED = {
    CharField: str,
    TextField: str,
    BooleanField: bool,
    FloatField: float,
    DecimalField: Decimal,
    DateField: dt.date,
    DateTimeField: dt.datetime,
    UUIDField: UUID,
}
# Those that wrap an int in psycopg's sized type (adapt_integerfield_value).
SIZED_INTEGERS = {IntegerField, SmallIntegerField, BigIntegerField}
SIZED_INTEGERS |= {PositiveIntegerField, PositiveSmallIntegerField}
SERIAL_KEYS = {AutoField, BigAutoField}


class SQLInsertCompiler(UnnestInsertCompiler):
    # Multi-row VALUES instead of UNNEST (see the package docstring for the measurements).
    def assemble_as_sql(self, fields, value_rows):
        """Django's placeholders and parameters; when every value is a plain one (no expression,
        no field with a placeholder of its own) each is "%s" and its parameter is the value, so
        the rows are taken as they are. Django asks each value in turn, ≈ 1,000 a batch of 20
        measurements, which was 8% of a batch's CPU on the server."""
        plain = all(f is not None and getattr(f, "get_placeholder", None) is None for f in fields)
        if not plain or any(hasattr(v, "as_sql") for row in value_rows for v in row):
            return ValuesInsertCompiler.assemble_as_sql(self, fields, value_rows)
        if not value_rows:
            return [], []
        placeholders = ("%s",) * len(fields)
        return [placeholders] * len(value_rows), [list(row) for row in value_rows]

    def prepare_value(self, field, value):
        """What get_db_prep_save gives, without its five calls a value when the answer is known
        (`UNCHANGED`; ints): compiling the insert of 20 measurements (≈ 900 values) took 1.31 ms
        that way and takes 0.48 ms (docs/scaling.md, 1g)."""
        kind = type(field)
        if value is None:
            if kind in UNCHANGED or kind in SIZED_INTEGERS or kind is ForeignKey:
                return None
        elif type(value) is int:
            if kind in SIZED_INTEGERS:
                internal_type = field.get_internal_type()
                return self.connection.ops.adapt_integerfield_value(value, internal_type)
            if kind is ForeignKey and type(field.target_field) in SERIAL_KEYS:
                return value
        elif type(value) is UNCHANGED.get(kind) and _settled(value):
            return value
        return super().prepare_value(field, value)


def _settled(value) -> bool:
    """A naive datetime is made aware (with a warning), a NaN decimal refused: Django's part."""
    if type(value) is dt.datetime:
        return value.tzinfo is not None
    return type(value) is not Decimal or value.is_finite()

"""Monthly range partitions of the measurement table on PostgreSQL (docs/scaling.md).

Why: a city adds ~190,000 rows a month and keeps five years; the monthly aggregation, the recap
and the dashboards all filter on `period`, so each reads one partition, and a month of old data
is detached or dropped as a whole instead of deleted row by row.

What changes in the database only (the Django model and the SQLite schema stay as they are):
- `measurements_measurement` is PARTITION BY RANGE (period), one partition per month
  (`measurements_measurement_p2025_06`) plus a DEFAULT partition, so an insert never fails for
  want of a partition;
- PostgreSQL requires every unique constraint of a partitioned table to contain the partition
  key: the primary key becomes (id, period) and the client_id key (client_id, period). `id`
  stays unique in practice (one sequence feeds it) and `one_measurement_per_month` already is
  (child_id, period). A retried API write is still recognised globally by ClientWrite.client_id;
- a foreign key can only reference a whole unique key, so MeasurementRevision.measurement_id
  (id only) loses its FK constraint and gets the same guarantees from two triggers: a deferred
  constraint trigger that refuses a revision of a missing measurement (locking it FOR KEY SHARE,
  as the FK did), and ON DELETE CASCADE from the measurement.

`ensure_partitions` creates the months to come; `manage.py measurement_partitions` runs it
(monthly, from cron, and after importing past months) and the migration runs it once. Rows that
reached the DEFAULT partition are moved into their month's partition when it is created
(`split_default` does it for every month found there).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

TABLE = "measurements_measurement"
DEFAULT_PARTITION = f"{TABLE}_default"
REVISION_TABLE = "measurements_measurementrevision"
SEQUENCE = f"{TABLE}_id_seq"
PARTITION_KEY = "period"
# Partitions made ahead of the current month: a month's entries may start before it does
# (clock skew of a phone, the first days after midnight in another time zone).
MONTHS_AHEAD = 3
# Functions and triggers standing in for the revision → measurement foreign key.
REVISION_CHECK = "measurements_revision_parent_exists"
REVISION_CASCADE = "measurements_measurement_cascade_revisions"
# Set (transaction-local) while rows move from the DEFAULT partition to their month's: that
# move is a DELETE and an INSERT of the same row, and must not cascade to its revisions.
MOVING = "ranting.moving_partition"
# Comment on the unique keys the conversion widened by the partition key (to narrow them back).
WIDENED = "widened by the partition key"


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_p{month:%Y_%m}"


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    month, out = first.replace(day=1), []
    while month <= last:
        out.append(month)
        month = _next_month(month)
    return out


def is_partitioned(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE])
    return cursor.fetchone() is not None


def existing_partitions(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
        [TABLE],
    )
    return [row[0] for row in cursor.fetchall()]


def ensure_partitions(connection, first: dt.date, last: dt.date) -> list[str]:
    """Create the monthly partitions from `first` to `last` that do not exist yet; returns
    their names. Rows of those months waiting in the DEFAULT partition move into them (PostgreSQL
    refuses to attach a range the DEFAULT partition holds rows of). One transaction."""
    made: list[str] = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return made
        known = set(existing_partitions(cursor))
        for month in _months(first, last):
            name = partition_name(month)
            if name not in known:
                _add_partition(cursor, name, [month, _next_month(month)])
                made.append(name)
    return made


def _add_partition(cursor, name: str, bounds: list[dt.date]) -> None:
    # LIKE copies the columns with their NOT NULL and CHECK constraints; ATTACH adds the
    # parent's indexes, keys, foreign keys and triggers to the new partition.
    cursor.execute(
        f'CREATE TABLE "{name}" (LIKE "{TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)'
    )
    # ATTACH would take this lock anyway; taking it first means no row of the month can reach
    # the DEFAULT partition between the move and the ATTACH (which would then fail).
    cursor.execute(f'LOCK TABLE "{DEFAULT_PARTITION}" IN ACCESS EXCLUSIVE MODE')
    cursor.execute("SELECT set_config(%s, 'on', true)", [MOVING])
    cursor.execute(
        f'WITH moved AS (DELETE FROM "{DEFAULT_PARTITION}" WHERE {PARTITION_KEY} >= %s '
        f"AND {PARTITION_KEY} < %s RETURNING *) "
        f'INSERT INTO "{name}" SELECT * FROM moved',
        bounds,
    )
    cursor.execute("SELECT set_config(%s, 'off', true)", [MOVING])
    cursor.execute(
        f'ALTER TABLE "{TABLE}" ATTACH PARTITION "{name}" FOR VALUES FROM (%s) TO (%s)', bounds
    )


def months_in_default(connection) -> list[dt.date]:
    """The months of the rows waiting in the DEFAULT partition (an import of past months, or a
    month whose partition was not made in time)."""
    with connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return []
        cursor.execute(
            f'SELECT DISTINCT {PARTITION_KEY} FROM "{DEFAULT_PARTITION}" ORDER BY {PARTITION_KEY}'
        )
        return sorted({row[0].replace(day=1) for row in cursor.fetchall()})


def split_default(connection) -> list[str]:
    """Give every month found in the DEFAULT partition its own partition; returns the new ones."""
    made = []
    for month in months_in_default(connection):
        made += ensure_partitions(connection, month, month)
    return made


def ensure_upcoming(connection, today: dt.date) -> list[str]:
    """This month's partition and the MONTHS_AHEAD after it."""
    first = today.replace(day=1)
    last = first
    for _ in range(MONTHS_AHEAD):
        last = _next_month(last)
    return ensure_partitions(connection, first, last)


# --- the conversion run by migration 0002 -------------------------------------------------------


def _constraints(cursor) -> list[tuple[str, str, str, str | None]]:
    """(name, type, definition, comment) of the keys and foreign keys of the table."""
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid), obj_description(oid, 'pg_constraint') "
        "FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f') "
        "ORDER BY conname",
        [TABLE],
    )
    return cursor.fetchall()


def _plain_indexes(cursor) -> list[str]:
    """CREATE INDEX statements of the indexes that back no constraint."""
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [TABLE],
    )
    return [row[0] for row in cursor.fetchall()]


def _key_columns(definition: str) -> list[str]:
    return [
        c.strip() for c in definition[definition.index("(") + 1 : definition.index(")")].split(",")
    ]


def _key(definition: str, widen: bool) -> str:
    """PRIMARY KEY (id) ⇄ PRIMARY KEY (id, period); the same for a UNIQUE key."""
    columns = _key_columns(definition)
    changed = [*columns, PARTITION_KEY] if widen else [c for c in columns if c != PARTITION_KEY]
    return definition.replace(f"({', '.join(columns)})", f"({', '.join(changed)})", 1)


def _next_id(cursor) -> int:
    """The highest id handed out so far, so no id is reused after the conversion."""
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{TABLE}"')
    highest = cursor.fetchone()[0]
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
    sequence = cursor.fetchone()[0]
    if sequence:
        cursor.execute(f"SELECT last_value FROM {sequence}")
        highest = max(highest, cursor.fetchone()[0])
    return max(highest, 1)


def _copy_table(cursor, partitioned: bool) -> list[tuple[str, str, str, str | None]]:
    """Replace the table by a copy (partitioned or plain) under the same name, with the same
    columns, rows, indexes and foreign keys; returns its former keys for the caller to add."""
    constraints = _constraints(cursor)
    indexes = _plain_indexes(cursor)
    last_id = _next_id(cursor)
    new = f"{TABLE}_new"
    spec = f" PARTITION BY RANGE ({PARTITION_KEY})" if partitioned else ""
    cursor.execute(
        f'CREATE TABLE "{new}" (LIKE "{TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS){spec}'
    )
    # The copied DEFAULT nextval() would tie the new table to the old one's sequence.
    cursor.execute(f'ALTER TABLE "{new}" ALTER COLUMN id DROP DEFAULT')
    if partitioned:
        cursor.execute(f'CREATE TABLE "{DEFAULT_PARTITION}" PARTITION OF "{new}" DEFAULT')
    cursor.execute(f'INSERT INTO "{new}" SELECT * FROM "{TABLE}"')
    cursor.execute(f'DROP TABLE "{TABLE}"')  # its partitions, sequence, indexes and keys too
    cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{TABLE}"')
    if partitioned:
        # Identity columns cannot be declared on a partitioned table before PostgreSQL 17.
        cursor.execute(f'CREATE SEQUENCE "{SEQUENCE}" AS bigint OWNED BY "{TABLE}".id')
        cursor.execute(f"ALTER TABLE \"{TABLE}\" ALTER COLUMN id SET DEFAULT nextval('{SEQUENCE}')")
        cursor.execute("SELECT setval(%s, %s, true)", [SEQUENCE, last_id])
    else:
        cursor.execute(
            f'ALTER TABLE "{TABLE}" ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY'
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, true)", [TABLE, last_id]
        )
    for statement in indexes:
        cursor.execute(statement)
    return constraints


def _add_constraint(cursor, name: str, definition: str, comment: str | None = None) -> None:
    cursor.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" {definition}')
    if comment:
        cursor.execute(f'COMMENT ON CONSTRAINT "{name}" ON "{TABLE}" IS %s', [comment])


REVISION_TRIGGERS_SQL = f"""
CREATE FUNCTION {REVISION_CHECK}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Deferred to the commit: a revision deleted (or re-pointed) since needs no check.
    PERFORM 1 FROM {REVISION_TABLE} WHERE id = NEW.id AND measurement_id = NEW.measurement_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    -- FOR KEY SHARE, like a foreign key: a concurrent delete of the measurement waits for us.
    PERFORM 1 FROM {TABLE} WHERE id = NEW.measurement_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING MESSAGE = format(
            'insert or update on table "{REVISION_TABLE}" violates foreign key: '
            'measurement %s does not exist', NEW.measurement_id);
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER {REVISION_CHECK}
    AFTER INSERT OR UPDATE OF measurement_id ON {REVISION_TABLE}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {REVISION_CHECK}();
CREATE FUNCTION {REVISION_CASCADE}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{MOVING}', true) = 'on' THEN
        RETURN NULL;
    END IF;
    DELETE FROM {REVISION_TABLE} WHERE measurement_id = OLD.id;
    RETURN NULL;
END $$;
CREATE TRIGGER {REVISION_CASCADE} AFTER DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {REVISION_CASCADE}();
"""

DROP_REVISION_TRIGGERS_SQL = f"""
DROP TRIGGER IF EXISTS {REVISION_CASCADE} ON {TABLE};
DROP FUNCTION IF EXISTS {REVISION_CASCADE}();
DROP TRIGGER IF EXISTS {REVISION_CHECK} ON {REVISION_TABLE};
DROP FUNCTION IF EXISTS {REVISION_CHECK}();
"""


def _revision_fks(cursor) -> list[str]:
    cursor.execute(
        "SELECT conname FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND confrelid = %s::regclass AND contype = 'f'",
        [REVISION_TABLE, TABLE],
    )
    return [row[0] for row in cursor.fetchall()]


def partition(connection, today: dt.date) -> None:
    """Turn the plain table into the monthly-partitioned one, keeping every row and id; creates
    the partitions of every month with data and of the months to come."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if is_partitioned(cursor):
            return
        for name in _revision_fks(cursor):
            cursor.execute(f'ALTER TABLE "{REVISION_TABLE}" DROP CONSTRAINT "{name}"')
        cursor.execute(f'SELECT MIN({PARTITION_KEY}), MAX({PARTITION_KEY}) FROM "{TABLE}"')
        first, last = cursor.fetchone()
        for name, kind, definition, _comment in _copy_table(cursor, partitioned=True):
            widen = kind in ("p", "u") and PARTITION_KEY not in _key_columns(definition)
            _add_constraint(cursor, name, _key(definition, True) if widen else definition,
                            WIDENED if widen else None)  # fmt: skip
        cursor.execute(REVISION_TRIGGERS_SQL)
    if first is not None:
        ensure_partitions(connection, first, last)
    ensure_upcoming(connection, today)


def unpartition(connection, revision_fk_sql: str) -> None:
    """The reverse: one plain table with the original keys, and the revision foreign key
    (`revision_fk_sql`, made by Django's schema editor so it has Django's name) again."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return
        cursor.execute(DROP_REVISION_TRIGGERS_SQL)
        for name, _kind, definition, comment in _copy_table(cursor, partitioned=False):
            _add_constraint(
                cursor, name, _key(definition, False) if comment == WIDENED else definition
            )
        cursor.execute(revision_fk_sql)

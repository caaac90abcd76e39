"""The DDL that makes the PostgreSQL schema distributable by `kota_code` in Citus, read from the
live catalog (pg_constraint, pg_index), never from a list of constraint names.

Citus refuses to distribute a table whose primary key or unique constraints/indexes lack the
distribution column, and a foreign key between two distributed tables that lacks it on either
side (at the same position). For every table of `placement.DISTRIBUTED`, `plan()`:
- puts kota_code in front of each such key, under the same name; the keys of the partitioned
  measurement table keep `period` (PostgreSQL requires the partition key) and are replaced on
  the parent, which drops and recreates them on every partition;
- adds a plain index on `id` where no index starts with it any more (Django looks rows up by id);
- replaces each foreign key between distributed tables by (kota_code, fk) → (kota_code, id)
  (plus the partition key when the referenced table is partitioned), under the same name;
then lists the Citus calls: create_reference_table, then create_distributed_table co-located
with children_child. What is already converted generates nothing. What Citus would refuse and
no DDL here can fix is returned in `problems`.
"""

from __future__ import annotations

import dataclasses
import re

from django.apps import apps
from django.db import transaction

from ranting.cluster import placement

KOTA = placement.DISTRIBUTION_COLUMN
NAME_LENGTH = 63  # PostgreSQL truncates identifiers beyond this
_FK = re.compile(r"FOREIGN KEY \([^)]*\) REFERENCES (?P<target>[^(]+)\([^)]*\)")


def _columns(key: str, rel: str) -> str:
    """The column names, in order, of an attnum array of relation `rel` (expressions left out)."""
    return (
        f"ARRAY(SELECT a.attname::text FROM unnest({key}) WITH ORDINALITY k(attnum, n) "
        f"JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.attnum ORDER BY k.n)"
    )


KEYS_SQL = f"""
SELECT c.conname::text, pg_get_constraintdef(c.oid), obj_description(c.oid, 'pg_constraint'),
       {_columns("c.conkey", "c.conrelid")}
FROM pg_constraint c WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u')
ORDER BY c.contype, c.conname"""
# Unique indexes that back no constraint (a UniqueConstraint with a condition, for instance).
UNIQUE_INDEXES_SQL = f"""
SELECT ci.relname::text, pg_get_indexdef(i.indexrelid), NULL,
       {_columns("(i.indkey::int2[])[0:i.indnkeyatts - 1]", "i.indrelid")}
FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
WHERE i.indrelid = %s::regclass AND i.indisunique AND NOT EXISTS
    (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
ORDER BY ci.relname"""
INDEXES_LED_BY_SQL = """
SELECT ci.relname::text FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
WHERE i.indrelid = %s::regclass AND a.attname = %s AND i.indpred IS NULL"""
TABLE_COLUMNS_SQL = """
SELECT attname::text FROM pg_attribute
WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"""
PARTITION_KEY_SQL = f"""
SELECT {_columns("p.partattrs::int2[]", "p.partrelid")}
FROM pg_partitioned_table p WHERE p.partrelid = %s::regclass"""
# Foreign keys of this schema; a partitioned table's are the parent's (conparentid = 0).
FOREIGN_KEYS_SQL = f"""
SELECT c.conname::text, src.relname::text, dst.relname::text, pg_get_constraintdef(c.oid),
       {_columns("c.conkey", "c.conrelid")}, {_columns("c.confkey", "c.confrelid")}
FROM pg_constraint c JOIN pg_class src ON src.oid = c.conrelid
JOIN pg_class dst ON dst.oid = c.confrelid
WHERE c.contype = 'f' AND c.conparentid = 0 AND src.relnamespace = current_schema()::regnamespace
ORDER BY src.relname, c.conname"""
TRIGGERS_SQL = """
SELECT tgname::text FROM pg_trigger
WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgparentid = 0 ORDER BY tgname"""
CITUS_INSTALLED_SQL = "SELECT 1 FROM pg_extension WHERE extname = 'citus'"
CITUS_TABLES_SQL = "SELECT logicalrelid::regclass::text FROM pg_dist_partition"


@dataclasses.dataclass
class ForeignKey:
    name: str
    table: str
    target: str
    definition: str
    columns: list[str]
    target_columns: list[str]

    def has_kota_on_both_sides(self) -> bool:
        return (
            KOTA in self.columns
            and KOTA in self.target_columns
            and self.columns.index(KOTA) == self.target_columns.index(KOTA)
        )


@dataclasses.dataclass
class Plan:
    ddl: list[str] = dataclasses.field(default_factory=list)
    citus: list[str] = dataclasses.field(default_factory=list)
    citus_installed: bool = False
    # Citus would refuse these and no DDL here fixes them: `--apply` stops.
    problems: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    def script(self) -> str:
        lines = [
            "-- manage.py citus_prepare: distribusi menurut kota_code (docs/scaling.md, bagian 4)"
        ]
        lines += [f"-- TIDAK DAPAT DIUBAH: {problem}" for problem in self.problems]
        lines += [f"-- catatan: {note}" for note in self.notes]
        lines += ["BEGIN;", "-- kunci, indeks dan foreign key"]
        lines += [f"{statement};" for statement in self.ddl] or ["-- tidak ada yang perlu diubah"]
        lines.append("-- Citus: tabel referensi, lalu tabel terdistribusi")
        if not self.citus_installed:
            lines.append(
                "-- (ekstensi citus belum dipasang di basis data ini: jalankan perintah berikut "
                "di koordinator setelah CREATE EXTENSION citus)"
            )
        lines += [f"{statement};" for statement in self.citus] or [
            "-- tidak ada yang perlu didistribusikan"
        ]
        lines.append("COMMIT;")
        return "\n".join(lines) + "\n"


def _tables(labels) -> list[str]:
    return sorted(apps.get_model(label)._meta.db_table for label in labels)


def _many_to_many_tables(labels) -> set[str]:
    """The tables Django makes for the many-to-many fields of these models."""
    tables = set()
    for label in labels:
        for field in apps.get_model(label)._meta.local_many_to_many:
            through = field.remote_field.through._meta
            if through.auto_created:
                tables.add(through.db_table)
    return tables


def _pk_column(table: str) -> str:
    models = apps.get_models(include_auto_created=True)
    pk = next(m._meta.pk for m in models if m._meta.db_table == table)
    if pk is None or not pk.column:  # never for a concrete model; said for the type checker
        raise LookupError(f"{table} has no primary key column")
    return pk.column


def _rows(cursor, sql: str, params=()) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _exists(cursor, table: str) -> bool:
    return _rows(cursor, "SELECT to_regclass(%s)", [table])[0][0] is not None


def _q(name: str) -> str:
    return f'"{name}"'


def _widened(definition: str) -> str:
    """`PRIMARY KEY (id, period)` → `PRIMARY KEY (kota_code, id, period)`; the same for a
    UNIQUE constraint or a CREATE UNIQUE INDEX (its first parenthesis is the column list)."""
    at = definition.index("(") + 1
    return f"{definition[:at]}{KOTA}, {definition[at:]}"


def _ordered(tables: list[str], edges: set[tuple[str, str]], first: str = "") -> list[str]:
    """`first`, then referenced tables before the tables whose foreign keys point at them."""
    needs = {t: {dst for src, dst in edges if src == t and dst in tables} - {t} for t in tables}
    out = [first] if first in needs else []
    needs.pop(first, None)
    while needs:
        ready = sorted(t for t, deps in needs.items() if deps <= set(out)) or sorted(needs)
        for table in ready:
            out.append(table)
            del needs[table]
    return out


def _widen_keys(cursor, table: str, plan: Plan) -> list[list[str]]:
    """Add the DDL that puts kota_code in front of the table's keys and unique indexes to
    `plan`; returns the columns of every key after it, and adds the index on id if needed."""
    after, replaced = [], set()
    for name, definition, comment, columns in _rows(cursor, KEYS_SQL, [table]):
        after.append(columns if KOTA in columns else [KOTA, *columns])
        if KOTA in columns:
            continue
        replaced.add(name)  # a key's index has the key's name
        plan.ddl.append(f"ALTER TABLE {_q(table)} DROP CONSTRAINT {_q(name)}")
        plan.ddl.append(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {_widened(definition)}")
        if comment:  # e.g. partitions.WIDENED, which the reverse partition migration reads
            text = comment.replace("'", "''")
            plan.ddl.append(f"COMMENT ON CONSTRAINT {_q(name)} ON {_q(table)} IS '{text}'")
    for name, definition, _comment, columns in _rows(cursor, UNIQUE_INDEXES_SQL, [table]):
        after.append(columns if KOTA in columns else [KOTA, *columns])
        if KOTA in columns:
            continue
        replaced.add(name)
        plan.ddl.append(f"DROP INDEX {_q(name)}")
        # ON ONLY would index the partitioned parent without its partitions.
        plan.ddl.append(_widened(definition.replace(" ON ONLY ", " ON ", 1)))
    pk = _pk_column(table)
    led_by_pk = {name for (name,) in _rows(cursor, INDEXES_LED_BY_SQL, [table, pk])}
    if not led_by_pk - replaced and not any(key[0] == pk for key in after):
        index = f"{table}_{pk}_idx"[-NAME_LENGTH:]
        plan.ddl.append(f"CREATE INDEX {_q(index)} ON {_q(table)} ({pk})")
    return after


def _composite_fk(fk: ForeignKey, keys: list[list[str]], columns: set[str], partition_key):
    """The definition of `fk` with kota_code in front on both sides, or None when the target
    has no such unique key (and the partition key cannot be added to the referencing side)."""
    own = [KOTA, *(c for c in fk.columns if c != KOTA)]
    target = [KOTA, *(c for c in fk.target_columns if c != KOTA)]
    keys_as_sets = [set(key) for key in keys]
    extra = [c for c in partition_key if c not in target]
    if set(target) not in keys_as_sets:
        if not extra or not set(extra) <= columns or set(target + extra) not in keys_as_sets:
            return None
        own, target = own + extra, target + extra
    match = _FK.match(fk.definition)
    if match is None:
        raise ValueError(f"foreign key definition not understood: {fk.definition}")
    return (
        f"FOREIGN KEY ({', '.join(own)}) REFERENCES {match['target']}({', '.join(target)})"
        + fk.definition[match.end() :]  # ON DELETE …, DEFERRABLE INITIALLY DEFERRED
    )


def _check_foreign_keys(fks, distributed, reference, plan: Plan) -> list[ForeignKey]:
    """The foreign keys between distributed tables that need kota_code; reports (never drops)
    those Citus would refuse."""
    to_replace = []
    for fk in fks:
        src, dst = fk.table in distributed, fk.target in distributed
        where = f"foreign key {fk.name} from {fk.table} to {fk.target}"
        if src and dst:
            if not fk.has_kota_on_both_sides():
                to_replace.append(fk)
        elif dst:
            plan.problems.append(
                f"{where}: tabel yang tidak terdistribusi menunjuk ke tabel terdistribusi"
            )
        elif src and fk.target not in reference:
            plan.problems.append(f"{where}: tabel terdistribusi menunjuk ke tabel lokal")
        elif fk.table in reference and fk.target not in reference:
            plan.problems.append(f"{where}: tabel referensi menunjuk ke tabel bukan referensi")
    return to_replace


def plan(connection) -> Plan:
    """What to run, read from the catalog of `connection` (PostgreSQL)."""
    distributed = _tables(placement.DISTRIBUTED)
    reference = sorted({*_tables(placement.REFERENCE), *_many_to_many_tables(placement.REFERENCE)})
    result = Plan()
    with connection.cursor() as cursor:
        absent = [t for t in distributed + reference if not _exists(cursor, t)]
        if absent:
            result.problems.append(
                f"belum ada di basis data (jalankan migrate): {', '.join(absent)}"
            )
            return result
        columns = {t: {c for (c,) in _rows(cursor, TABLE_COLUMNS_SQL, [t])} for t in distributed}
        partition_keys = {t: _rows(cursor, PARTITION_KEY_SQL, [t]) for t in distributed}
        partition_keys = {t: rows[0][0] for t, rows in partition_keys.items() if rows}
        for table in distributed:
            if KOTA not in columns[table]:
                result.problems.append(f"{table} tidak punya kolom {KOTA}")
            if triggers := [t for (t,) in _rows(cursor, TRIGGERS_SQL, [table])]:
                result.notes.append(
                    f"{table} punya trigger ({', '.join(triggers)}): Citus menjalankannya di shard "
                    "hanya dengan citus.enable_unsafe_triggers"
                )
        for table in sorted(_many_to_many_tables(placement.DISTRIBUTED)):
            result.problems.append(
                f"{table} (many-to-many dari model terdistribusi) tidak punya {KOTA}"
            )
        fks = [ForeignKey(*row) for row in _rows(cursor, FOREIGN_KEYS_SQL)]
        to_replace = _check_foreign_keys(fks, distributed, reference, result)
        # First the foreign keys go (their targets' keys are replaced), then the keys, then the
        # composite foreign keys come back.
        for fk in to_replace:
            result.ddl.append(f"ALTER TABLE {_q(fk.table)} DROP CONSTRAINT {_q(fk.name)}")
        keys_after = {table: _widen_keys(cursor, table, result) for table in distributed}
        for fk in to_replace:
            definition = _composite_fk(
                fk, keys_after[fk.target], columns[fk.table], partition_keys.get(fk.target, [])
            )
            if definition is None:
                result.problems.append(
                    f"foreign key {fk.name} dari {fk.table}: {fk.target} tidak punya kunci unik "
                    f"({KOTA}, {', '.join(fk.target_columns)}) untuk dirujuk"
                )
            else:
                result.ddl.append(
                    f"ALTER TABLE {_q(fk.table)} ADD CONSTRAINT {_q(fk.name)} {definition}"
                )
        result.citus_installed = bool(_rows(cursor, CITUS_INSTALLED_SQL))
        done = {t for (t,) in _rows(cursor, CITUS_TABLES_SQL)} if result.citus_installed else set()
    result.citus = _citus_calls(reference, distributed, {(f.table, f.target) for f in fks}, done)
    return result


def _citus_calls(reference, distributed, edges, done: set[str]) -> list[str]:
    """Reference tables first: the distributed tables' foreign keys point at them."""
    colocate = apps.get_model(placement.COLOCATE_WITH)._meta.db_table
    calls = [
        f"SELECT create_reference_table('{table}')"
        for table in _ordered(reference, edges)
        if table not in done
    ]
    for table in _ordered(distributed, edges, first=colocate):
        if table not in done:
            with_ = "" if table == colocate else f", colocate_with => '{colocate}'"
            calls.append(f"SELECT create_distributed_table('{table}', '{KOTA}'{with_})")
    # One transaction writes reference tables and the shards whose foreign keys point at them.
    return ["SET LOCAL citus.multi_shard_modify_mode TO 'sequential'", *calls] if calls else []


def apply(connection, prepared: Plan) -> int:
    """Run the DDL, then the Citus calls if the extension is installed, in one transaction;
    returns the number of statements run."""
    statements = prepared.ddl + (prepared.citus if prepared.citus_installed else [])
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return len(statements)

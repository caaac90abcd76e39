"""One portable backup file of every table, restorable into SQLite or PostgreSQL.

Format (a zip): `tables/<db_table>.jsonl` with one JSON array per row (columns in the order the
manifest lists them) and `manifest.json` (format version, applied migrations, and per table its
columns, row count and SHA-256). Values are written as Django reads them (decimals and dates as
text, JSON as JSON), so the same file loads into either database; pg_dump output would not load
into SQLite, hence no pg_dump.

Consistency: on SQLite the live file is first copied with SQLite's online backup API and the
copy is read; on PostgreSQL every table is read inside one REPEATABLE READ, READ ONLY
transaction. Restore checks the whole file before touching the database, then replaces every
table inside one transaction: it either loads every row or changes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import sqlite3
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "ranting-backup"
VERSION = 1
MANIFEST = "manifest.json"
BATCH_SIZE = 1000
# Rows `migrate` itself creates in a fresh database; they do not make it "non-empty".
MIGRATE_MADE = ("django_content_type", "auth_permission")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is Indonesian, for the operator."""


@dataclass(frozen=True)
class TableSummary:
    table: str
    rows: int


def backed_up_models() -> list[type[models.Model]]:
    """Every model with its own table (many-to-many tables included), by table name."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            found.setdefault(meta.db_table, model)
    return [found[name] for name in sorted(found)]


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _encode(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(field: models.Field, value: object) -> object:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64decode(str(value))
    return field.to_python(value)


def _applied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# --- backup ----------------------------------------------------------------------------------


@contextmanager
def _sqlite_snapshot(alias: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection to a copy of the SQLite database made with the online backup API.

    The connection is not registered in `django.db.connections`: it is read through query
    compilers, so nothing else in the process can pick it up.
    """
    source = connections[alias]
    source.ensure_connection()
    with tempfile.TemporaryDirectory(prefix="ranting-backup-") as folder:
        copy_path = str(Path(folder) / "snapshot.sqlite3")
        target = sqlite3.connect(copy_path)
        try:
            source.connection.backup(target)
        finally:
            target.close()
        snapshot = type(source)({**source.settings_dict, "NAME": copy_path, "OPTIONS": {}}, alias)
        try:
            yield snapshot
        finally:
            snapshot.close()


@contextmanager
def _consistent_read(alias: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection whose reads all see one moment of the database."""
    connection = connections[alias]
    outer = connection.in_atomic_block
    if connection.vendor == "sqlite" and not outer:
        with _sqlite_snapshot(alias) as snapshot:
            yield snapshot
        return
    # Inside the caller's transaction (SQLite's backup would wait for it to end): read there.
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql" and not outer:
            # Must be the transaction's first statement (not possible inside an outer one).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield connection


def _write_table(
    archive: zipfile.ZipFile, model: type[models.Model], connection: BaseDatabaseWrapper
) -> dict:
    fields = _columns(model)
    query = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields]).query
    rows = query.get_compiler(connection=connection).results_iter(
        tuple_expected=True, chunked_fetch=True, chunk_size=BATCH_SIZE
    )
    name = f"tables/{model._meta.db_table}.jsonl"
    digest, count = hashlib.sha256(), 0
    with archive.open(name, "w") as raw:
        for values in rows:
            line = (json.dumps([_encode(v) for v in values], ensure_ascii=False) + "\n").encode()
            raw.write(line)
            digest.update(line)
            count += 1
    return {
        "table": model._meta.db_table,
        "model": model._meta.label,
        "file": name,
        "columns": [f.attname for f in fields],
        "rows": count,
        "sha256": digest.hexdigest(),
    }


def write_backup(path: Path, alias: str = DEFAULT_DB_ALIAS) -> list[TableSummary]:
    """Write every table of database `alias` to the zip file `path` (replaced atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".ranting-backup-", dir=path.parent)
    os.close(handle)
    try:
        with (
            _consistent_read(alias) as reading,
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            tables = [_write_table(archive, model, reading) for model in backed_up_models()]
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "source": connections[alias].vendor,
                "migrations": _applied_migrations(reading),
                "tables": tables,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return [TableSummary(t["table"], t["rows"]) for t in tables]


# --- restore ---------------------------------------------------------------------------------


def _broken(reason: str) -> BackupError:
    return BackupError(f"Berkas cadangan rusak atau terpotong: {reason}. Basis data tidak diubah.")


def _open_archive(path: Path) -> tuple[zipfile.ZipFile, dict]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as err:
        raise BackupError(f"Berkas cadangan {path} tidak ditemukan.") from err
    except (zipfile.BadZipFile, OSError) as err:
        raise _broken("bukan berkas zip yang utuh") from err
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as err:
        archive.close()
        raise _broken("daftar isi (manifest.json) tidak terbaca") from err
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        archive.close()
        raise BackupError(
            f"Berkas ini bukan cadangan RANTING versi {VERSION}. Basis data tidak diubah."
        )
    return archive, manifest


def _table_lines(archive: zipfile.ZipFile, entry: dict) -> Iterator[bytes]:
    with archive.open(entry["file"]) as raw:
        yield from raw


def _verify(archive: zipfile.ZipFile, manifest: dict) -> None:
    """Every table file is present, complete and unchanged (checksum and row count)."""
    for entry in manifest["tables"]:
        digest, count = hashlib.sha256(), 0
        try:
            for line in _table_lines(archive, entry):
                digest.update(line)
                count += 1
        except (KeyError, zipfile.BadZipFile, OSError, EOFError) as err:
            raise _broken(f"tabel {entry['table']} tidak terbaca") from err
        if count != entry["rows"] or digest.hexdigest() != entry["sha256"]:
            raise _broken(f"isi tabel {entry['table']} tidak cocok dengan daftar isinya")


def _check_schema(manifest: dict, alias: str) -> dict[str, type[models.Model]]:
    if manifest["migrations"] != _applied_migrations(connections[alias]):
        raise BackupError(
            "Skema basis data tujuan berbeda dari skema cadangan (migrasi tidak sama). Pasang "
            "versi RANTING yang membuat cadangan ini, atau jalankan `manage.py migrate` pada "
            "basis data kosong. Basis data tidak diubah."
        )
    models_by_table = {m._meta.db_table: m for m in backed_up_models()}
    for entry in manifest["tables"]:
        model = models_by_table.get(entry["table"])
        if model is None or entry["columns"] != [f.attname for f in _columns(model)]:
            raise BackupError(
                f"Tabel {entry['table']} pada cadangan tidak cocok dengan basis data tujuan. "
                "Basis data tidak diubah."
            )
    return models_by_table


def _non_empty(models_by_table: dict[str, type[models.Model]], alias: str) -> list[str]:
    return [
        table
        for table, model in models_by_table.items()
        if table not in MIGRATE_MADE and model._base_manager.using(alias).exists()
    ]


def _insert(archive, entry: dict, model: type[models.Model], alias: str) -> None:
    connection = connections[alias]
    fields = {f.attname: f for f in _columns(model)}
    ordered = [fields[name] for name in entry["columns"]]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f in ordered),
        ", ".join(["%s"] * len(ordered)),
    )
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for line in _table_lines(archive, entry):
            values = json.loads(line)
            batch.append(
                [
                    f.get_db_prep_save(_decode(f, v), connection)
                    for f, v in zip(ordered, values, strict=True)
                ]
            )
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def restore_backup(
    path: Path, force: bool = False, alias: str = DEFAULT_DB_ALIAS
) -> list[TableSummary]:
    """Load the backup at `path` into database `alias`, replacing its rows only with `force`.

    Raises BackupError (nothing changed) for a damaged file, another schema version, or a
    database that already holds data while `force` is False.
    """
    archive, manifest = _open_archive(path)
    with archive:
        _verify(archive, manifest)
        models_by_table = _check_schema(manifest, alias)
        filled = _non_empty(models_by_table, alias)
        if filled and not force:
            raise BackupError(
                f"Basis data tujuan sudah berisi data (tabel {', '.join(filled[:5])}). Pulihkan "
                "ke basis data kosong, atau pakai --force untuk mengganti seluruh isinya."
            )
        connection = connections[alias]
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                for table in models_by_table:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
            for entry in manifest["tables"]:
                _insert(archive, entry, models_by_table[entry["table"]], alias)
            _check_loaded(manifest, models_by_table, alias)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(
                    no_style(), list(models_by_table.values())
                ):
                    cursor.execute(statement)
    ContentType.objects.clear_cache()
    return [TableSummary(t["table"], t["rows"]) for t in manifest["tables"]]


def _check_loaded(manifest: dict, models_by_table: dict, alias: str) -> None:
    """Row counts match the manifest and every foreign key points to a row (else roll back)."""
    for entry in manifest["tables"]:
        loaded = models_by_table[entry["table"]]._base_manager.using(alias).count()
        if loaded != entry["rows"]:
            raise _broken(f"tabel {entry['table']} termuat {loaded} baris, bukan {entry['rows']}")
    try:
        connections[alias].check_constraints()
    except IntegrityError as err:  # the message names the table and row
        raise BackupError(
            f"Cadangan memuat rujukan ke baris yang tidak ada ({err}). Basis data tidak diubah."
        ) from err

"""The PostgreSQL backend of ranting.lib.postgresql: bulk inserts as multi-row VALUES."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Model, Value
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext

from ranting.regions.models import Region

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("env", "engine"),
    [
        ({"DATABASE_URL": "postgres://u:p@db.example:5432/ranting"}, "ranting.lib.postgresql"),
        ({"DB": "postgres"}, "ranting.lib.postgresql"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "django.db.backends.sqlite3"),
    ],
)
def test_every_postgresql_setting_uses_the_backend(env, engine):
    code = "import ranting.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == engine


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)")
@pytest.mark.django_db
def test_a_bulk_insert_is_one_values_statement_and_returns_the_rows():
    rows = [Region(code=f"99.{i:02d}", name=f"Kota Uji {i}", level="kota") for i in range(5)]
    with CaptureQueriesContext(connection) as queries:
        Region.objects.bulk_create(rows)

    [insert] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert "UNNEST" not in insert
    assert insert.count("), (") == 4  # five rows of VALUES
    assert sorted(Region.objects.filter(code__startswith="99.").values_list("code", flat=True)) == [
        f"99.{i:02d}" for i in range(5)
    ]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)")
@pytest.mark.django_db
def test_a_large_bulk_insert_is_parsed_once_and_then_taken_from_the_cache():
    from psycopg import _queries

    def insert(first: int) -> None:
        # 60 rows × 3 fields or more: past psycopg's own cap of 50 parameters.
        rows = [Region(code=f"98.{first + i:03d}", name="Uji", level="kota") for i in range(60)]
        Region.objects.bulk_create(rows)

    insert(0)
    before = _queries._query2pg_client.cache_info()
    insert(100)
    after = _queries._query2pg_client.cache_info()

    assert after.hits == before.hits + 1
    assert after.misses == before.misses
    assert Region.objects.filter(code__startswith="98.").count() == 120


def _insert_sql(rows: Sequence[Model], generic: bool) -> list:
    from django.db.models.sql import InsertQuery
    from django.db.models.sql.compiler import SQLInsertCompiler

    query = InsertQuery(Region)
    query.insert_values(Region._meta.concrete_fields, list(rows))
    compiler = query.get_compiler(connection=connection)
    if generic:  # Django's own way: each value asked in turn
        compiler.assemble_as_sql = partial(SQLInsertCompiler.assemble_as_sql, compiler)
    return compiler.as_sql()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)")
@pytest.mark.django_db
def test_plain_values_are_assembled_as_django_assembles_them():
    kota = Region.objects.create(code="97.01", name="Kota Induk", level="kota")
    rows = [
        Region(
            code=f"97.01.{i:02d}", name=f"Kec {i}", level="kecamatan", parent=kota if i else None
        )
        for i in range(4)
    ]

    fast = _insert_sql(rows, generic=False)

    assert fast == _insert_sql(rows, generic=True)
    [(sql, params)] = fast
    assert sql.count("), (") == 3
    assert None in params
    assert kota.pk in params


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)")
@pytest.mark.django_db
def test_a_bulk_insert_with_an_expression_still_compiles_it():
    rows = [
        Region(code="96.01", name=Upper(Value("kota ekspresi")), level="kota"),
        Region(code="96.02", name="Kota Biasa", level="kota"),
    ]

    Region.objects.bulk_create(rows)

    names = dict(Region.objects.filter(code__startswith="96.").values_list("code", "name"))
    assert names == {"96.01": "KOTA EKSPRESI", "96.02": "Kota Biasa"}


def _prepared(field, value, generic: bool):
    """(type, value) of `value` prepared for an insert, or the error raised."""
    from django.db.models.sql import InsertQuery
    from django.db.models.sql.compiler import SQLInsertCompiler

    compiler = InsertQuery(field.model).get_compiler(connection=connection)
    prepare = partial(SQLInsertCompiler.prepare_value, compiler) if generic else None
    try:
        out = (prepare or compiler.prepare_value)(field, value)
    except Exception as err:  # noqa: BLE001 - the same refusal is what is compared
        return type(err)
    return type(out), out


def _value_cases():
    import datetime as dt
    from decimal import Decimal
    from uuid import UUID

    from django.db import models

    from ranting.api.models import ClientWrite
    from ranting.audit.models import LogEntry
    from ranting.measurements.models import Measurement

    class Note(str):
        pass

    # Fixed values: the test ids must be the same in every xdist worker.
    aware, naive = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC), dt.datetime(2026, 1, 2, 3, 4)  # noqa: DTZ001
    uuid = UUID("6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c")
    samples = {
        models.CharField: ["", "Kec", Note("x"), 5],
        models.TextField: ["panjang", None],
        models.BooleanField: [True, False, 1],
        models.FloatField: [1.5, -0.0, 2, Decimal("1.25")],
        models.DecimalField: [Decimal("12.30"), Decimal("NaN"), 3.14159, "7.5", 7],
        models.DateField: [dt.date(2026, 1, 31), aware, "2026-02-01"],
        models.DateTimeField: [aware, naive, dt.date(2026, 3, 1)],
        models.UUIDField: [uuid, str(uuid)],
        models.IntegerField: [0, 2**31 - 1, True, "12", 3.0],
        models.PositiveIntegerField: [7],
        models.PositiveSmallIntegerField: [3, None],
        models.ForeignKey: [12, "12", None, True],
    }
    fields = [
        f
        for model in (Measurement, LogEntry, ClientWrite, Region)
        for f in model._meta.concrete_fields
    ]
    for field in fields:
        for value in [None, *samples.get(type(field), [])]:
            yield pytest.param(field, value, id=f"{field.model.__name__}.{field.name}={value!r}")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # Django's warning on a naive datetime
@pytest.mark.parametrize(("field", "value"), list(_value_cases()))
def test_values_are_prepared_as_django_prepares_them(field, value):
    assert _prepared(field, value, generic=False) == _prepared(field, value, generic=True)

"""`manage.py citus_prepare` (ranting.cluster.citus): after `--apply` the catalog obeys Citus's
rules for tables distributed by kota_code, and the app still writes through it.

PostgreSQL: PGPORT_TEST=54351 scripts/with-postgres .venv/bin/pytest -q ranting/cluster (DDL is
transactional there, so each test's conversion is rolled back with the test). That server has
no Citus: its calls are checked as text and reported as skipped. The SQLite refusal runs on
SQLite: .venv/bin/pytest -q ranting/cluster.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ranting.api.tests.conftest import _no_rate_limits, api, child_body, measurement_body, new_id  # noqa: F401
from ranting.children.models import Child, ChildTransfer
from ranting.cluster import citus, placement
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.recaps import services as recaps
from ranting.recaps.models import MonthlyReport, ReportEvent

pytestmark = pytest.mark.django_db
ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)"
)
KOTA = placement.DISTRIBUTION_COLUMN
DISTRIBUTED = citus._tables(placement.DISTRIBUTED)
COLOCATE = "children_child"
OTHER_KOTA = "99.99"


def _run(*args: str) -> str:
    if connection.vendor == "postgresql":
        _check_deferred_constraints()
    out = io.StringIO()
    call_command("citus_prepare", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _names(key: str, rel: str) -> str:
    return citus._columns(key, rel)


def _distributed_relations() -> list[str]:
    """The distributed tables and their partitions (Citus distributes those with them)."""
    partitions = _rows(
        "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ANY(%s)",
        [DISTRIBUTED],
    )
    return DISTRIBUTED + [name for (name,) in partitions]


def _check_deferred_constraints() -> None:
    """The foreign keys are DEFERRABLE INITIALLY DEFERRED and a test never commits: check now.
    (PostgreSQL also refuses to ALTER a table with checks still pending, as the fixtures' rows
    leave them; a real run starts its own transaction.)"""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal on SQLite")
def test_it_refuses_sqlite_with_a_clear_message():
    for option in ("--sql", "--apply"):
        with pytest.raises(CommandError, match="memerlukan PostgreSQL"):
            _run(option)


@pytest.mark.postgres
@ON_POSTGRES
def test_sql_prints_every_citus_call_and_runs_nothing():
    script = _run("--sql")

    assert f"SELECT create_distributed_table('{COLOCATE}', '{KOTA}');" in script
    for table in DISTRIBUTED:
        if table != COLOCATE:
            call = f"create_distributed_table('{table}', '{KOTA}', colocate_with => '{COLOCATE}')"
            assert call in script
    for table in citus._tables(placement.REFERENCE):
        assert f"create_reference_table('{table}')" in script
    assert "ekstensi citus belum dipasang" in script
    # Reference tables first: the distributed tables' foreign keys point at them.
    first_distributed = script.index("create_distributed_table(")
    assert script.index("create_reference_table('regions_posyandu')") < first_distributed
    assert (
        'ADD CONSTRAINT "measurements_measurement_pkey" PRIMARY KEY (kota_code, id, period)'
        in script
    )
    pk = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s"
    assert _rows(pk, ["children_child_pkey"]) == [("PRIMARY KEY (id)",)]


@pytest.mark.postgres
@ON_POSTGRES
def test_after_apply_the_catalog_obeys_citus_and_a_second_run_has_nothing_to_do():
    with connection.cursor() as cursor:  # a unique index that backs no constraint
        cursor.execute(
            "CREATE UNIQUE INDEX cluster_probe ON measurements_measurement (child_id, period) "
            "WHERE oedema"
        )
    out = _run("--apply")
    relations = _distributed_relations()

    assert "perintah Citus dilewati: ekstensi citus belum dipasang" in out
    assert len(relations) > len(DISTRIBUTED)  # the measurement partitions are checked too
    unique = _rows(
        f"SELECT c.relname::text, ci.relname::text, {_names('i.indkey::int2[]', 'i.indrelid')} "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_class ci ON ci.oid = i.indexrelid WHERE i.indisunique AND c.relname = ANY(%s)",
        [relations],
    )
    assert {table for table, _index, _columns in unique} == set(relations)  # a primary key each
    assert [(t, index) for t, index, columns in unique if KOTA not in columns] == []
    probe = _rows("SELECT pg_get_indexdef('cluster_probe'::regclass)")[0][0]
    assert probe.endswith("(kota_code, child_id, period) WHERE oedema")
    fks = _rows(
        f"SELECT src.relname::text, dst.relname::text, {_names('c.conkey', 'c.conrelid')}, "
        f"{_names('c.confkey', 'c.confrelid')} FROM pg_constraint c "
        "JOIN pg_class src ON src.oid = c.conrelid JOIN pg_class dst ON dst.oid = c.confrelid "
        "WHERE c.contype = 'f' AND dst.relname = ANY(%s)",
        [relations],
    )
    assert {src for src, *_ in fks} <= set(relations)  # nothing else points at them
    between = {(src, dst) for src, dst, *_ in fks}
    assert {("measurements_measurement", COLOCATE), ("children_childtransfer", COLOCATE),
            ("recaps_reportevent", "recaps_monthlyreport"),
            ("review_reviewrow", "review_reviewyear")} <= between  # fmt: skip
    for src, dst, columns, target in fks:
        assert KOTA in columns, (src, dst)
        assert KOTA in target, (src, dst)
        assert columns.index(KOTA) == target.index(KOTA), (src, dst)
    led_by_id = _rows(
        "SELECT DISTINCT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE a.attname = 'id' AND i.indpred IS NULL AND c.relname = ANY(%s)",
        [relations],
    )
    assert sorted(name for (name,) in led_by_id) == sorted(relations)

    assert citus.plan(connection).ddl == []
    assert "0 perintah DDL dijalankan" in _run("--apply")
    assert "-- tidak ada yang perlu diubah" in _run("--sql")


def test_a_foreign_key_to_the_partitioned_table_takes_its_partition_key():
    fk = citus.ForeignKey(
        "revision_fk", "measurements_measurementrevision", "measurements_measurement",
        "FOREIGN KEY (measurement_id) REFERENCES measurements_measurement(id) DEFERRABLE",
        ["measurement_id"], ["id"],
    )  # fmt: skip
    keys = [[KOTA, "id", "period"], [KOTA, "child_id", "period"]]

    with_period = citus._composite_fk(fk, keys, {KOTA, "measurement_id", "period"}, ["period"])
    without = citus._composite_fk(fk, keys, {KOTA, "measurement_id"}, ["period"])

    assert with_period == (
        "FOREIGN KEY (kota_code, measurement_id, period) "
        "REFERENCES measurements_measurement(kota_code, id, period) DEFERRABLE"
    )
    assert without is None  # reported as a problem: no (kota_code, id) key to point at


@pytest.mark.postgres
@ON_POSTGRES
def test_the_app_writes_through_the_converted_schema(api, people, regions):  # noqa: F811
    _run("--apply")
    kader = api("kader")

    created = kader.post("/children", child_body(regions))
    assert created.status_code == 201
    child = Child.objects.get(pk=created.json()["id"])
    weighed = kader.post("/measurements", measurement_body(child))
    assert weighed.status_code == 201
    change = {"client_id": new_id(), "weight_kg": 11.6, "reason": "timbangan belum nol"}
    corrected = kader.patch(f"/measurements/{weighed.json()['id']}", change)
    assert corrected.status_code == 200
    report = recaps.get_or_create_report(regions["posyandu_a"], timezone.localdate())
    recaps.submit_report(report, people["kader"])
    recaps.approve_report(report, people["admin_kelurahan"])
    _check_deferred_constraints()

    measurement = Measurement.objects.get(pk=weighed.json()["id"])
    revision = MeasurementRevision.objects.get(measurement=measurement)
    events = ReportEvent.objects.filter(report=report)
    assert {child.kota_code, measurement.kota_code, revision.kota_code} == {"32.75"}
    assert MonthlyReport.objects.get(pk=report.pk).status == MonthlyReport.Status.APPROVED
    assert sorted(events.values_list("kind", flat=True)) == ["approved", "submitted"]
    assert set(events.values_list("kota_code", flat=True)) == {"32.75"}


def _stray_event(regions, child):
    report = recaps.get_or_create_report(regions["posyandu_a"], dt.date(2025, 5, 1))
    # bulk_create skips save(), which would copy the parent's kota.
    row = ReportEvent(report=report, kota_code=OTHER_KOTA, kind="submitted", to_status="x")
    ReportEvent.objects.bulk_create([row])


def _stray_transfer(regions, child):
    row = ChildTransfer(child=child, kota_code=OTHER_KOTA, from_posyandu=regions["posyandu_a"],
                        to_posyandu=regions["posyandu_b"])  # fmt: skip
    ChildTransfer.objects.bulk_create([row])


def _stray_measurement(regions, child):
    row = Measurement(child=child, posyandu=regions["posyandu_a"], kota_code=OTHER_KOTA,
                      period=dt.date(2025, 5, 1), measured_on=dt.date(2025, 5, 10),
                      weight_kg=9)  # fmt: skip
    Measurement.objects.bulk_create([row])


@pytest.mark.postgres
@ON_POSTGRES
@pytest.mark.parametrize("stray", [_stray_event, _stray_transfer, _stray_measurement])
def test_a_row_of_another_kota_than_its_parent_is_refused_after_the_conversion(
    stray, regions, make_child
):
    child = make_child()
    with transaction.atomic():  # before: the single-column foreign key accepts it
        stray(regions, child)
        _check_deferred_constraints()
        transaction.set_rollback(True)

    _run("--apply")

    stray(regions, child)
    with pytest.raises(IntegrityError, match="violates foreign key"):
        _check_deferred_constraints()


@pytest.mark.postgres
@ON_POSTGRES
def test_a_foreign_key_from_a_local_table_is_reported_and_nothing_is_run():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE cluster_probe (id bigint PRIMARY KEY, "
            "child_id bigint REFERENCES children_child (id))"
        )

    assert "TIDAK DAPAT DIUBAH: foreign key cluster_probe_child_id_fkey" in _run("--sql")
    with pytest.raises(CommandError, match="ditolak Citus"):
        _run("--apply")
    pk = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s"
    assert _rows(pk, ["children_child_pkey"]) == [("PRIMARY KEY (id)",)]  # nothing ran

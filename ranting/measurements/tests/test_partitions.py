"""The monthly partitions of the measurement table (PostgreSQL only; migration 0002).

Run with: PGPORT_TEST=54341 scripts/with-postgres .venv/bin/pytest ranting/measurements -q
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from ranting.measurements import partitions
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.measurements.services import correct_measurement
from ranting.measurements.tests.conftest import values
from ranting.testing.migrations import migrate, migrate_to_latest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)"),
]
JUNE = dt.date(2025, 6, 10)
MAY = dt.date(2025, 5, 10)
JUNE_PARTITION = "measurements_measurement_p2025_06"


def _one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _partition_of(m: Measurement) -> str:
    return _one(
        "SELECT tableoid::regclass::text FROM measurements_measurement WHERE id = %s", [m.pk]
    )[0]


def _key_columns(name: str) -> list[str]:
    row = _one(
        "SELECT array_agg(a.attname ORDER BY k.n) FROM pg_constraint c "
        "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
        "WHERE c.conrelid = 'measurements_measurement'::regclass AND c.conname = %s",
        [name],
    )
    return row[0]


@pytest.mark.django_db
def test_the_table_is_partitioned_by_range_of_period():
    strategy, column = _one(
        "SELECT p.partstrat, a.attname FROM pg_partitioned_table p JOIN pg_attribute a "
        "ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
        "WHERE p.partrelid = 'measurements_measurement'::regclass"
    )
    assert (strategy, column) == ("r", "period")
    # PostgreSQL demands the partition key in every unique key.
    assert _key_columns("measurements_measurement_pkey") == ["id", "period"]
    assert _key_columns("measurements_measurement_client_id_key") == ["client_id", "period"]
    assert _key_columns("one_measurement_per_month") == ["child_id", "period"]


@pytest.mark.django_db
def test_a_month_without_partition_waits_in_default_and_moves_with_its_revisions(
    child, record, people
):
    m = record(child, JUNE, 9.5, 76, "l")
    correct_measurement(m, people["kader"], values(JUNE, 9.9, 76, "l"), reason="salah ketik")
    # The migration made partitions around the real date, not the tests' June 2025.
    assert _partition_of(m) == partitions.DEFAULT_PARTITION

    made = partitions.ensure_partitions(connection, dt.date(2025, 5, 1), dt.date(2025, 6, 1))

    assert made == ["measurements_measurement_p2025_05", JUNE_PARTITION]
    assert _partition_of(m) == JUNE_PARTITION
    moved = Measurement.objects.get(pk=m.pk)
    assert (moved.period, str(moved.weight_kg)) == (dt.date(2025, 6, 1), "9.90")
    # The move is a delete and an insert: the cascade to revisions must not fire.
    assert MeasurementRevision.objects.filter(measurement=m).count() == 1
    assert _one("SELECT count(*) FROM measurements_measurement_default")[0] == 0
    # A second run makes nothing new.
    assert partitions.ensure_partitions(connection, dt.date(2025, 5, 1), dt.date(2025, 6, 1)) == []


@pytest.mark.django_db
def test_a_new_row_goes_straight_into_its_partition(child, record):
    partitions.ensure_partitions(connection, dt.date(2025, 5, 1), dt.date(2025, 6, 1))
    may = record(child, MAY, 9.1, 74, "l")
    june = record(child, JUNE, 9.5, 76, "l")
    assert _partition_of(may) == "measurements_measurement_p2025_05"
    assert _partition_of(june) == JUNE_PARTITION
    # A query for one month reads that month's partition only.
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT count(*) FROM measurements_measurement WHERE period = %s",
            [dt.date(2025, 6, 1)],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert JUNE_PARTITION in plan
    assert "p2025_05" not in plan
    assert "_default" not in plan


@pytest.mark.django_db
def test_one_measurement_per_child_and_month_is_still_enforced(child, record):
    m = record(child, JUNE, 9.5, 76, "l")
    duplicate = Measurement(
        child=child, posyandu=child.posyandu, period=m.period, measured_on=JUNE, weight_kg=9
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_a_revision_of_a_missing_measurement_is_refused(people):
    missing = _one("SELECT COALESCE(MAX(id), 0) + 1000 FROM measurements_measurement")[0]
    with transaction.atomic():
        MeasurementRevision.objects.create(measurement_id=missing, previous={}, reason="x")
        # The check is deferred to the commit, like Django's foreign keys.
        with pytest.raises(IntegrityError, match="does not exist"):
            connection.check_constraints()
        transaction.set_rollback(True)
    assert not MeasurementRevision.objects.exists()


@pytest.mark.django_db
def test_deleting_a_measurement_in_sql_deletes_its_revisions(child, record, people):
    m = record(child, JUNE, 9.5, 76, "l")
    correct_measurement(m, people["kader"], values(JUNE, 9.9, 76, "l"), reason="salah ketik")
    other = record(child, MAY, 9.1, 74, "l")
    correct_measurement(other, people["kader"], values(MAY, 9.2, 74, "l"), reason="salah ketik")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM measurements_measurement WHERE id = %s", [m.pk])
    assert list(MeasurementRevision.objects.values_list("measurement_id", flat=True)) == [other.pk]


@pytest.mark.django_db
def test_the_command_makes_this_month_and_the_months_ahead():
    out = io.StringIO()
    call_command("measurement_partitions", months=2, stdout=out)
    # Today is 20 June 2025 in these tests.
    names = {"measurements_measurement_p2025_06", "measurements_measurement_p2025_07",
             "measurements_measurement_p2025_08"}  # fmt: skip
    with connection.cursor() as cursor:
        assert names <= set(partitions.existing_partitions(cursor))
    assert "3 partisi baru dibuat" in out.getvalue()
    with pytest.raises(CommandError, match="--months"):
        call_command("measurement_partitions", months=-1)


@pytest.mark.django_db
def test_the_command_gives_the_months_waiting_in_default_their_partitions(child, record):
    may = record(child, MAY, 9.1, 74, "l")
    june = record(child, JUNE, 9.5, 76, "l")
    assert {_partition_of(may), _partition_of(june)} == {partitions.DEFAULT_PARTITION}
    out = io.StringIO()
    call_command("measurement_partitions", months=0, stdout=out)
    assert _partition_of(may) == "measurements_measurement_p2025_05"
    assert _partition_of(june) == JUNE_PARTITION
    assert "measurements_measurement_p2025_05" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_and_forth_keeping_rows_ids_and_revisions(child, record, people):
    may = record(child, MAY, 9.1, 74, "l")
    june = record(child, JUNE, 9.5, 76, "l")
    correct_measurement(june, people["kader"], values(JUNE, 9.9, 76, "l"), reason="salah ketik")
    rows = sorted(Measurement.objects.values_list("id", "period", "weight_kg"))
    try:
        migrate("measurements", "0001_initial")
        assert _one("SELECT count(*) FROM pg_partitioned_table")[0] == 0
        assert _key_columns("measurements_measurement_pkey") == ["id"]
        assert _key_columns("measurements_measurement_client_id_key") == ["client_id"]
        fk = _one(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' "
            "AND confrelid = 'measurements_measurement'::regclass"
        )[0]
        assert fk.startswith("measurements_measure_measurement_id_")
        assert sorted(Measurement.objects.values_list("id", "period", "weight_kg")) == rows
    finally:
        migrate_to_latest()
    assert sorted(Measurement.objects.values_list("id", "period", "weight_kg")) == rows
    assert _key_columns("measurements_measurement_pkey") == ["id", "period"]
    with connection.cursor() as cursor:
        names = partitions.existing_partitions(cursor)
    assert {"measurements_measurement_p2025_05", JUNE_PARTITION} <= set(names)
    assert MeasurementRevision.objects.get().measurement_id == june.pk
    # The sequence goes on after the highest id: no id is handed out twice.
    later = record(child, dt.date(2025, 4, 10), 8.8, 73, "l")
    assert later.pk > max(may.pk, june.pk)

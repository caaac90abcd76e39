"""`ranting backup` / `ranting restore`: every row of every table survives a round trip."""

import datetime as dt
import hashlib
import json
import zipfile

import pytest
from django.db import connection, transaction
from django.urls import reverse

from ranting.audit.models import LogEntry
from ranting.children.models import Child
from ranting.cli import main
from ranting.interop.backup import MANIFEST, BackupError, restore_backup, write_backup
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.recaps import services as recaps
from ranting.recaps.models import MonthlyReport


def _every_row():
    """Each table's rows as the ORM reads them, read independently of the backup code."""
    from django.apps import apps

    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            names = [f.attname for f in meta.concrete_fields]
            tables[meta.db_table] = list(model._base_manager.order_by("pk").values_list(*names))
    return tables


def _wipe():
    from django.apps import apps

    # One transaction: foreign keys are checked at its end, so the order does not matter.
    with transaction.atomic(), connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@pytest.fixture
def data(people, history, login, regions):
    """Children, measurements with revisions, a verified report, audit entries and a session."""
    report = MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=dt.date(2025, 5, 1)
    )
    recaps.submit_report(report, people["kader"])
    recaps.approve_report(report, people["admin_kelurahan"], "lengkap")
    login(people["kader"]).get(reverse("children:list"))  # a session row
    return history


@pytest.mark.django_db(transaction=True)  # no open transaction: SQLite's online backup runs
def test_it_restores_every_row_of_every_table(data, tmp_path):
    before = _every_row()
    assert len(before["audit_logentry"]) > 20
    assert len(before["audit_entryregion"]) > 20
    assert before["measurements_measurementrevision"]
    assert before["django_session"]
    target = tmp_path / "cadangan.zip"
    summary = write_backup(target)
    assert {t.table: t.rows for t in summary} == {name: len(rows) for name, rows in before.items()}
    _wipe()
    assert Child.objects.count() == 0
    restore_backup(target)
    assert _every_row() == before


def test_it_continues_numbering_after_a_restore(data, tmp_path):
    target = tmp_path / "cadangan.zip"
    write_backup(target)
    highest = max(Measurement.objects.values_list("pk", flat=True))
    _wipe()
    restore_backup(target)
    child, _april = data
    again = Child.objects.create(posyandu=child.posyandu, name="Baru", sex="L",
                                 birth_date=dt.date(2025, 1, 1), mother_name="Ibu")  # fmt: skip
    assert again.pk > child.pk
    revision = MeasurementRevision.objects.create(
        measurement_id=highest, previous={"weight_kg": "1.00"}
    )
    assert revision.pk > 1


def test_it_refuses_a_database_that_holds_data(data, tmp_path):
    target = tmp_path / "cadangan.zip"
    write_backup(target)
    Child.objects.filter(pk=data[0].pk).update(name="Diubah setelah cadangan")
    with pytest.raises(BackupError, match="sudah berisi data .*--force"):
        restore_backup(target)
    assert Child.objects.get(pk=data[0].pk).name == "Diubah setelah cadangan"


def test_it_replaces_the_data_with_force(data, tmp_path):
    before = _every_row()
    target = tmp_path / "cadangan.zip"
    write_backup(target)
    Child.objects.filter(pk=data[0].pk).update(name="Diubah setelah cadangan")
    restore_backup(target, force=True)
    assert _every_row() == before


def _rewrite(source, target, change):
    """Copy the backup zip, passing each member's bytes through change(name, data)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"bukan zip", id="not-a-zip"),
        pytest.param(lambda raw: b"", id="empty"),
    ],
)
def test_it_refuses_a_damaged_file_and_changes_nothing(data, tmp_path, damage):
    good = tmp_path / "cadangan.zip"
    write_backup(good)
    bad = tmp_path / "rusak.zip"
    bad.write_bytes(damage(good.read_bytes()))
    before = _every_row()
    with pytest.raises(BackupError, match="rusak atau terpotong.*Basis data tidak diubah"):
        restore_backup(bad, force=True)
    assert _every_row() == before


def test_it_refuses_a_changed_table_file(data, tmp_path):
    good, bad = tmp_path / "cadangan.zip", tmp_path / "diubah.zip"
    write_backup(good)

    def rename(name, raw):
        return raw.replace(b"Siti Aminah", b"Siti Aminax") if "children_child." in name else raw

    _rewrite(good, bad, rename)
    with pytest.raises(BackupError, match="isi tabel children_child tidak cocok"):
        restore_backup(bad, force=True)


def test_it_rolls_back_everything_when_a_row_points_nowhere(data, tmp_path):
    """A file with valid checksums whose measurement points to a missing child loads nothing."""
    good, bad = tmp_path / "cadangan.zip", tmp_path / "yatim.zip"
    write_backup(good)
    with zipfile.ZipFile(good) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        entry = next(t for t in manifest["tables"] if t["table"] == "measurements_measurement")
        rows = [json.loads(line) for line in archive.read(entry["file"]).decode().splitlines()]
    rows[0][entry["columns"].index("child_id")] = 999999
    orphaned = "".join(json.dumps(row) + "\n" for row in rows).encode()
    entry["sha256"] = hashlib.sha256(orphaned).hexdigest()
    replaced = {entry["file"]: orphaned, MANIFEST: json.dumps(manifest).encode()}
    _rewrite(good, bad, lambda name, raw: replaced.get(name, raw))
    before = _every_row()
    with pytest.raises(BackupError, match="rujukan ke baris yang tidak ada"):
        restore_backup(bad, force=True)
    assert _every_row() == before


def test_it_refuses_a_backup_of_another_schema_version(data, tmp_path):
    good, other = tmp_path / "cadangan.zip", tmp_path / "lama.zip"
    write_backup(good)

    def older(name, raw):
        if name != MANIFEST:
            return raw
        manifest = json.loads(raw)
        manifest["migrations"] = manifest["migrations"][:-1]
        return json.dumps(manifest).encode()

    _rewrite(good, other, older)
    with pytest.raises(BackupError, match="Skema basis data tujuan berbeda"):
        restore_backup(other, force=True)


@pytest.mark.django_db(transaction=True)
def test_the_commands_back_up_and_refuse_to_overwrite(data, tmp_path, capsys):
    target = tmp_path / "cadangan.zip"
    assert main(["backup", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"Cadangan tersimpan: {target}" in out
    assert main(["restore", str(target)]) == 1
    assert "sudah berisi data" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "tidak-ada.zip")]) == 1
    assert "tidak ditemukan" in capsys.readouterr().out
    entries = LogEntry.objects.count()
    assert main(["restore", "--force", str(target)]) == 0
    assert "dipulihkan" in capsys.readouterr().out
    # Restored rows are history, not new changes: no audit entries are added.
    assert LogEntry.objects.count() == entries

"""A crash in the middle of a recap approval leaves no half-written state (issue 6).

A real subprocess approves a submitted report with `recaps.services.approve_report`. The test's
own instrumentation in that subprocess (a post_save receiver on ReportEvent, the last write of
the approval) announces that the status row and the event row are written, then waits; the test
checks that the transaction is open and holds the write lock, and kills the process with
SIGKILL: no rollback by Python, no cleanup. Afterwards the report is still "submitted", there is
no event, no lock is left, and the same approval succeeds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ranting.recaps.models import MonthlyReport

ROOT = Path(settings.BASE_DIR)
READY = "DALAM-TRANSAKSI"
APPROVE = f"""
import sys, time, django
django.setup()
from django.db.models.signals import post_save
from ranting.accounts.models import User
from ranting.recaps import services
from ranting.recaps.models import MonthlyReport, ReportEvent

if sys.argv[3] == "hold":
    def hold(sender, **kwargs):
        print("{READY}", flush=True)
        time.sleep(600)
    post_save.connect(hold, sender=ReportEvent, weak=False)

report = MonthlyReport.objects.select_related("posyandu").get(pk=int(sys.argv[1]))
services.approve_report(report, User.objects.get(username=sys.argv[2]), "lengkap")
print("SELESAI", flush=True)
"""


@pytest.fixture
def submitted(regions, people):
    import datetime as dt

    return MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=dt.date(2025, 5, 1), status="submitted"
    )


class SqliteCopy:
    """The test database copied to a file, so a subprocess can open and crash on it."""

    def __init__(self, path: Path):
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        self.path = path
        self.env = {"DB": "sqlite", "DB_NAME": str(path)}

    def row(self, report_pk: int) -> tuple:
        with sqlite3.connect(self.path) as db:
            return db.execute(
                "SELECT status, approved_at, approved_by_id FROM recaps_monthlyreport WHERE id=?",
                (report_pk,),
            ).fetchone()

    def events(self, report_pk: int) -> int:
        with sqlite3.connect(self.path) as db:
            sql = "SELECT COUNT(*) FROM recaps_reportevent WHERE report_id=?"
            return db.execute(sql, (report_pk,)).fetchone()[0]

    def facts(self) -> list:
        with sqlite3.connect(self.path) as db:
            return db.execute("SELECT * FROM facts_monthlyfact ORDER BY id").fetchall()

    def write_locked(self) -> bool:
        """True while another process holds the database's write lock."""
        db = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            return "locked" in str(err)
        finally:
            db.close()  # a transaction still open here is rolled back
        return False

    def intact(self) -> bool:
        with sqlite3.connect(self.path) as db:
            return db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


class PostgresDb:
    """The PostgreSQL test database itself (the test runs with transaction=True)."""

    def __init__(self):
        conf = connection.settings_dict
        self.env = {"DB": "postgres", "DB_NAME": conf["NAME"], "DB_USER": conf["USER"],
                    "DB_HOST": conf["HOST"], "DB_PORT": str(conf["PORT"])}  # fmt: skip
        if conf["PASSWORD"]:
            self.env["DB_PASSWORD"] = conf["PASSWORD"]

    def _one(self, sql: str, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def row(self, report_pk: int) -> tuple:
        sql = "SELECT status, approved_at, approved_by_id FROM recaps_monthlyreport WHERE id=%s"
        return self._one(sql, [report_pk])[0]

    def events(self, report_pk: int) -> int:
        sql = "SELECT COUNT(*) FROM recaps_reportevent WHERE report_id=%s"
        return self._one(sql, [report_pk])[0][0]

    def facts(self) -> list:
        return self._one("SELECT * FROM facts_monthlyfact ORDER BY id")

    def write_locked(self) -> bool:
        """True while another session holds a lock on the report rows."""
        sql = (
            "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'recaps_monthlyreport' AND l.pid <> pg_backend_pid()"
        )
        return self._one(sql)[0][0] > 0

    def intact(self) -> bool:
        return True


def _approve(db, report_pk: int, mode: str) -> subprocess.Popen:
    env = {"DJANGO_SETTINGS_MODULE": "ranting.settings", **db.env}
    return subprocess.Popen(
        [sys.executable, "-c", APPROVE, str(report_pk), "admin_kel", mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(process: subprocess.Popen, word: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if word in line:
            return
        if process.poll() is not None:
            pytest.fail(f"approval ended early: {process.communicate()}")
    pytest.fail(f"approval never printed {word}")


def _until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_killing_an_approval_mid_transaction_changes_nothing(submitted, people, tmp_path):
    db = SqliteCopy(tmp_path / "crash.sqlite3") if connection.vendor == "sqlite" else PostgresDb()
    before, facts_before = db.row(submitted.pk), db.facts()
    assert before == ("submitted", None, None)

    process = _approve(db, submitted.pk, "hold")
    _wait_for(process, READY)
    # Caught in the middle: the approval's writes are made but uncommitted, under its lock.
    assert db.write_locked()
    assert db.row(submitted.pk) == before
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    assert process.returncode == -signal.SIGKILL
    assert db.intact()
    assert db.row(submitted.pk) == ("submitted", None, None)
    assert db.events(submitted.pk) == 0
    assert db.facts() == facts_before
    assert _until(lambda: not db.write_locked()), "a lock outlived the killed process"

    # Nothing blocks the same approval afterwards.
    again = _approve(db, submitted.pk, "run")
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    status, approved_at, approved_by = db.row(submitted.pk)
    assert status == "approved"
    assert approved_at is not None
    assert approved_by == people["admin_kelurahan"].pk
    assert db.events(submitted.pk) == 1

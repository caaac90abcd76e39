"""A crash in the middle of an import leaves nothing half-written (issue 6).

`ranting import` runs in a real subprocess against a database file (SQLite: a copy of the test
database; PostgreSQL: the test database itself). The test waits until the import reports that it
is saving (children and a first batch of measurements already INSERTed inside its transaction),
kills it with SIGKILL (no cleanup, no rollback by Python), and checks that the database holds
none of its rows, is intact, and takes the same import afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
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

ROOT = Path(settings.BASE_DIR)
CHILDREN = 3000  # 24,000 rows: the save phase lasts long enough to be caught in the middle
MONTHS = [dt.date(2025, m, 10) for m in range(1, 9)]  # valid whatever today's date


def _register(path: Path) -> int:
    """A register of CHILDREN children born in 2023, weighed in January–August 2025."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Nama", "JK", "Tgl Lahir", "Nama Ortu", "Posyandu", "Tgl Ukur", "BB"])
        for c in range(CHILDREN):
            birth = dt.date(2023, c % 12 + 1, c % 28 + 1)
            for k, day in enumerate(MONTHS):
                weight = f"{10 + k * 0.2 + (c % 7) * 0.1:.1f}".replace(".", ",")
                out.writerow([f"Anak {c}", "LP"[c % 2], birth.strftime("%d/%m/%Y"), f"Ibu {c}",
                              "Mawar", day.strftime("%d/%m/%Y"), weight])  # fmt: skip
                rows += 1
    return rows


def _database_env(tmp_path: Path) -> tuple[dict, callable]:
    """Environment pointing a subprocess at this test's data, and a row counter for after."""
    # Built from scratch (settings.py is the one reader of the environment): the interpreter is
    # an absolute path and the project is the working directory, so nothing else is needed.
    env = {"DJANGO_SETTINGS_MODULE": "ranting.settings"}
    if connection.vendor == "sqlite":
        copy = tmp_path / "crash.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        env.update(DB="sqlite", DB_NAME=str(copy))

        def count(table: str) -> int:
            with sqlite3.connect(copy) as db:
                assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

        return env, count
    conf = connection.settings_dict
    env.update(DB="postgres", DB_NAME=conf["NAME"], DB_USER=conf["USER"],
               DB_HOST=conf["HOST"], DB_PORT=str(conf["PORT"]))  # fmt: skip
    if conf["PASSWORD"]:
        env["DB_PASSWORD"] = conf["PASSWORD"]

    def count(table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return cursor.fetchone()[0]

    return env, count


def _import(path: Path, env: dict, progress: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "ranting.cli", "import", str(path), "--kelurahan",
               "32.75.06.1001", "--progress-file", str(progress), "-q"]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait_until_saving(process: subprocess.Popen, progress: Path, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"import ended before it was killed: {process.communicate()}")
        try:
            state = json.loads(progress.read_text())
        except (OSError, ValueError):
            state = {}
        if state.get("phase") == "simpan" and state.get("done", 0) > 0:
            return state
        time.sleep(0.01)
    pytest.fail("the import never reached the save phase")


@pytest.mark.django_db(transaction=True)
def test_killing_the_import_while_it_saves_leaves_no_rows(regions, tmp_path):
    path = tmp_path / "register.csv"
    rows = _register(path)
    env, count = _database_env(tmp_path)
    progress = tmp_path / "progress.json"

    process = _import(path, env, progress)
    state = _wait_until_saving(process, progress)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    assert process.returncode == -signal.SIGKILL
    assert 0 < state["done"] < rows  # killed after some rows were INSERTed, before the end
    assert count("children_child") == 0
    assert count("measurements_measurement") == 0

    # The database is usable and takes the whole import afterwards.
    again = _import(path, env, tmp_path / "progress2.json")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert count("children_child") == CHILDREN
    assert count("measurements_measurement") == rows

"""FACTS_REFRESH = "queued": writers queue their posyandu-months, the refresher recomputes them
(PostgreSQL only: the queue is shared with SKIP LOCKED)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from ranting.facts import services
from ranting.facts.models import MonthlyFact, StaleFact
from ranting.facts.refresher import Refresher
from ranting.facts.tests.conftest import JUNE, MAY

ROOT = Path(__file__).resolve().parents[3]
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)"
)


@pytest.fixture
def queued(settings, make_child, measure):
    """queued(posyandu) → a measurement saved with FACTS_REFRESH = "queued" (its child was
    registered before, inline, so the queue holds only the measurement's month)."""

    def _queued(posyandu, **fields):
        child = make_child(posyandu=posyandu)
        settings.FACTS_REFRESH = "queued"
        try:
            return measure(posyandu, child=child, **fields)
        finally:
            settings.FACTS_REFRESH = "inline"

    return _queued


def _recount(posyandu, period):
    """The fact an inline refresh computes, without keeping it."""
    with transaction.atomic():
        services.refresh_facts([(posyandu.pk, period)])
        row = MonthlyFact.objects.filter(posyandu=posyandu, period=period).values().first()
        transaction.set_rollback(True)
    return row and {k: v for k, v in row.items() if k not in {"id", "refreshed_at"}}


def _fact(posyandu, period):
    row = MonthlyFact.objects.filter(posyandu=posyandu, period=period).values().first()
    return row and {k: v for k, v in row.items() if k not in {"id", "refreshed_at"}}


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db
def test_a_write_queues_its_month_and_the_refresher_recomputes_it(
    settings, regions, measure, make_child
):
    a, b = regions["posyandu_a"], regions["posyandu_b"]
    kids = [make_child(posyandu=p, name=f"Anak {i}") for i, p in enumerate([a, a, b, b])]
    MonthlyFact.objects.all().delete()  # the register's S, refreshed inline
    settings.FACTS_REFRESH = "queued"
    measure(a, child=kids[0])
    measure(a, child=kids[1], weight_kg=5)  # underweight at 14 months
    with services.deferred_refresh():
        measure(b, period=JUNE, child=kids[2])
        measure(b, period=JUNE, child=kids[3])

    assert not MonthlyFact.objects.exists()
    queue = sorted(StaleFact.objects.values_list("posyandu_id", "period"))
    assert queue == [(a.pk, MAY), (a.pk, MAY), (b.pk, JUNE)]  # the block queued its pair once

    expected = {(a.pk, MAY): _recount(a, MAY), (b.pk, JUNE): _recount(b, JUNE)}
    assert services.refresh_stale() == 3
    assert services.refresh_stale() == 0
    assert not StaleFact.objects.exists()
    assert {(a.pk, MAY): _fact(a, MAY), (b.pk, JUNE): _fact(b, JUNE)} == expected
    assert (_fact(a, MAY)["d"], _fact(a, MAY)["s"]) == (2, 2)


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db
def test_a_failed_refresh_keeps_the_queue(queued, regions):
    a = regions["posyandu_a"]
    queued(a)
    MonthlyFact.objects.all().delete()

    def dies_before_the_commit():
        with transaction.atomic():
            services.refresh_stale()
            raise RuntimeError("the process dies before the commit")

    with pytest.raises(RuntimeError):
        dies_before_the_commit()

    assert StaleFact.objects.count() == 1
    assert not MonthlyFact.objects.exists()


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db
def test_a_rolled_back_write_queues_nothing(queued, regions):
    def refused():
        with transaction.atomic():
            queued(regions["posyandu_a"])
            raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        refused()

    assert not StaleFact.objects.exists()


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_refreshers_share_the_queue_and_take_no_row_twice(queued, regions):
    a, b = regions["posyandu_a"], regions["posyandu_b"]
    queued(a)
    queued(b)
    taken_by_other: list[int] = []
    holding, done = threading.Event(), threading.Event()

    def other() -> None:
        with transaction.atomic():
            taken_by_other.append(services.refresh_stale(limit=1))  # a's row, held locked
            holding.set()
            done.wait(10)
        connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    assert holding.wait(10)
    try:
        mine = services.refresh_stale()  # skips the locked row instead of waiting for it
        left = StaleFact.objects.count()
    finally:
        done.set()
        thread.join()

    assert (taken_by_other, mine, left) == ([1], 1, 1)
    assert not StaleFact.objects.exists()
    assert MonthlyFact.objects.filter(d=1).count() == 2


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_refresher_thread_drains_the_queue(queued, regions):
    a = regions["posyandu_a"]
    for _ in range(3):
        queued(a)
    refresher = Refresher(seconds=0.05)
    refresher.start()
    try:
        deadline = time.monotonic() + 10
        while StaleFact.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        refresher.stop()
        refresher.join(10)

    assert not StaleFact.objects.exists()
    assert MonthlyFact.objects.get(posyandu=a, period=MAY).d == 3
    assert not refresher.is_alive()


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db
def test_rebuild_facts_stale_drains_the_queue_once(queued, regions):
    queued(regions["posyandu_a"])
    out = StringIO()
    call_command("rebuild_facts", "--stale", stdout=out)

    assert "1 antrean" in out.getvalue()
    assert MonthlyFact.objects.get(posyandu=regions["posyandu_a"], period=MAY).d == 1
    with pytest.raises(CommandError, match="--stale"):
        call_command("rebuild_facts", "--stale", "--kota", "32.75")


@pytest.mark.django_db
def test_inline_is_the_default_and_refreshes_in_the_write(regions, measure):
    measure(regions["posyandu_a"])

    assert not StaleFact.objects.exists()
    assert MonthlyFact.objects.get(posyandu=regions["posyandu_a"], period=MAY).d == 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RANTING_FACTS_REFRESH": "later"}, "must be inline or queued"),
        ({"RANTING_FACTS_REFRESH": "queued", "DB": "sqlite"}, "needs PostgreSQL"),
        ({"RANTING_FACTS_REFRESH_SECONDS": "0"}, "at least 1"),
    ],
)
def test_a_bad_setting_is_refused_at_start(env, message):
    # A fresh interpreter with only these variables (and the path to find the code).
    result = subprocess.run(
        [sys.executable, "-c", "import ranting.settings"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def _database_env() -> dict:
    """Environment pointing a subprocess at this test's PostgreSQL database, facts queued."""
    conf = connection.settings_dict
    env = {"DJANGO_SETTINGS_MODULE": "ranting.settings", "PATH": "/usr/bin:/bin",
           "DB": "postgres", "DB_NAME": conf["NAME"], "DB_USER": conf["USER"],
           "DB_HOST": conf["HOST"], "DB_PORT": str(conf["PORT"]),
           "RANTING_FACTS_REFRESH": "queued", "RANTING_FACTS_REFRESH_SECONDS": "1"}  # fmt: skip
    if conf["PASSWORD"]:
        env["DB_PASSWORD"] = conf["PASSWORD"]
    return env


@POSTGRES_ONLY
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rebuild_facts_follow_keeps_draining_until_sigterm(queued, regions):
    a = regions["posyandu_a"]
    queued(a)  # queued before the process starts: its first pass takes it
    command = [sys.executable, "manage.py", "rebuild_facts", "--stale", "--follow"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=_database_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        for expected in (1, 2):  # and one queued while it runs: taken at a later tick
            deadline = time.monotonic() + 30
            while StaleFact.objects.exists() and time.monotonic() < deadline:
                assert process.poll() is None, process.communicate()
                time.sleep(0.1)
            assert not StaleFact.objects.exists()
            assert MonthlyFact.objects.get(posyandu=a, period=MAY).d == expected
            if expected == 1:
                queued(a)
        assert process.poll() is None  # still following
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Berhenti." in out.decode()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["--follow"], "bersama --stale"), (["--stale", "--follow"], "bukan queued")],
)
def test_rebuild_facts_follow_is_refused_where_it_cannot_work(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("rebuild_facts", *arguments)

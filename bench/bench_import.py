"""Benchmark of the register import (prints figures; not a test).

    .venv/bin/python bench/bench_import.py [--rows 100000] [--months 8] [--seed 1] [--xlsx]
    PGPORT_TEST=54337 scripts/with-postgres .venv/bin/python bench/bench_import.py   # PostgreSQL

Generates a synthetic but realistic register as an e-PPGBM-like CSV (`;`, decimal comma,
dd/mm/yyyy): --rows rows = children x --months monthly weighings in one kelurahan with 25
posyandu, growth drawn with the demo's WHO-based trajectories (ranting.demo.synthetic), 85% of
children with a valid NIK, 0.5% of rows with a typing error (weight in grams, impossible date) so
the refusal path is exercised. Then, on a fresh database (SQLite file, or PostgreSQL when
DB=postgres), in one run:

1. baseline: csv.reader over the file (bytes → rows, nothing else);
2. check only: every row parsed and validated, matched and derived, nothing written;
3. the import through the CLI code path (`ranting import FILE --kelurahan CODE --valid-only`),
   timed end to end: read, check, derive, one transaction of bulk inserts;
4. the same import again (idempotent: every row already present, nothing written).

Prints seconds and rows/s of each, the import / check and import / csv.reader ratios, the rows
written, and the peak memory of the process. Goal: 100,000 rows in under 30 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ranting.settings")

KELURAHAN = "32.75.06.1001"
POSYANDU_COUNT = 25
NIK_SHARE = 0.85
ERROR_SHARE = 0.005
HEADERS = ["NIK", "Nama", "JK", "Tgl Lahir", "BB Lahir", "TB Lahir", "Nama Ortu", "NIK Ibu",
           "No KK", "Alamat", "RT", "RW", "Posyandu", "Tgl Ukur", "Berat", "Tinggi", "Cara Ukur",
           "LiLA", "Vit A", "ASI Eksklusif"]  # fmt: skip
FIRST = ["Ahmad", "Budi", "Rizki", "Fajar", "Dimas", "Arka", "Bima", "Aisyah", "Siti", "Nabila",
         "Putri", "Zahra", "Nayla", "Keisha", "Alya", "Raka", "Hafiz", "Yusuf", "Citra",
         "Dewi"]  # fmt: skip
LAST = ["Pratama", "Saputra", "Hidayat", "Nugroho", "Lestari", "Wulandari", "Ramadhan",
        "Permata", "Kusuma", "Santoso", "Maulana", "Anjani", "Setiawan", "Rahmawati"]  # fmt: skip
MOTHERS = ["Sri", "Siti", "Dewi", "Rina", "Yuni", "Ani", "Lina", "Wati", "Nur", "Endah", "Tuti",
           "Ratna", "Yanti", "Fitri", "Ika", "Maya"]  # fmt: skip


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """The `count` complete months before `today`'s month, oldest first."""
    first = today.replace(day=1)
    out = []
    for back in range(count, 0, -1):
        index = first.year * 12 + first.month - 1 - back
        out.append(dt.date(index // 12, index % 12 + 1, 1))
    return out


def nik_for(rng: np.random.Generator, sex: str, birth: dt.date, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"327506{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 9999 + 1:04d}"


def decimal_comma(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def generate(path: Path, rows: int, months: int, seed: int, today: dt.date) -> int:
    from ranting.demo import synthetic

    rng = np.random.default_rng(seed)
    periods = months_back(today, months)
    n_children = rows // months
    earliest = dt.date(periods[-1].year - 4, periods[-1].month, 1) + dt.timedelta(days=40)
    span = (periods[0] - earliest).days - 1
    births = [earliest + dt.timedelta(days=int(d)) for d in rng.integers(0, span, n_children)]
    sexes = np.where(rng.random(n_children) < 0.5, "L", "P")
    haz, whz = synthetic.trajectories(rng, n_children, months)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(HEADERS)
        for c in range(n_children):
            birth, sex = births[c], str(sexes[c])
            nik = nik_for(rng, sex, birth, c) if rng.random() < NIK_SHARE else ""
            name = f"{FIRST[c % len(FIRST)]} {LAST[(c // 7) % len(LAST)]} {c}"
            mother = f"{MOTHERS[c % len(MOTHERS)]} {LAST[(c // 3) % len(LAST)]}"
            posyandu = f"Posyandu {c % POSYANDU_COUNT + 1:02d}"
            birth_weight = decimal_comma(rng.normal(3.1, 0.4), 1)
            birth_length = decimal_comma(rng.normal(49, 2), 1)
            days = np.array([(p.replace(day=10) - birth).days for p in periods], dtype=float)
            sex_code = np.full(months, 1 if sex == "L" else 2)
            length, weight = synthetic.measured(rng, sex_code, days, haz[c], whz[c])
            for k, period in enumerate(periods):
                measured = period.replace(day=int(rng.integers(5, 25)))
                position = "terlentang" if days[k] < 731 else "berdiri"
                kg = decimal_comma(weight[k], 1)
                day_text = measured.strftime("%d/%m/%Y")
                if rng.random() < ERROR_SHARE:
                    if rng.random() < 0.5:
                        kg = str(int(weight[k] * 1000))  # grams
                    else:
                        day_text = f"31/02/{measured.year}"
                out.writerow(
                    [
                        nik,
                        name,
                        sex,
                        birth.strftime("%d/%m/%Y"),
                        birth_weight,
                        birth_length,
                        mother,
                        "",
                        "",
                        f"Jl. Melati {c % 90 + 1}",
                        f"{c % 12 + 1:03d}",
                        f"{c % POSYANDU_COUNT + 1:03d}",
                        posyandu,
                        day_text,
                        kg,
                        decimal_comma(length[k], 1),
                        position,
                        decimal_comma(rng.normal(14.5, 1.0), 1) if days[k] >= 180 else "",
                        "ya" if period.month in (2, 8) and days[k] >= 180 else "tidak",
                        "ya" if days[k] < 180 and rng.random() < 0.6 else "tidak",
                    ]
                )
                written += 1
    return written


def setup_database():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # As in production: with DEBUG on, Django also formats every SQL statement for its log.
    settings.DEBUG = False

    if connection.vendor == "sqlite":
        # A file, as in production (an in-memory database would flatter the writes).
        test = connection.settings_dict["TEST"]
        test["NAME"] = str(Path(tempfile.mkdtemp()) / "bench_import.sqlite3")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection, name


def seed_regions() -> None:
    from ranting.regions.models import Posyandu, Region

    kota = Region.objects.create(code="32.75", name="Kota Bekasi", level="kota", kota_code="32.75")
    kec = Region.objects.create(
        code="32.75.06", name="Medansatria", level="kecamatan", parent=kota, kota_code="32.75"
    )
    kel = Region.objects.create(
        code=KELURAHAN, name="Medansatria", level="kelurahan", parent=kec, kota_code="32.75"
    )
    for i in range(1, POSYANDU_COUNT + 1):
        Posyandu.objects.create(
            code=f"{KELURAHAN}.{i:02d}", name=f"Posyandu {i:02d}", kelurahan=kel, rw=f"{i:03d}"
        )


def timed(label: str, run, rows: int) -> tuple[float, object]:
    """Wall seconds of run() (printed with the CPU seconds of this process, which tell a slow
    machine from a busy one: other processes on the same cores inflate only the wall time)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<44} {seconds:7.2f} s wall {cpu:7.2f} s cpu {rows / seconds:9,.0f} rows/s")
    return seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    connection, db_name = setup_database()
    try:
        from django.utils import timezone

        from ranting.children.models import Child
        from ranting.cli import main as cli_main
        from ranting.measurements.models import Measurement
        from ranting.regions.models import Posyandu, Region
        from ranting.transfer.importer import run_import
        from ranting.transfer.plan import Context

        seed_regions()
        workdir = Path(tempfile.mkdtemp())
        path = workdir / "register.csv"
        rows = generate(path, args.rows, args.months, args.seed, timezone.localdate())
        size_mb = path.stat().st_size / 1e6
        print(f"database: {connection.vendor} ({db_name})")
        print(f"file: {rows:,} rows, {size_mb:.1f} MB, {args.months} months per child")

        def read_only():
            with path.open(encoding="utf-8", newline="") as handle:
                return sum(1 for _row in csv.reader(handle, delimiter=";"))

        base, _ = timed("1. baseline: csv.reader over the file", read_only, rows)
        kel = Region.objects.get(code=KELURAHAN)
        posyandus = list(Posyandu.objects.filter(kelurahan=kel))
        ctx = Context(kel, posyandus, {p.pk for p in posyandus}, None, timezone.localdate())
        check, result = timed(
            "2. check only (parse, validate, derive)",
            lambda: run_import(path, None, ctx, write=False),
            rows,
        )
        argv = ["import", str(path), "--kelurahan", KELURAHAN, "--valid-only", "-q"]
        full, code = timed(
            "3. import via `ranting import --valid-only`", lambda: cli_main(argv), rows
        )
        children, measurements = Child.objects.count(), Measurement.objects.count()
        again, code2 = timed(
            "4. same file again (all already present)", lambda: cli_main(argv), rows
        )
        print(
            f"written: {children:,} children, {measurements:,} measurements; "
            f"refused rows: {result.summary.rejected:,}; exit codes {code}, {code2}; "
            f"after re-import: {Measurement.objects.count():,} measurements"
        )
        print(f"ratio import / check only: {full / check:.2f}")
        print(f"ratio import / csv.reader: {full / base:.0f}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:,.0f} MB")
        print(f"goal < 30 s for 100,000 rows: {'met' if full < 30 else 'NOT met'} ({full:.1f} s)")
    finally:
        connection.creation.destroy_test_db(db_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

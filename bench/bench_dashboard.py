"""Benchmark of the city monitoring dashboard on a city-sized database (prints figures; not a test).

    .venv/bin/python bench/bench_dashboard.py [--children N] [--months N] [--posyandu N]
        [--requests N] [--baseline-requests N] [--seed N]
    PGPORT_TEST=54336 scripts/with-postgres .venv/bin/python bench/bench_dashboard.py

Everything happens in a throw-away test database: a temporary SQLite file, or test_<DB_NAME> on
the PostgreSQL server when DB=postgres. Figures printed, one summary line each:
1. data: Kota Bekasi wilayah, --posyandu posyandu (the city has about 1,600), --children
   children spread over them and --months months of weighings (95% attendance), written with bulk
   inserts (executemany on SQLite, COPY on PostgreSQL). Derived values come from the growth
   engine's vectorised functions (anthro_zscores, classify_all, growth_status, is_two_t, is_bgm)
   applied to a whole month at once: what measurements.derive.apply_derived computes, without
   building millions of model objects (referral and warning codes are left empty). Past months'
   reports are 97% approved;
2. rebuild_facts for all months, and for the last month only (the monthly aggregation);
3. the city page /pantau/wilayah/<kota>/ as the dinas user through Django's test Client (every
   middleware, the real view and template), --requests times: p50 and p95; also the city page
   with unverified data and a kecamatan page;
4. the baseline, in the same run: the same city page with its region aggregates and 12-month
   trend computed from the measurements (dashboards.queries.measurement_*), --baseline-requests
   times, and the ratio baseline / facts. Both pages must show the same numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ranting.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from ranting.accounts.models import User  # noqa: E402
from ranting.children.models import Child  # noqa: E402
from ranting.dashboards import queries  # noqa: E402
from ranting.demo import synthetic  # noqa: E402
from ranting.facts.services import rebuild_facts  # noqa: E402
from ranting.growth import anthro_zscores  # noqa: E402
from ranting.growth.classify import classify_all  # noqa: E402
from ranting.growth.kms import (  # noqa: E402
    age_in_completed_months,
    growth_status,
    is_bgm,
    is_two_t,
    load_kbm_table,
    period_of_dates,
)
from ranting.measurements.models import Measurement  # noqa: E402
from ranting.recaps.deadlines import current_period, shift_month  # noqa: E402
from ranting.recaps.models import MonthlyReport  # noqa: E402
from ranting.regions.loading import BUNDLED_BEKASI, load_wilayah  # noqa: E402
from ranting.regions.models import Posyandu, Region  # noqa: E402

KOTA = "32.75"
KECAMATAN = "32.75.06"
ATTENDANCE = 0.95
APPROVED_SHARE = 0.97
# Children are 1–47 months old when the first month starts, so all stay balita for 12 months.
OLDEST_MONTHS, YOUNGEST_MONTHS = 47, 1
LENGTH_TO_HEIGHT_DAYS = 731  # lying before 2 years, standing after (PMK 2/2020)
VITAMIN_A_MONTHS, VITAMIN_A_FROM_DAYS = (2, 8), 180
FLAG_COLUMNS = {"zwei": "fwei", "zlen": "flen", "zwfl": "fwfl", "zbmi": "fbmi"}
GOAL_MS = 300


def stamp(message: str, began: float) -> None:
    print(f"{message} in {time.perf_counter() - began:.1f} s")


# --- bulk insert ----------------------------------------------------------------------------------


def _python(values: Any) -> list:
    """A numpy column as Python values; NaN becomes NULL."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "f":
            return [None if v != v else v for v in values.tolist()]
        return values.tolist()
    return list(values)


def insert_rows(model, columns: dict[str, Any]) -> None:
    """Insert one row per entry of the given columns; other fields get their default ("" for
    text), NULL or now(). One executemany (SQLite) or COPY (PostgreSQL); no model objects and no
    signals."""
    now = timezone.now()
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname in columns:
            column: Any = _python(columns[field.attname])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            column = repeat(field.get_db_prep_save(now, connection))
        elif field.has_default() or (field.empty_strings_allowed and not field.null):
            column = repeat(field.get_db_prep_save(field.get_default(), connection))
        elif field.null:
            column = repeat(None)
        else:
            raise SystemExit(f"bench: no value for {model.__name__}.{field.attname}")
        names.append(connection.ops.quote_name(field.column))
        values.append(column)
    rows = zip(*values)  # noqa: B905 - the default columns repeat for ever
    table = connection.ops.quote_name(model._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)


# --- data -----------------------------------------------------------------------------------------


def make_posyandu(count: int) -> list[Posyandu]:
    kelurahan = list(Region.objects.filter(level=Region.Level.KELURAHAN).order_by("code"))
    made = []
    for i in range(count):
        kel = kelurahan[i % len(kelurahan)]
        made.append(
            Posyandu(code=f"{kel.code}.{i // len(kelurahan) + 1:02d}", name=f"Pos {i + 1}",
                     kelurahan=kel, rw=f"{i // len(kelurahan) + 1:02d}", kota_code=KOTA)
        )  # fmt: skip
    return Posyandu.objects.bulk_create(made, batch_size=2000)


def make_children(rng, posyandu: list[Posyandu], count: int, first: np.datetime64) -> dict:
    where = rng.integers(0, len(posyandu), count)
    oldest = first - np.timedelta64(int(OLDEST_MONTHS * synthetic.DAYS_PER_MONTH), "D")
    span = int(OLDEST_MONTHS - YOUNGEST_MONTHS) * synthetic.DAYS_PER_MONTH
    birth = oldest + rng.integers(0, int(span), count).astype("timedelta64[D]")
    sex = np.where(rng.random(count) < 0.51, 1, 2)
    ids = np.array([p.pk for p in posyandu])[where]
    insert_rows(
        Child,
        {
            "kota_code": repeat(KOTA, count),
            "posyandu_id": ids,
            "name": (f"Anak {i}" for i in range(count)),
            "sex": np.where(sex == 1, "L", "P"),
            "birth_date": birth,
            "mother_name": repeat("Ibu", count),
        },
    )
    pks = np.array(Child.objects.order_by("pk").values_list("pk", flat=True))
    return {"pk": pks, "posyandu_id": ids, "sex": sex, "birth": birth}


def _flags(z: dict) -> np.ndarray:
    flags = np.full(z["zwei"].size, "", dtype=object)
    matrix = np.column_stack([np.asarray(z[f]) == 1 for f in FLAG_COLUMNS.values()])
    for i in np.flatnonzero(matrix.any(axis=1)):
        flags[i] = ",".join(n for n, on in zip(FLAG_COLUMNS, matrix[i], strict=True) if on)
    return flags


def make_measurements(rng, children: dict, periods: list) -> int:
    """Month by month: values, z-scores, statuses, N/T/O/B against the previous weighing."""
    n = children["pk"].size
    haz, whz = synthetic.trajectories(rng, n, len(periods))
    kbm = load_kbm_table()
    prev_weight, prev_period = np.full(n, np.nan), np.full(n, np.nan)
    prev_status = np.full(n, "", dtype="<U1")
    total = 0
    for m, period in enumerate(periods):
        start = np.datetime64(period, "D")
        measured_on = start + rng.integers(4, 25, n).astype("timedelta64[D]")
        age = (measured_on - children["birth"]).astype(np.int64)
        who = np.flatnonzero((rng.random(n) < ATTENDANCE) & (age >= 0))
        sex, days, on = children["sex"][who], age[who], measured_on[who]
        length, weight = synthetic.measured(rng, sex, days, haz[who, m], whz[who, m])
        position = np.where(days < LENGTH_TO_HEIGHT_DAYS, "l", "h")
        z = anthro_zscores(sex, days, weight=weight, lenhei=length, measure=position, oedema="n")
        status = classify_all(z)
        months = age_in_completed_months(children["birth"][who], on)
        index = period_of_dates(on)
        growth = growth_status(weight, months, index, prev_weight[who], prev_period[who], kbm=kbm)
        two_t = is_two_t(growth, prev_status[who])
        prev_weight[who], prev_period[who], prev_status[who] = weight, index, growth
        insert_rows(
            Measurement,
            {
                "kota_code": repeat(KOTA, who.size),
                "child_id": children["pk"][who],
                "posyandu_id": children["posyandu_id"][who],
                "period": repeat(period, who.size),
                "measured_on": on,
                "weight_kg": weight,
                "lenhei_cm": length,
                "position": position,
                "vitamin_a": (period.month in VITAMIN_A_MONTHS) & (days >= VITAMIN_A_FROM_DAYS),
                "age_days": days,
                "age_months": months.astype(np.int64),
                "clenhei_cm": np.asarray(z["clenhei"], dtype=np.float64),
                **{name: np.asarray(z[name], dtype=np.float64) for name in FLAG_COLUMNS},
                "flags": _flags(z),
                **status,
                "growth": growth,
                "two_t": two_t,
                "bgm": is_bgm(z["zwei"], z["fwei"]),
            },
        )
        total += who.size
    return total


def make_reports(rng, posyandu: list[Posyandu], periods: list) -> None:
    rows = []
    for period in periods:
        sent = dt.datetime(
            period.year, period.month, 20, 10, tzinfo=timezone.get_current_timezone()
        )
        for p in posyandu:
            approved = rng.random() < APPROVED_SHARE
            rows.append(
                MonthlyReport(posyandu=p, period=period, kota_code=KOTA, submitted_at=sent,
                              status="approved" if approved else "submitted")
            )  # fmt: skip
    MonthlyReport.objects.bulk_create(rows, batch_size=5000)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- timing ---------------------------------------------------------------------------------------


def percentiles(times: Sequence[float]) -> tuple[float, float]:
    p50, p95 = np.percentile(np.array(times) * 1000, [50, 95])
    return float(p50), float(p95)


def time_page(client: Client, url: str, params: dict, count: int, warmup: int = 2):
    for _ in range(warmup):
        client.get(url, params)
    times, response = [], None
    for _ in range(count):
        began = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
    return percentiles(times), response


def figures(response) -> tuple:
    page = response.context["page"]
    rows = [(row.key, row.counts) for row in page.rows]
    return rows, page.total_counts, page.trend


def report_line(label: str, p50: float, p95: float, count: int) -> str:
    return f"{label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms over {count} requests"


def run(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(args.seed)
    last = shift_month(current_period(), -1)
    periods = [shift_month(last, -back) for back in range(args.months - 1, -1, -1)]

    began = time.perf_counter()
    load_wilayah(BUNDLED_BEKASI)
    posyandu = make_posyandu(args.posyandu)
    children = make_children(rng, posyandu, args.children, np.datetime64(periods[0], "D"))
    stamp(f"{len(posyandu):,} posyandu and {args.children:,} children written", began)
    began = time.perf_counter()
    measured = make_measurements(rng, children, periods)
    make_reports(rng, posyandu, periods)
    analyze()
    stamp(f"{measured:,} measurements ({args.months} months) derived and written", began)

    began = time.perf_counter()
    facts = rebuild_facts(KOTA, periods)
    stamp(f"rebuild_facts, {args.months} months: {facts:,} fact rows", began)
    began = time.perf_counter()
    month = rebuild_facts(KOTA, [last])
    stamp(f"rebuild_facts, one month (the monthly aggregation): {month:,} fact rows", began)
    analyze()

    dinas = User.objects.create_user("bench-dinas", role=User.Role.DINAS, region_id=KOTA)
    client = Client()
    client.force_login(dinas)
    city = reverse("dashboards:region", args=[KOTA])
    params = {"bulan": last.strftime("%Y-%m")}
    env = f"{connection.vendor}, {args.children:,} children, {measured:,} measurements"
    print(f"city dashboard ({env}):")

    (p50, p95), fact_page = time_page(client, city, params, args.requests)
    print("  " + report_line("facts, verified data (default)", p50, p95, args.requests))
    (a50, a95), _ = time_page(client, city, {**params, "semua": "1"}, args.requests)
    print("  " + report_line("facts, all data (semua=1)", a50, a95, args.requests))
    kecamatan = reverse("dashboards:region", args=[KECAMATAN])
    (k50, k95), _ = time_page(client, kecamatan, params, args.requests)
    print("  " + report_line(f"facts, kecamatan {KECAMATAN} page", k50, k95, args.requests))

    patches = (
        mock.patch.object(queries, "indicators_by_group", queries.measurement_indicators_by_group),
        mock.patch.object(queries, "indicator_trend", queries.measurement_indicator_trend),
    )
    with patches[0], patches[1]:
        (b50, b95), raw_page = time_page(client, city, params, args.baseline_requests, warmup=1)
    print("  " + report_line("baseline from measurements", b50, b95, args.baseline_requests))
    same = figures(fact_page) == figures(raw_page)
    print(f"  same numbers on both pages: {'yes' if same else 'NO'}")
    print(
        f"city page p50 {p50:.0f} ms (goal < {GOAL_MS} ms: {'met' if p50 < GOAL_MS else 'MISSED'}"
        f"); the baseline takes {b50 / p50:.0f}x as long"
    )
    if not same:
        raise SystemExit("bench: the fact-based page shows other numbers than the baseline")


def with_test_database(body: Callable[[], None]) -> None:
    """Run `body` in a new test database (SQLite: a temporary file), dropped afterwards."""
    setup_test_environment(debug=False)
    with tempfile.TemporaryDirectory(prefix="ranting-bench-") as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        began = time.perf_counter()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        stamp(f"test database {connection.settings_dict['NAME']} migrated", began)
        try:
            body()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--months", type=int, default=queries.TREND_MONTHS)
    parser.add_argument("--posyandu", type=int, default=1_600)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--baseline-requests", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20_250_101)
    args = parser.parse_args(argv)
    with_test_database(lambda: run(args))


if __name__ == "__main__":
    main()

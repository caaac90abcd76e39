"""National simulation on PostgreSQL: the monthly aggregation of 10 million children-months into
facts per posyandu, rolled up by kecamatan and kota (prints figures; not a test).

    PGPORT_TEST=54342 scripts/with-postgres .venv/bin/python bench/bench_national.py \
        [--rows 10000000] [--attendance 0.8] [--posyandu 300000] [--kota 514]

Everything happens in a throw-away database `<DB_NAME>_national` (dropped at the end):
1. migrate, then generate in SQL (generate_series, no Python per row) a synthetic Indonesia:
   --kota kabupaten/kota of 14 kecamatan of 12 kelurahan, --posyandu posyandu over them,
   --rows / --attendance children and --rows measurements of one month (the children-months),
   with realistic shares of N/T/O/B, length measured, z-scores and WHO flags. The staging tables
   are copies of the real ones (`LIKE measurements_measurement`, `LIKE children_child`) without
   indexes or foreign keys, and the measurements sit in a monthly partition as in production;
2. the monthly aggregation, set-based, with the SQL of ranting.facts.services itself (the
   measurement and S aggregates are compiled from its querysets, only the table names are
   changed): measurements → counts per posyandu; children → S per posyandu; both joined with
   the posyandu's kelurahan/kecamatan/kota codes into a MonthlyFact-shaped table; then the
   roll-up by kecamatan and by kota from the facts (what national pages read);
3. the same aggregation as rebuild_facts runs it, kota by kota (after an index on kota_code);
4. the baseline over the same rows: a plain COUNT(*) GROUP BY posyandu_id, and ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ranting.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from ranting.children.models import Child  # noqa: E402
from ranting.facts import services as facts  # noqa: E402
from ranting.facts.models import MonthlyFact  # noqa: E402
from ranting.measurements.models import Measurement  # noqa: E402
from ranting.recaps.deadlines import current_period, shift_month  # noqa: E402

KECAMATAN_PER_KOTA = 14  # 7,277 kecamatan in 514 kabupaten/kota (Kemendagri 2024)
KELURAHAN_PER_KECAMATAN = 12  # 83,763 desa/kelurahan
FIRST_PROVINCE = 11  # Aceh; codes 11–96
KOTA_PER_PROVINCE = 14
# Shares of the month's weighings (roughly the city bench's synthetic data).
SHARE_N, SHARE_T, SHARE_O = 0.62, 0.23, 0.05  # the rest: B (first weighing)
SHARE_WITH_LENGTH = 0.9
SHARE_FLAGGED = 0.005
SHARE_OEDEMA = 0.001
SHARE_TWO_T = 0.03
MEAN_ZLEN, MEAN_ZWEI, MEAN_ZWFL = -0.9, -0.7, -0.3
MAX_AGE_MONTHS = 59
DAYS_PER_MONTH = 30.4375

M_TABLE, C_TABLE, P_TABLE = "nat_measurement", "nat_child", "nat_posyandu"
F_TABLE = "nat_fact"


def timed(cursor, label: str, sql: str, params=(), rows: int | None = None) -> float:
    began = time.perf_counter()
    cursor.execute(sql, params)
    seconds = time.perf_counter() - began
    rate = f", {rows / seconds:,.0f} rows/s" if rows else ""
    print(f"  {label}: {seconds:.1f} s{rate}", flush=True)
    return seconds


def _columns(table: str) -> list[tuple[str, bool, str]]:
    """(name, nullable, type) of the real table's columns, in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, is_nullable = 'YES', data_type FROM information_schema.columns "
            "WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return cursor.fetchall()


def _filler(nullable: bool, kind: str) -> str:
    """A constant for a column the aggregation does not read."""
    if nullable:
        return "NULL"
    return {
        "boolean": "false",
        "timestamp with time zone": "now()",
        "date": "current_date",
        "integer": "0",
        "bigint": "0",
        "smallint": "0",
        "double precision": "0",
        "numeric": "0",
        "jsonb": "'{}'",
    }.get(kind, "''")


def _select_list(table: str, values: dict[str, str]) -> tuple[str, str]:
    names, exprs = [], []
    for name, nullable, kind in _columns(table):
        names.append(f'"{name}"')
        exprs.append(values.get(name, _filler(nullable, kind)))
    return ", ".join(names), ", ".join(exprs)


def make_tables(cursor, month: dt.date) -> None:
    cursor.execute(f"CREATE UNLOGGED TABLE {P_TABLE} (id bigint, kelurahan_code text)")
    cursor.execute(
        f"CREATE TABLE {M_TABLE} (LIKE {Measurement._meta.db_table} INCLUDING DEFAULTS) "
        "PARTITION BY RANGE (period)"
    )
    cursor.execute(
        f"CREATE UNLOGGED TABLE {M_TABLE}_p{month:%Y_%m} PARTITION OF {M_TABLE} "
        "FOR VALUES FROM (%s) TO (%s)",
        [month, shift_month(month, 1)],
    )
    cursor.execute(f"CREATE UNLOGGED TABLE {C_TABLE} (LIKE {Child._meta.db_table})")
    cursor.execute(f"CREATE UNLOGGED TABLE {F_TABLE} (LIKE {MonthlyFact._meta.db_table})")


def generate(cursor, args: argparse.Namespace, month: dt.date) -> tuple[int, int]:
    children = round(args.rows / args.attendance)
    kecamatan = args.kota * KECAMATAN_PER_KOTA
    kelurahan = kecamatan * KELURAHAN_PER_KECAMATAN
    # kelurahan k → "PP.KK.CC.1LLL": province, kota, kecamatan, kelurahan numbers.
    kota_of = f"(k / {KECAMATAN_PER_KOTA * KELURAHAN_PER_KECAMATAN})"
    code = (
        f"lpad(({FIRST_PROVINCE} + {kota_of} / {KOTA_PER_PROVINCE})::text, 2, '0') || '.' || "
        f"lpad((mod({kota_of}, {KOTA_PER_PROVINCE}) + 1)::text, 2, '0') || '.' || "
        f"lpad((mod(k / {KELURAHAN_PER_KECAMATAN}, {KECAMATAN_PER_KOTA}) + 1)::text, 2, '0') || "
        f"'.' || (1001 + mod(k, {KELURAHAN_PER_KECAMATAN}))::text"
    )
    print(f"generating ({args.kota} kota, {kecamatan:,} kecamatan, {kelurahan:,} kelurahan):")
    timed(
        cursor,
        f"{args.posyandu:,} posyandu",
        f"INSERT INTO {P_TABLE} SELECT g, code FROM generate_series(1, %s) g, "
        f"LATERAL (SELECT {code} AS code FROM (SELECT mod(g - 1, %s) AS k) x) c",
        [args.posyandu, kelurahan],
        args.posyandu,
    )
    cursor.execute(f"ALTER TABLE {P_TABLE} ADD PRIMARY KEY (id)")
    # Child g lives in posyandu 1 + g mod P; its age is uniform over 0–59 months at month start.
    names, exprs = _select_list(
        Child._meta.db_table,
        {
            "id": "g",
            "posyandu_id": f"1 + mod(g, {args.posyandu})",
            "kota_code": "left(p.kelurahan_code, 5)",
            "sex": "CASE WHEN random() < 0.51 THEN 'L' ELSE 'P' END",
            "birth_date": f"%s::date - (random() * {MAX_AGE_MONTHS * DAYS_PER_MONTH})::int",
            "is_active": "true",
            "has_kia_book": "true",
        },
    )
    timed(
        cursor,
        f"{children:,} children",
        f"INSERT INTO {C_TABLE} ({names}) SELECT {exprs} FROM generate_series(1, %s) g "
        f"JOIN {P_TABLE} p ON p.id = 1 + mod(g, {args.posyandu})",
        [month, children],
        children,
    )
    normal = "sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())"
    names, exprs = _select_list(
        Measurement._meta.db_table,
        {
            "id": "c.id",
            "kota_code": "c.kota_code",
            "child_id": "c.id",
            "posyandu_id": "c.posyandu_id",
            "period": "%s::date",
            "measured_on": "%s::date + 9",
            "weight_kg": "round((4 + random() * 14)::numeric, 2)",
            "lenhei_cm": f"CASE WHEN r.len < {SHARE_WITH_LENGTH} THEN round((50 + random() * 60)::numeric, 1) END",  # noqa: E501
            "age_months": f"(%s::date - c.birth_date) / {DAYS_PER_MONTH}",
            "age_days": "%s::date - c.birth_date",
            "zlen": f"CASE WHEN r.len < {SHARE_WITH_LENGTH} THEN {MEAN_ZLEN} + {normal} END",
            "zwei": f"{MEAN_ZWEI} + {normal}",
            "zwfl": f"CASE WHEN r.len < {SHARE_WITH_LENGTH} THEN {MEAN_ZWFL} + {normal} END",
            "flags": f"CASE WHEN random() < {SHARE_FLAGGED} THEN 'zlen' ELSE '' END",
            "oedema": f"random() < {SHARE_OEDEMA}",
            "growth": (
                f"CASE WHEN r.g < {SHARE_N} THEN 'N' WHEN r.g < {SHARE_N + SHARE_T} THEN 'T' "
                f"WHEN r.g < {SHARE_N + SHARE_T + SHARE_O} THEN 'O' ELSE 'B' END"
            ),
            "two_t": f"random() < {SHARE_TWO_T}",
            "bgm": "random() < 0.02",
            "vitamin_a": "random() < 0.5",
            "exclusive_breastfeeding": "random() < 0.3",
        },
    )
    timed(
        cursor,
        f"{args.rows:,} measurements of {month:%Y-%m} (children-months)",
        f"INSERT INTO {M_TABLE} ({names}) SELECT {exprs} FROM {C_TABLE} c, "
        "LATERAL (SELECT random() AS len, random() AS g, c.id AS k) r WHERE c.id <= %s",
        [month, month, month, month, args.rows],
        args.rows,
    )
    began = time.perf_counter()
    cursor.execute(f"ANALYZE {P_TABLE}, {C_TABLE}, {M_TABLE}")
    print(f"  ANALYZE: {time.perf_counter() - began:.1f} s", flush=True)
    return children, args.rows


def _sql(queryset, renames: dict[str, str]) -> tuple[str, tuple]:
    """The SQL Django sends for `queryset`, on the staging tables instead of the real ones."""
    sql, params = queryset.query.sql_with_params()
    for real, staging in renames.items():
        sql = sql.replace(f'"{real}"', f'"{staging}"')
    return sql, params


def measurement_sql(month: dt.date, where: Q) -> tuple[str, tuple]:
    rows = (
        Measurement.objects.filter(where, period__in=[month])
        .values("posyandu_id", "period")
        .annotate(**facts.MEASUREMENT_AGGREGATES)
        .order_by()
    )
    return _sql(rows, {Measurement._meta.db_table: M_TABLE})


def target_sql(month: dt.date, where: Q) -> tuple[str, tuple]:
    """S per posyandu: the children query of facts.services._target_counts for one month."""
    from django.db.models import Count

    from ranting.analysis import skdn
    from ranting.recaps.deadlines import month_end

    alive = Q(
        is_active=True,
        birth_date__lte=month_end(month),
        birth_date__gt=shift_month(month, -facts.TARGET_MONTHS),
    )
    rows = (
        Child.objects.filter(where, alive)
        .values("posyandu_id")
        .annotate(s0=Count("id", filter=skdn.target_children(month)))
        .order_by()
    )
    return _sql(rows, {Child._meta.db_table: C_TABLE})


def aggregate_set_based(cursor, month: dt.date, rows: int) -> float:
    counts = list(facts.MEASUREMENT_AGGREGATES)
    m_sql, m_params = measurement_sql(month, Q())
    s_sql, s_params = target_sql(month, Q())
    print("monthly aggregation, set-based (the SQL of facts.services, whole country):")
    total = timed(
        cursor, "measurements → counts per posyandu",
        f"CREATE TEMP TABLE agg_m AS {m_sql}", m_params, rows,
    )  # fmt: skip
    total += timed(
        cursor, "children → S per posyandu", f"CREATE TEMP TABLE agg_s AS {s_sql}", s_params
    )
    fact_columns = ", ".join(["posyandu_id", "period", "kota_code", "kecamatan_code",
                              "kelurahan_code", "s", *counts, "refreshed_at"])  # fmt: skip
    total += timed(
        cursor,
        "joined with region codes into facts",
        f"INSERT INTO {F_TABLE} (id, {fact_columns}) SELECT row_number() OVER (), "
        f"p.id, %s::date, left(p.kelurahan_code, 5), left(p.kelurahan_code, 8), p.kelurahan_code, "
        f"COALESCE(s.s0, 0), {', '.join(f'COALESCE(m.{c}, 0)' for c in counts)}, now() "
        f"FROM {P_TABLE} p LEFT JOIN agg_m m ON m.posyandu_id = p.id "
        "LEFT JOIN agg_s s ON s.posyandu_id = p.id WHERE m.posyandu_id IS NOT NULL OR s.s0 > 0",
        [month],
    )
    sums = ", ".join(f"sum({c})" for c in ["s", *counts])
    rollup = timed(
        cursor, "roll-up by kecamatan and by kota (from the facts)",
        f"SELECT kecamatan_code, kota_code, {sums} FROM {F_TABLE} "
        "GROUP BY GROUPING SETS ((kecamatan_code), (kota_code))",
    )  # fmt: skip
    regions = len(cursor.fetchall())
    cursor.execute(f"SELECT count(*), sum(d), sum(s) FROM {F_TABLE}")
    fact_rows, d, s = cursor.fetchone()
    print(f"  → {fact_rows:,} fact rows, D = {d:,}, S = {s:,}; {regions:,} kecamatan and kota rows")
    if d != rows:
        raise SystemExit(f"bench: the facts count D = {d:,}, the month has {rows:,} rows")
    return total + rollup


def aggregate_by_kota(cursor, month: dt.date, kotas: list[str], rows: int) -> float:
    print(f"monthly aggregation as rebuild_facts runs it: kota by kota ({len(kotas)} kota):")
    timed(cursor, f"index on {M_TABLE}(kota_code)", f"CREATE INDEX ON {M_TABLE} (kota_code)")
    timed(cursor, f"index on {C_TABLE}(kota_code)", f"CREATE INDEX ON {C_TABLE} (kota_code)")
    cursor.execute(f"ANALYZE {M_TABLE}, {C_TABLE}")
    began = time.perf_counter()
    counted = 0
    for kota in kotas:
        m_sql, m_params = measurement_sql(month, Q(kota_code=kota))
        cursor.execute(m_sql, m_params)
        counted += sum(row[2] for row in cursor.fetchall())  # column 3 is D
        s_sql, s_params = target_sql(month, Q(kota_code=kota))
        cursor.execute(s_sql, s_params)
        cursor.fetchall()
    seconds = time.perf_counter() - began
    print(f"  {len(kotas)} kota × (measurement and children queries): {seconds:.1f} s, "
          f"{rows / seconds:,.0f} rows/s")  # fmt: skip
    if counted != rows:
        raise SystemExit(f"bench: kota by kota counted D = {counted:,} of {rows:,}")
    return seconds


def baseline(cursor, month: dt.date, rows: int) -> float:
    print("baseline over the same rows:")
    return timed(
        cursor, "SELECT posyandu_id, count(*) … GROUP BY posyandu_id",
        f"SELECT posyandu_id, count(*) FROM {M_TABLE} WHERE period = %s GROUP BY posyandu_id",
        [month], rows,
    )  # fmt: skip


def run(args: argparse.Namespace) -> None:
    month = shift_month(current_period(), -1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        parallel = cursor.fetchone()[0]
    print(f"machine: {os.cpu_count()} cores; PostgreSQL {version}, "
          f"max_parallel_workers_per_gather {parallel}", flush=True)  # fmt: skip
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.1f} s", flush=True)
    with connection.cursor() as cursor:
        make_tables(cursor, month)
        children, rows = generate(cursor, args, month)
        aggregation = aggregate_set_based(cursor, month, rows)
        cursor.execute(f"SELECT DISTINCT kota_code FROM {F_TABLE} ORDER BY 1")
        kotas = [row[0] for row in cursor.fetchall()]
        by_kota = aggregate_by_kota(cursor, month, kotas, rows) if not args.skip_by_kota else None
        floor = baseline(cursor, month, rows)
    print(
        f"monthly aggregation of {rows:,} children-months ({children:,} children, "
        f"{args.posyandu:,} posyandu): {aggregation:.1f} s set-based = {rows / aggregation:,.0f} "
        f"rows/s, {aggregation / floor:.1f}x the plain COUNT(*) GROUP BY ({floor:.1f} s)"
        + (f"; kota by kota {by_kota:.1f} s ({by_kota / floor:.1f}x)" if by_kota else "")
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="children-months")
    parser.add_argument("--attendance", type=float, default=0.8, help="D/S of the month")
    parser.add_argument("--posyandu", type=int, default=300_000)
    parser.add_argument("--kota", type=int, default=514)
    parser.add_argument("--skip-by-kota", action="store_true")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        raise SystemExit("bench: PostgreSQL only (run it under scripts/with-postgres)")
    base = connection.settings_dict["NAME"]
    scratch = f"{base}_national"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    connection.close()
    connection.settings_dict["NAME"] = scratch
    try:
        run(args)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = base
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


if __name__ == "__main__":
    main()

"""Keeping MonthlyFact equal to the raw tables: the only writer of facts.

Public API (import from here):
- `refresh_facts(pairs)`: recompute the given (posyandu_id, period) pairs now. One grouped
  aggregate over the measurements, one over the children (S), one bulk upsert.
- `rebuild_facts(kota_code=None, periods=None)`: recompute everything (or one kota / some months)
  from scratch; `manage.py rebuild_facts` runs it.
- `mark_changed(pairs)`: what writers call. Refreshes now, or once at the end of an enclosing
  `deferred_refresh()` block.
- `deferred_refresh()`: a context manager for loops that write many rows (import, API batches):
  the pairs they touch are refreshed together, once, when the block ends.
- `refresh_stale()`: with settings.FACTS_REFRESH = "queued" (PostgreSQL), writers only queue
  the pairs (StaleFact, in their transaction) and this recomputes them: `ranting serve` runs it
  in a thread of each worker (facts.refresher), `rebuild_facts --stale` once.

Who keeps facts fresh:
- single-row ORM writes of Measurement and Child (save/delete) through the receivers in
  `signals.py`, inside the writer's transaction;
- `measurements.services` for the later months it recomputes with bulk_update;
- the approval of a report (its post_save, `signals.py`) refreshes the approved month, so the
  verified figures the dashboards show by default are exact.
Anything that writes with bulk_create/bulk_update/update()/raw SQL (importers, the API's bulk
paths, scripts) MUST call `mark_changed`/`refresh_facts` for what it touched, or run
`rebuild_facts` afterwards. A nightly `manage.py rebuild_facts` is the safety net.

Why "queued" exists: the refresh is a fixed cost of every write request (five queries, the 24
conditional counts compiled each time); queued, a request pays one insert and the refresher
recomputes every pair queued in the last second at once. Facts then lag the writes by about a
second (FACTS_REFRESH_SECONDS), and a crash loses nothing: the queue rows commit with the write.

Why in the writer's transaction and not on commit (inline): the fact then commits or rolls
back with the measurement (no window where a crash leaves it stale), and the test client sees
it. Two writers of the same posyandu cannot overwrite each other's counts: the refresh first
locks the posyandu rows (FOR NO KEY UPDATE on PostgreSQL, which does not block inserts that
reference them), so the second refresh waits and then aggregates with the first one's rows
committed. SQLite has one writer.

Definitions are not repeated here: the counts reuse the SKDN aggregates of `analysis.skdn` and the
numerator/denominator conditions of `analysis.prevalence.INDICATORS` (which include the
dashboard's `INDICATOR_CONDITIONS`), so facts and raw queries cannot drift apart.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q

from ranting.analysis import prevalence, skdn
from ranting.children.models import Child
from ranting.facts.models import MonthlyFact, StaleFact
from ranting.measurements.models import Measurement
from ranting.recaps.deadlines import current_period, month_end, month_start, shift_month
from ranting.regions.models import Posyandu

Pair = tuple[int, dt.date]

# Kemendagri code lengths: "32.75" kota, "32.75.06" kecamatan ("32.75.06.1001" kelurahan).
KOTA_CODE_LENGTH = 5
KECAMATAN_CODE_LENGTH = 8
# S counts a child in the months from its birth month up to 60 completed months (skdn rule).
TARGET_MONTHS = skdn.MAX_AGE_MONTHS
# One conditional COUNT column per month in the S query; more months go in further queries.
MONTHS_PER_TARGET_QUERY = 24
BATCH_SIZE = 2000
# Queue rows one refresh_stale pass takes (a second of a busy city is a few hundred).
STALE_ROWS_PER_PASS = 2000
# Pairs per OR-ed delete filter (SQLite limits the depth of an expression tree).
DELETE_CHUNK = 200

# Fact field → aggregate over the month's measurements of a posyandu.
_SKDN_FIELDS = {"d": "d", "n": "n", "t": "t", "o": "o", "b": "b", "bgm": "bgm", "two_t": "two_t",
                "vitamin_a": "vit_a", "exclusive_breastfeeding": "asi"}  # fmt: skip
MEASUREMENT_AGGREGATES = {
    field: skdn.MEASUREMENT_METRICS[metric] for field, metric in _SKDN_FIELDS.items()
}
MEASUREMENT_AGGREGATES["with_length"] = Count("id", filter=Q(lenhei_cm__isnull=False))
for _indicator in prevalence.INDICATORS:
    MEASUREMENT_AGGREGATES[f"{_indicator.code}_n"] = Count("id", filter=_indicator.numerator_q)
    MEASUREMENT_AGGREGATES[f"{_indicator.code}_d"] = Count("id", filter=_indicator.denominator_q)

COUNT_FIELDS = ["s", *MEASUREMENT_AGGREGATES]
UPDATE_FIELDS = ["kota_code", "kecamatan_code", "kelurahan_code", *COUNT_FIELDS, "refreshed_at"]

_pending: contextvars.ContextVar[set[Pair] | None] = contextvars.ContextVar(
    "facts_pending", default=None
)
_to_date = MonthlyFact._meta.get_field("period").to_python


def _pairs(pairs: Iterable[tuple[int, object]]) -> set[Pair]:
    # A period may arrive as text (a row created with period="2025-05-01"): key by the date.
    return {(int(posyandu_id), _to_date(period)) for posyandu_id, period in pairs}


# --- what writers call --------------------------------------------------------------------------


def mark_changed(pairs: Iterable[tuple[int, object]]) -> None:
    """The facts of these (posyandu_id, period) pairs may be out of date: refresh them.

    Inside `deferred_refresh()` they are collected and refreshed once at the end of the block;
    otherwise at once.
    """
    changed = _pairs(pairs)
    pending = _pending.get()
    if pending is not None:
        pending.update(changed)
    else:
        _refresh_or_queue(changed)


@contextmanager
def deferred_refresh() -> Iterator[None]:
    """Collect every `mark_changed` (signals included) in the block; refresh them once at its end.

    Nested blocks join the outermost one. When the block raises, nothing is refreshed: the
    caller's transaction is expected to roll back (if it does not, run `rebuild_facts`).
    """
    if _pending.get() is not None:
        yield
        return
    pending: set[Pair] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _refresh_or_queue(pending)


def _refresh_or_queue(pairs: set[Pair]) -> None:
    if not pairs:
        return
    if settings.FACTS_REFRESH == "queued":
        StaleFact.objects.bulk_create(
            [StaleFact(posyandu_id=posyandu_id, period=period) for posyandu_id, period in pairs]
        )
    else:
        refresh_facts(pairs)


def refresh_stale(limit: int = STALE_ROWS_PER_PASS) -> int:
    """Recompute the facts of up to `limit` queued rows and take them off the queue; returns
    the rows taken (0: the queue is empty).

    The rows are locked with SKIP LOCKED, so refreshers in several processes share the queue,
    and deleted in the refresh's transaction: a refresher that dies leaves them queued. A pair
    queued again while it is recomputed is a new row, taken by the next pass.
    """
    with transaction.atomic():
        taken = list(
            StaleFact.objects.select_for_update(skip_locked=True)
            .order_by("id")
            .values_list("id", "posyandu_id", "period")[:limit]
        )
        if taken:
            refresh_facts((posyandu_id, period) for _id, posyandu_id, period in taken)
            StaleFact.objects.filter(id__in=[row[0] for row in taken]).delete()
    return len(taken)


def child_pairs(posyandu_ids: Iterable[int], birth_dates: Iterable[object]) -> set[Pair]:
    """Pairs whose S may change when a child born on one of `birth_dates` joins or leaves one of
    `posyandu_ids` (registered, moved, deactivated, birth date corrected).

    Every month the posyandu already has facts for, plus the child's S months from the
    posyandu's first fact month (or this month) up to this month. Facts are not invented for
    months before a posyandu has any; `rebuild_facts` fills those. One query.
    """
    ids = set(posyandu_ids)
    known: dict[int, set[dt.date]] = defaultdict(set)
    for posyandu_id, period in MonthlyFact.objects.filter(posyandu_id__in=ids).values_list(
        "posyandu_id", "period"
    ):
        known[posyandu_id].add(period)
    now = current_period()
    births = [month_start(_to_date(b)) for b in birth_dates if b is not None]
    out: set[Pair] = set()
    for posyandu_id in ids:
        periods = known[posyandu_id]
        start = min(periods, default=now)
        for birth in births:
            month = max(birth, start)
            last = min(shift_month(birth, TARGET_MONTHS), now)
            while month <= last:
                periods.add(month)
                month = shift_month(month, 1)
        out.update((posyandu_id, p) for p in periods)
    return out


# --- computing ---------------------------------------------------------------------------------


def _measurement_counts(where: Q, periods: list[dt.date]) -> dict[Pair, dict[str, int]]:
    rows = (
        Measurement.objects.filter(where, period__in=periods)
        .values("posyandu_id", "period")
        .annotate(**MEASUREMENT_AGGREGATES)
        .order_by()
    )
    out: dict[Pair, dict[str, int]] = {}
    for row in rows:
        data: dict[str, Any] = dict(row)  # the count columns are named at run time
        out[(data["posyandu_id"], data["period"])] = {f: data[f] for f in MEASUREMENT_AGGREGATES}
    return out


def _target_counts(where: Q, periods: list[dt.date]) -> dict[Pair, int]:
    """S per (posyandu, period): one pass over the children with a COUNT column per month."""
    out: dict[Pair, int] = {}
    for i in range(0, len(periods), MONTHS_PER_TARGET_QUERY):
        chunk = periods[i : i + MONTHS_PER_TARGET_QUERY]
        columns = {
            f"s{j}": Count("id", filter=skdn.target_children(period))
            for j, period in enumerate(chunk)
        }
        # Children who are in S in at least one month of the chunk (narrows the scan).
        alive = Q(
            is_active=True,
            birth_date__lte=month_end(chunk[-1]),
            birth_date__gt=shift_month(chunk[0], -TARGET_MONTHS),
        )
        rows = Child.objects.filter(where, alive).values("posyandu_id").annotate(**columns)
        for row in rows.order_by():
            data: dict[str, Any] = dict(row)
            for j, period in enumerate(chunk):
                if data[f"s{j}"]:
                    out[(data["posyandu_id"], period)] = data[f"s{j}"]
    return out


def _facts(
    pairs: Iterable[Pair],
    measured: dict[Pair, dict[str, int]],
    targets: dict[Pair, int],
    kelurahan_of: dict[int, str],
) -> list[MonthlyFact]:
    """Fact rows for the pairs that have anything to count (S or D); others get no row."""
    rows = []
    for pair in sorted(pairs):
        counts, s = measured.get(pair), targets.get(pair, 0)
        if (counts is None and not s) or pair[0] not in kelurahan_of:
            continue
        kelurahan = kelurahan_of[pair[0]]
        rows.append(
            MonthlyFact(
                posyandu_id=pair[0],
                period=pair[1],
                kota_code=kelurahan[:KOTA_CODE_LENGTH],
                kecamatan_code=kelurahan[:KECAMATAN_CODE_LENGTH],
                kelurahan_code=kelurahan,
                s=s,
                **(counts or {}),
            )
        )
    return rows


def _delete_pairs(pairs: Iterable[Pair]) -> None:
    pairs = sorted(pairs)
    for i in range(0, len(pairs), DELETE_CHUNK):
        condition = Q()
        for posyandu_id, period in pairs[i : i + DELETE_CHUNK]:
            condition |= Q(posyandu_id=posyandu_id, period=period)
        MonthlyFact.objects.filter(condition).delete()


def refresh_facts(pairs: Iterable[tuple[int, object]]) -> int:
    """Recompute the facts of the given (posyandu_id, period) pairs; returns the rows written.

    `period` is the stored first-of-month date. A pair with nothing to count (no measurement and
    no child in S) loses its row. Runs in a transaction (a savepoint inside the caller's), locks
    the posyandu rows first, then: one grouped aggregate over the measurements, one over the
    children, one bulk upsert (and a delete for emptied pairs). Cost grows with the posyandu and
    months named, not with the size of the city.
    """
    wanted = _pairs(pairs)
    if not wanted:
        return 0
    ids = sorted({posyandu_id for posyandu_id, _period in wanted})
    periods = sorted({period for _posyandu_id, period in wanted})
    with transaction.atomic():
        kelurahan_of = dict(
            Posyandu.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "kelurahan_id")
        )
        where = Q(posyandu_id__in=ids)
        measured = _measurement_counts(where, periods)
        rows = _facts(wanted, measured, _target_counts(where, periods), kelurahan_of)
        MonthlyFact.objects.bulk_create(
            rows,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["kota_code", "posyandu", "period"],
            update_fields=UPDATE_FIELDS,
        )
        _delete_pairs(wanted - {(f.posyandu_id, f.period) for f in rows})
    return len(rows)


def default_periods(kota_code: str | None = None) -> list[dt.date]:
    """Every month from the first measured month (in the kota, or anywhere) to this month."""
    where = Q() if kota_code is None else Q(kota_code=kota_code)
    first = Measurement.objects.filter(where).aggregate(first=Min("period"))["first"]
    now = current_period()
    if first is None:
        return [now]
    months = []
    month = month_start(first)
    while month <= now:
        months.append(month)
        month = shift_month(month, 1)
    return months


def rebuild_facts(kota_code: str | None = None, periods: Iterable[dt.date] | None = None) -> int:
    """Recompute every fact of a kota (None: each kota in turn) for `periods` (None: from the
    first measured month to this month); returns the rows written.

    Each kota is one transaction: its facts for those months are deleted and inserted again from
    one grouped aggregate over its measurements and one over its children. This is the monthly
    aggregation (pass the month in `periods`) and the repair after bulk writes.
    """
    if kota_code is None:
        kotas = Posyandu.objects.values_list("kota_code", flat=True).distinct().order_by()
        return sum(rebuild_facts(kota, periods) for kota in sorted(kotas))
    months = sorted({month_start(p) for p in periods}) if periods else default_periods(kota_code)
    where = Q(kota_code=kota_code)
    with transaction.atomic():
        kelurahan_of = dict(
            Posyandu.objects.filter(kota_code=kota_code).values_list("pk", "kelurahan_id")
        )
        measured = _measurement_counts(where, months)
        targets = _target_counts(where, months)
        rows = _facts(set(measured) | set(targets), measured, targets, kelurahan_of)
        MonthlyFact.objects.filter(kota_code=kota_code, period__in=months).delete()
        MonthlyFact.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)

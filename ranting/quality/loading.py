"""The rows behind the data-quality metrics of one month, fetched once for a set of posyandu.

`load_month` runs a fixed number of queries (posyandu, measurements, the previous month,
the register, who was measured, reports, kader names) whatever the number of posyandu, and
returns numpy columns that `report.py` slices per posyandu, region or kader.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    FloatField,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractDay
from django.utils import timezone

from ranting.accounts.models import User
from ranting.children.models import Child
from ranting.dashboards.queries import approved_report_exists, flagged
from ranting.measurements.models import Measurement
from ranting.recaps import deadlines
from ranting.recaps.models import MonthlyReport

# The same S (active, 0–59 completed months) the recap page counts.
from ranting.recaps.services import _target_children as target_children
from ranting.regions.models import Posyandu

NO_KADER = -1  # measurements whose author account was deleted (created_by is NULL)

ON_TIME, LATE, PENDING = "on_time", "late", "pending"


@dataclass
class MonthData:
    """Columns of one month's measurements (index i = one measurement) plus register and reports.

    Float columns hold NaN where unknown. `prev_*` are the same child's values in the previous
    calendar month. `targets` maps posyandu id → ids of its target children (S); `measured`
    the ids of target children measured this month at any posyandu.
    """

    period: dt.date
    posyandus: list[Posyandu]
    posyandu: np.ndarray
    kader: np.ndarray
    child: np.ndarray
    weight: np.ndarray
    lenhei: np.ndarray
    clenhei: np.ndarray
    zlen: np.ndarray
    zwei: np.ndarray
    zwfl: np.ndarray
    flag_any: np.ndarray
    flag_zlen: np.ndarray
    flag_zwei: np.ndarray
    flag_zwfl: np.ndarray
    birth_day: np.ndarray
    entry_state: np.ndarray
    prev_weight: np.ndarray
    prev_clenhei: np.ndarray
    targets: dict[int, list[int]] = field(default_factory=dict)
    measured: set[int] = field(default_factory=set)
    report_state: dict[int, str] = field(default_factory=dict)
    kader_names: dict[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.posyandu.size)


def _floats(values) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _deadline_cutoff(period: dt.date) -> dt.datetime:
    """The first instant (project time zone) after the kader's submit deadline day."""
    day_after = deadlines.submit_deadline(period) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day_after, dt.time.min))


def report_state(report: MonthlyReport | None, period: dt.date, now: dt.datetime) -> str:
    """ON_TIME, LATE or PENDING for the kader's submission of one posyandu-month report.

    Uses `recaps.deadlines.timeliness`: a report sent after the deadline, or not sent once the
    deadline has passed, is late; not sent before the deadline is pending.
    """
    submitted_at = report.submitted_at if report else None
    if deadlines.timeliness(period, submitted_at, None, now).submit_late:
        return LATE
    return ON_TIME if submitted_at else PENDING


def load_month(
    posyandus: QuerySet[Posyandu] | list[Posyandu],
    period: dt.date,
    approved_only: bool = False,
    now: dt.datetime | None = None,
) -> MonthData:
    """Everything the metrics need for `posyandus` in the month of `period`.

    approved_only limits the measurement-based metrics to posyandu whose report for the month
    is approved; the register (completeness) and the reports (timeliness) always count whole.
    `posyandus` may be a queryset or a list already loaded (with `kelurahan`).
    """
    period = deadlines.month_start(period)
    now = now or timezone.now()
    if isinstance(posyandus, QuerySet):
        posyandus = list(posyandus.select_related("kelurahan").order_by("code"))
    posyandu_list = posyandus
    ids = [p.pk for p in posyandu_list]

    measurements = Measurement.objects.filter(posyandu_id__in=ids, period=period)
    if approved_only:
        measurements = measurements.filter(approved_report_exists())
    late = _deadline_cutoff(period)
    rows = list(
        measurements.annotate(
            late_entry=Case(
                When(created_at__gte=late, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            f_zlen=Case(When(flagged("zlen"), then=Value(True)), default=Value(False)),
            f_zwei=Case(When(flagged("zwei"), then=Value(True)), default=Value(False)),
            f_zwfl=Case(When(flagged("zwfl"), then=Value(True)), default=Value(False)),
            # Floats and a day number from the database: no Decimal or date object per row.
            weight=Cast("weight_kg", FloatField()),
            lenhei=Cast("lenhei_cm", FloatField()),
            birth_day=ExtractDay("child__birth_date"),
        )
        .values_list(
            "posyandu_id",
            "created_by_id",
            "child_id",
            "weight",
            "lenhei",
            "clenhei_cm",
            "zlen",
            "zwei",
            "zwfl",
            "flags",
            "f_zlen",
            "f_zwei",
            "f_zwfl",
            "birth_day",
            "late_entry",
        )
        .order_by("pk")
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * 15
    child = np.array(columns[2], dtype=np.int64)

    previous = {
        child_id: (weight, length)
        for child_id, weight, length in Measurement.objects.filter(
            period=deadlines.shift_month(period, -1), child_id__in=measurements.values("child_id")
        )
        .annotate(weight=Cast("weight_kg", FloatField()))
        .values_list("child_id", "weight", "clenhei_cm")
    }
    prev = [previous.get(int(c), (None, None)) for c in child]

    targets: dict[int, list[int]] = defaultdict(list)
    measured: set[int] = set()
    # Measured at any posyandu: a child may have been weighed where the family moved.
    weighed = Exists(Measurement.objects.filter(child_id=OuterRef("pk"), period=period))
    register = Child.objects.filter(target_children(period), posyandu_id__in=ids)
    for child_id, posyandu_id, was_weighed in register.annotate(weighed=weighed).values_list(
        "pk", "posyandu_id", "weighed"
    ):
        targets[posyandu_id].append(child_id)
        if was_weighed:
            measured.add(child_id)

    reports = {
        r.posyandu_id: r for r in MonthlyReport.objects.filter(posyandu_id__in=ids, period=period)
    }
    states = {
        p.pk: report_state(reports.get(p.pk), period, now)
        for p in posyandu_list
        if p.is_active or p.pk in reports
    }

    kader = np.array([NO_KADER if k is None else k for k in columns[1]], dtype=np.int64)
    return MonthData(
        period=period,
        posyandus=posyandu_list,
        posyandu=np.array(columns[0], dtype=np.int64),
        kader=kader,
        child=child,
        weight=_floats(columns[3]),
        lenhei=_floats(columns[4]),
        clenhei=_floats(columns[5]),
        zlen=_floats(columns[6]),
        zwei=_floats(columns[7]),
        zwfl=_floats(columns[8]),
        flag_any=np.array([bool(f) for f in columns[9]], dtype=bool),
        flag_zlen=np.array(columns[10], dtype=bool),
        flag_zwei=np.array(columns[11], dtype=bool),
        flag_zwfl=np.array(columns[12], dtype=bool),
        birth_day=np.array(columns[13], dtype=np.int64),
        entry_state=np.array([LATE if x else ON_TIME for x in columns[14]], dtype=object),
        prev_weight=_floats(w for w, _ in prev),
        prev_clenhei=_floats(length for _, length in prev),
        targets=dict(targets),
        measured=measured,
        report_state=states,
        kader_names=kader_names(set(kader.tolist()) - {NO_KADER}),
    )


def kader_names(ids: set[int]) -> dict[int, str]:
    """Display name (full name, else username) of each user id."""
    if not ids:
        return {}
    return {
        user.pk: user.get_full_name() or user.username
        for user in User.objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    }

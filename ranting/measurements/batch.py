"""Recording many new measurements at once (a phone's synced queue, POST /measurements/batch).

The same rules as `services.record_measurement`, with the work done set-wise: one read of the
children's recent months (and one of the older ones for the few children who need them), one
of the locked months, one engine call, one insert, one audit write, one facts mark. That is
only exact for a measurement that cannot change another saved row, i.e. the child's newest
month (N/T/O/B, 2T and the checks look at earlier months only) and the only entry of its child
in the batch; any other entry is handed back for `record_measurement`, as is every entry when
the insert meets a concurrent writer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Q

from ranting.audit import bulk as audit_bulk
from ranting.facts import services as facts
from ranting.measurements import services
from ranting.measurements.checks import input_errors
from ranting.measurements.derive import apply_derived, period_of
from ranting.measurements.models import Measurement
from ranting.recaps.deadlines import shift_month

if TYPE_CHECKING:
    from ranting.children.models import Child


@dataclass
class NewEntry:
    """One new measurement: the child (posyandu and kelurahan loaded), the form's cleaned data
    (as for `record_measurement`), the kader's confirmation and the client's id."""

    child: Child
    cleaned_data: Mapping[str, object]
    confirm: bool = False
    client_id: UUID | None = None


# The months before the earliest one sent that are read for every child: derivation looks back
# two weighings, and most children are weighed every month.
RECENT_MONTHS = 3

# What `apply_derived` and the confirmation messages read of the earlier rows.
HISTORY_FIELDS = ("pk", *services.INPUT_FIELDS, "child_id", "posyandu_id", "period", "clenhei_cm")


class HistoryRow:
    """A saved row as far as derivation and the checks read it: built from a values_list, it
    costs a fifth of a model instance (a batch of 20 children reads ~250 of them)."""

    __slots__ = (*HISTORY_FIELDS, "child")
    # What this module reads itself; derivation and the checks read it as a Measurement.
    pk: int
    period: dt.date
    clenhei_cm: float | None

    def __init__(self, values: tuple, child: Child) -> None:
        for name, value in zip(HISTORY_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.child = child


# A saved row, a refusal (nothing saved), or None: save this entry with record_measurement.
Outcome = Measurement | services.MeasurementError | None


def record_new_measurements(user, entries: Sequence[NewEntry]) -> list[Outcome]:
    """Save the entries that are new months of their children; one outcome per entry, in order.

    Run inside the caller's transaction (and `facts.deferred_refresh()` to refresh the facts
    once). Refusals are the exceptions `record_measurement` would raise, returned instead.
    """
    outcomes: list[Outcome] = [None] * len(entries)
    per_child = Counter(e.child.pk for e in entries)
    histories = _histories(entries)
    locked = _locked_months(entries)
    rows: dict[int, Measurement] = {}
    # The checks in the order the single path makes them: values, locked month, inactive child,
    # month already measured.
    for i, entry in enumerate(entries):
        child = entry.child
        if errors := input_errors(child.birth_date, entry.cleaned_data):
            outcomes[i] = services.MeasurementRefused(errors)
            continue
        values = services.clean_inputs(entry.cleaned_data)
        period = period_of(values["measured_on"])
        history = histories[child.pk]
        if (child.posyandu_id, period) in locked:
            outcomes[i] = services.MonthLocked()
        elif (refused := services.inactive_refusal(child)) is not None:
            outcomes[i] = refused
        elif (existing := next((h for h in history if h.period == period), None)) is not None:
            outcomes[i] = services.AlreadyMeasured(_full(existing))
        elif per_child[child.pk] == 1 and all(h.period < period for h in history):
            rows[i] = Measurement(
                child=child,
                posyandu=child.posyandu,
                kota_code=child.posyandu.kelurahan_id[:5],
                created_by=user,
                client_id=entry.client_id,
                **values,
            )
    context = [h for i in rows for h in _derivation_context(histories[entries[i].child.pk])]
    apply_derived(list(rows.values()), _as_saved(context))
    for i, m in list(rows.items()):
        m.confirmed_implausible = services.needs_confirmation(m)
        if m.confirmed_implausible and not entries[i].confirm:
            history = histories[m.child_id]
            messages = services.confirmation_messages(m, _as_saved(history))
            outcomes[i] = services.NeedsConfirmation(messages, m)
            del rows[i]
    if rows and _insert(list(rows.values())):
        for i, m in rows.items():
            outcomes[i] = m
    return outcomes


def _as_saved(rows: list[HistoryRow]) -> list[Measurement]:
    # A HistoryRow has every field apply_derived and the confirmation messages read.
    return cast(list[Measurement], rows)


def _derivation_context(history: list[HistoryRow]) -> list[HistoryRow]:
    """The earlier rows a new month's derived values depend on: the two latest (N/T/O/B reads
    the previous weighing, 2T the previous one's status) back to the latest with a length (the
    shrink check). The engine's cost grows with the rows it is given (a child has up to 59)."""
    rows = sorted(history, key=lambda h: h.period)
    start = max(0, len(rows) - 2)
    last_length = max((i for i, h in enumerate(rows) if h.clenhei_cm is not None), default=start)
    return rows[min(start, last_length) :]


def _histories(entries: Sequence[NewEntry]) -> dict[int, list[HistoryRow]]:
    """The children's saved rows as far as the batch reads them: those from RECENT_MONTHS
    before the earliest month sent, and the older ones only for a child with too few recent
    rows to derive from (`_derivation_context`). A child has up to 59 months of rows; reading
    them all was the batch's costliest query (every partition, ≈ 9 ms of PostgreSQL a batch)."""
    by_pk = {e.child.pk: e.child for e in entries}
    periods = [period_of(day) for e in entries if isinstance(day := _day(e), dt.date)]
    if not periods:
        return defaultdict(list)
    since = shift_month(min(periods), -RECENT_MONTHS)
    histories = _read_histories(by_pk, Q(period__gte=since))
    older = [pk for pk in by_pk if not _enough_to_derive(histories[pk])]
    if older:
        for pk, rows in _read_histories(
            {pk: by_pk[pk] for pk in older}, Q(period__lt=since)
        ).items():
            histories[pk] = rows + histories[pk]
    return histories


def _day(entry: NewEntry) -> object:
    return entry.cleaned_data.get("measured_on")


def _enough_to_derive(recent: list[HistoryRow]) -> bool:
    # Two rows and one with a length: the context holds no older row then.
    return len(recent) >= 2 and any(h.clenhei_cm is not None for h in recent)


def _read_histories(by_pk: Mapping[int, Child], where: Q) -> dict[int, list[HistoryRow]]:
    histories: dict[int, list[HistoryRow]] = defaultdict(list)
    rows = Measurement.objects.filter(where, child_id__in=list(by_pk))
    child_at = HISTORY_FIELDS.index("child_id")
    for values in rows.values_list(*HISTORY_FIELDS):
        child = by_pk[values[child_at]]
        histories[child.pk].append(HistoryRow(values, child))
    return histories


def _full(m: HistoryRow) -> Measurement:
    """The whole saved row (an answer shows every field; the history read only some)."""
    return Measurement.objects.select_related("child__posyandu").get(pk=m.pk, period=m.period)


def _locked_months(entries: Sequence[NewEntry]) -> set[tuple[int, dt.date]]:
    return services.locked_months(
        (e.child.posyandu_id, period_of(day))
        for e in entries
        if isinstance(day := _day(e), dt.date)
    )


def _insert(rows: list[Measurement]) -> bool:
    """Insert, audit and mark the facts of `rows`; False (nothing saved) when another writer
    took one of their child-months or client_ids first."""
    try:
        with transaction.atomic():
            Measurement.objects.bulk_create(rows)
    except IntegrityError:
        return False
    audit_bulk.log_bulk_create(rows, recomputed=False)
    facts.mark_changed({(m.posyandu_id, m.period) for m in rows})
    return True

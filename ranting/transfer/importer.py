"""Run an import: read, check every row, plan, and save in ONE transaction or not at all.

Shared by the web import (jobs.py, in a background thread) and `ranting import` (the CLI), so
both apply exactly the same rules. With `write=False` it only checks (the preview). With
`write=True` every row is checked again inside the transaction, because the database may have
changed since the preview. If any row is refused and the user did not choose "impor baris yang
valid saja" (`valid_only`), nothing is written. A crash or kill at any moment leaves nothing
half-written: all inserts and updates happen inside one `transaction.atomic()`, which the
database rolls back when the process dies before COMMIT.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ranting.children.models import Child
from ranting.measurements.checks import BALITA_MAX_MONTHS
from ranting.measurements.derive import DERIVED_FIELDS
from ranting.measurements.models import Measurement
from ranting.regions.models import Posyandu, Region
from ranting.transfer import values
from ranting.transfer.columns import mapping_errors
from ranting.transfer.fastinsert import insert_rows
from ranting.transfer.plan import (
    CONFLICT,
    NEW_CHILD,
    NEW_MEASUREMENT,
    OUTCOME_LABELS,
    REJECTED,
    SAME,
    Context,
    Planner,
)
from ranting.transfer.reading import FileError, Table, open_table
from ranting.transfer.rows import RowRecord, RowValidator

logger = logging.getLogger(__name__)

PHASE_READ = "baca"  # reading and checking rows one by one
PHASE_PLAN = "periksa"  # matching with the register, deriving statuses
PHASE_SAVE = "simpan"  # writing inside the transaction
PHASE_LABELS = {
    PHASE_READ: _lazy("Membaca dan memeriksa baris"),
    PHASE_PLAN: _lazy("Mencocokkan dengan register"),
    PHASE_SAVE: _lazy("Menyimpan"),
}
PROGRESS_EVERY = 1000
BATCH_SIZE = 1000
PREVIEW_ROWS = 20

Progress = Callable[[str, int, int | None], None]


class MappingError(Exception):
    """The column choice cannot be imported; `messages` lists why (Indonesian)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class ImportInterrupted(Exception):
    """The database changed under the import; nothing was saved. `message` is Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Refused(Exception):
    """Rolls the transaction back when rows were refused and not `valid_only`."""


@dataclass
class Summary:
    rows: int = 0
    rejected: int = 0
    conflicts: int = 0
    skipped: int = 0  # identical data already present
    children_created: int = 0
    measurements_created: int = 0
    measurements_updated: int = 0  # later months whose N/T/O/B or 2T changed
    warned: int = 0  # accepted rows with a warning (implausible values are kept but flagged)
    written: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RowReport:
    """A row for the preview or the report: its outcome and every reason, by column."""

    number: int
    outcome: str
    errors: list[tuple[str, str]]
    warnings: list[tuple[str, str]]
    cells: list[object] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS.get(self.outcome, self.outcome))


@dataclass
class ImportResult:
    summary: Summary
    preview: list[RowReport]
    report: list[RowReport]  # refused and conflicting rows, without cells
    pairs: set[tuple[int, dt.date]]  # (posyandu_id, period) touched by the write
    headers: list[str]


def import_posyandus(kelurahan: Region) -> list[Posyandu]:
    return list(Posyandu.objects.filter(kelurahan=kelurahan).select_related("kelurahan"))


def run_import(
    path: str | Path,
    mapping: Sequence[str] | None,
    ctx: Context,
    *,
    write: bool,
    valid_only: bool = False,
    progress: Progress | None = None,
    report_path: str | Path | None = None,
) -> ImportResult:
    """Check (and with `write`, save) the register at `path`; see the module docstring.

    `mapping` gives a field key or "" per column; None takes the automatic suggestion.
    Raises FileError (unreadable file) or MappingError (required columns missing).
    """
    report = progress or (lambda phase, done, total: None)
    table = open_table(path)
    if mapping is None:
        from ranting.transfer.columns import suggest_mapping

        mapping = suggest_mapping(table.headers)
    single = len(ctx.importable_ids) == 1
    problems = mapping_errors(mapping, single)
    if len(mapping) != len(table.headers):
        problems.insert(0, _("Jumlah pilihan kolom tidak sama dengan jumlah kolom file."))
    if problems:
        raise MappingError(problems)
    validator = RowValidator(
        table.headers,
        mapping,
        ctx.posyandus,
        ctx.importable_ids,
        ctx.kelurahan.label,
        today=ctx.today,
    )
    records, preview_cells = _first_pass(table, validator, report)
    summary = Summary(rows=len(records))
    pairs: set[tuple[int, dt.date]] = set()
    planner = Planner(ctx, records, validator.column)
    if write and (valid_only or not any(r.errors for r in records)):
        try:
            with transaction.atomic():
                _lock_kelurahan(ctx.kelurahan)
                planner.prepare()
                _write(planner, summary, pairs, records, report)
                if not valid_only and any(r.errors for r in records):
                    raise _Refused
                # In the same transaction, so the facts commit (or vanish) with the rows.
                refresh_facts_for_import(pairs)
                summary.written = True
        except IntegrityError as err:
            # Another writer saved the same child-month between our check and our INSERT.
            raise ImportInterrupted(
                _(
                    "Data berubah selama impor (misalnya pengukuran anak yang sama dicatat pada "
                    "saat yang sama). Tidak ada yang disimpan; ulangi impor."
                )
            ) from err
        except _Refused:
            _nothing_written(summary, pairs)
    else:
        # A check only, or rows already refused: still find every problem, write nothing.
        planner.prepare()
        _plan_only(planner, summary, records, report)
        if write:
            _nothing_written(summary, pairs)
    _count(records, summary)
    result = ImportResult(
        summary=summary,
        preview=[_row_report(r, cells) for r, cells in zip(records, preview_cells, strict=False)],
        report=[_row_report(r) for r in records if r.errors or r.outcome == CONFLICT],
        pairs=pairs,
        headers=table.headers,
    )
    if report_path is not None and result.report:
        write_report(table, result.report, report_path)
    return result


def _first_pass(table: Table, validator: RowValidator, report: Progress):
    records: list[RowRecord] = []
    preview_cells: list[list[object]] = []
    total = table.total_rows
    report(PHASE_READ, 0, total)
    for number, cells in table.rows():
        records.append(validator.validate(number, cells))
        if len(preview_cells) < PREVIEW_ROWS:
            preview_cells.append(cells)
        if len(records) % PROGRESS_EVERY == 0:
            report(PHASE_READ, len(records), max(total or 0, len(records)))
    report(PHASE_READ, len(records), len(records))
    return records, preview_cells


def _plan_only(planner: Planner, summary: Summary, records, report: Progress) -> None:
    done = 0
    for chunk in planner.chunks():
        summary.children_created += len(chunk.children)
        summary.measurements_created += len(chunk.measurements)
        summary.measurements_updated += len(chunk.updates)
        done += chunk.rows
        report(PHASE_PLAN, done, len(records))
    report(PHASE_PLAN, len(records), len(records))


def _nothing_written(summary: Summary, pairs: set) -> None:
    summary.children_created = summary.measurements_created = summary.measurements_updated = 0
    pairs.clear()


def _lock_kelurahan(kelurahan: Region) -> None:
    """Serialise imports into one kelurahan, so two cannot both register the same new child.

    PostgreSQL: a row lock on the kelurahan until COMMIT (readers are not blocked). SQLite has no
    row locks and takes its single write lock only at the first write: an UPDATE that matches
    nothing takes it now, before the planning reads, on a table the status page does not read.
    """
    list(Region.objects.select_for_update().filter(pk=kelurahan.pk).values_list("pk"))
    if connection.vendor == "sqlite":
        Child.objects.filter(pk=-1).update(name=F("name"))


def _write(planner: Planner, summary: Summary, pairs, records, report: Progress) -> None:
    done = 0
    report(PHASE_SAVE, 0, len(records))
    for chunk in planner.chunks():
        Child.objects.bulk_create(chunk.children, batch_size=BATCH_SIZE)
        for m in chunk.measurements:
            m.child = m.child  # copy the new child's primary key into child_id
        count = len(chunk.measurements)
        for start in range(0, count, BATCH_SIZE):
            insert_rows(Measurement, chunk.measurements[start : start + BATCH_SIZE])
            written = min(start + BATCH_SIZE, count)
            report(PHASE_SAVE, done + chunk.rows * written // count, len(records))
        if chunk.updates:
            for m in chunk.updates:
                m.updated_at = timezone.now()
            Measurement.objects.bulk_update(
                chunk.updates, [*DERIVED_FIELDS, "updated_at"], batch_size=BATCH_SIZE
            )
        summary.children_created += len(chunk.children)
        summary.measurements_created += len(chunk.measurements)
        summary.measurements_updated += len(chunk.updates)
        pairs.update((m.posyandu_id, m.period) for m in chunk.measurements)
        pairs.update((m.posyandu_id, m.period) for m in chunk.updates)
        pairs.update(_target_months(chunk.children))
        done += chunk.rows
        report(PHASE_SAVE, done, len(records))
    report(PHASE_SAVE, len(records), len(records))


def _count(records: list[RowRecord], summary: Summary) -> None:
    for r in records:
        if r.errors:
            summary.rejected += 1
        elif r.outcome == CONFLICT:
            summary.conflicts += 1
        elif r.outcome == SAME:
            summary.skipped += 1
        if not r.errors and r.warnings and r.outcome in (NEW_CHILD, NEW_MEASUREMENT):
            summary.warned += 1


def _row_report(r: RowRecord, cells: list[object] | None = None) -> RowReport:
    return RowReport(
        number=r.number,
        outcome=REJECTED if r.errors else (r.outcome or SAME),
        errors=list(r.errors),
        warnings=list(r.warnings),
        cells=list(cells or []),
    )


def _target_months(children) -> set[tuple[int, dt.date]]:
    """(posyandu, month) pairs whose S a new child joins: birth month to 59 months, up to now."""
    current = timezone.localdate().replace(day=1)
    pairs = set()
    for child in children:
        month = child.birth_date.replace(day=1)
        for _step in range(BALITA_MAX_MONTHS):
            if month > current:
                break
            pairs.add((child.posyandu_id, month))
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return pairs


def refresh_facts_for_import(pairs: set[tuple[int, dt.date]]) -> bool:
    """Recompute the monthly facts of the (posyandu_id, period) pairs the import touched.

    Bulk inserts send no signals, so the facts app (`ranting.facts.services.refresh_facts`)
    must be told. Should that module be missing, this logs and returns False; the facts app's
    nightly `rebuild_facts` then catches up.
    """
    try:
        from ranting.facts.services import refresh_facts
    except ImportError:
        logger.info("ranting.facts.services.refresh_facts not available; %d pairs", len(pairs))
        return False
    refresh_facts(sorted(pairs))
    return True


REPORT_HEAD = (_lazy("Baris"), _lazy("Hasil"), _lazy("Alasan"))


def write_report(table: Table, rows: list[RowReport], path: str | Path) -> Path:
    """CSV of the refused and conflicting rows: row number, outcome, reasons, original cells.

    UTF-8 with BOM and the file's own delimiter (`;` for xlsx input, as Excel in Indonesia
    expects), so the user can fix the rows and import this file again.
    """
    path = Path(path)
    by_number = {r.number: r for r in rows}
    delimiter = table.delimiter if table.kind == "csv" else ";"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([str(h) for h in REPORT_HEAD] + table.headers)
        for number, cells in table.rows():
            row = by_number.get(number)
            if row is None:
                continue
            reasons = "; ".join(f"{column}: {reason}" for column, reason in row.errors) or (
                "; ".join(f"{column}: {reason}" for column, reason in row.warnings)
            )
            writer.writerow([number, row.outcome_label, reasons] + [values.text(c) for c in cells])
    return path


__all__ = ["FileError", "ImportInterrupted", "MappingError", "run_import"]

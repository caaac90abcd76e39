"""Second pass of an import: rows → children and measurements, checked against the database.

Rows of one child are grouped by NIK, else by name + birth date + mother (a row without NIK joins
the NIK group with the same name key). A group becomes one existing child (matched in the
kelurahan) or one new child. Each measurement row is then new, already present (same values:
skipped), a conflict (different values: reported, never overwritten), or refused (locked month,
second row for the same month). Derived fields are computed with `measurements.derive.
apply_derived` over each child's whole history in one vectorised call per chunk of children, so
an earlier month imported later also updates N/T/O/B and 2T of the months after it; such an
update in a locked month refuses the child's new rows instead.

Nothing here writes: `Planner.chunks()` yields what to create and update; `importer.py` saves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ranting.children.models import Child
from ranting.growth.kms import age_in_completed_months
from ranting.measurements.checks import BALITA_MAX_MONTHS
from ranting.measurements.derive import (
    DERIVED_FIELDS,
    W_IMPLAUSIBLE_Z,
    W_LENGTH_SHRINK,
    W_LYING_FROM_24M,
    W_STANDING_UNDER_9M,
    W_STANDING_UNDER_24M,
    W_WEIGHT_LOSS,
    WARNING_LABELS,
    apply_derived,
    period_of,
)
from ranting.measurements.models import Measurement
from ranting.measurements.services import LOCKED_MESSAGE, REPORTED_FIELDS
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region
from ranting.transfer.rows import (
    CHILD_INDEX,
    CHILD_KEYS,
    MEASUREMENT_INDEX,
    MEASUREMENT_KEYS,
    RowRecord,
    name_key,
)

NEW_CHILD = "anak_baru"  # the row registered a new child (and its measurement, if any)
NEW_MEASUREMENT = "ukur_baru"  # a new measurement of a child already known
SAME = "sudah_ada"  # nothing new: identical data already present (skipped)
CONFLICT = "konflik"  # different from what is stored: reported, not imported
REJECTED = "ditolak"
OUTCOME_LABELS = {
    NEW_CHILD: _lazy("anak baru"),
    NEW_MEASUREMENT: _lazy("pengukuran baru"),
    SAME: _lazy("sudah ada, dilewati"),
    CONFLICT: _lazy("konflik, tidak diimpor"),
    REJECTED: _lazy("ditolak"),
}
CHUNK_CHILDREN = 2000  # children derived (and saved) together
QUERY_CHUNK = 500  # values per IN (...) list: SQLite and PostgreSQL both take it comfortably
# Which column a derivation warning belongs to in the row report.
WARNING_FIELDS = {
    W_IMPLAUSIBLE_Z: "weight_kg",
    W_WEIGHT_LOSS: "weight_kg",
    W_LENGTH_SHRINK: "lenhei_cm",
    W_STANDING_UNDER_24M: "position",
    W_LYING_FROM_24M: "position",
    W_STANDING_UNDER_9M: "position",
}


@dataclass
class Context:
    """Where the rows go and who imports them."""

    kelurahan: Region
    posyandus: Sequence[Posyandu]  # every posyandu of the kelurahan
    importable_ids: set[int]
    user: object | None
    today: dt.date


@dataclass
class Chunk:
    """What one chunk of children adds; unsaved objects, new children attached as `m.child`."""

    children: list[Child] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    updates: list[Measurement] = field(default_factory=list)
    rows: int = 0  # rows settled by this chunk (for progress)


@dataclass
class _Group:
    key: tuple
    rows: list[RowRecord] = field(default_factory=list)
    existing: tuple | None = None  # (pk, sex, birth_date, posyandu_id, is_active)

    @property
    def accepted(self) -> list[RowRecord]:
        return [r for r in self.rows if not r.errors]


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _month(period: dt.date) -> str:
    return date_format(period, "F Y")


class Planner:
    """Turn first-pass records into chunks of children and measurements to save."""

    def __init__(self, ctx: Context, records: list[RowRecord], column):
        self.ctx = ctx
        self.records = records
        self.column = column  # field key → the file's header (for row reports)
        self.posyandus = {p.pk: p for p in ctx.posyandus}
        self.groups: list[_Group] = []
        self.locked: set[tuple[int, dt.date]] = set()

    # --- preparation (a few queries for the whole file) -------------------------------------

    def prepare(self) -> None:
        self._group()
        self._check_group_consistency()
        self._match_existing()
        self._refuse_registered_elsewhere()
        self._load_locks()

    def _group(self) -> None:
        accepted = [r for r in self.records if not r.errors]
        nik_of_name: dict[tuple, str] = {}
        for r in accepted:
            nik = r.value("nik")
            if nik:
                nik_of_name.setdefault(name_key(r.child), nik)
        by_key: dict[tuple, _Group] = {}
        for r in accepted:
            nik = r.value("nik") or nik_of_name.get(name_key(r.child))
            key = ("nik", nik) if nik else ("name", name_key(r.child))
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = _Group(key)
                self.groups.append(group)
            group.rows.append(r)

    def _check_group_consistency(self) -> None:
        for group in self.groups:
            first = group.rows[0]
            for r in group.rows[1:]:
                for key in ("sex", "birth_date"):
                    if r.value(key) != first.value(key):
                        r.errors.append(
                            (
                                self.column(key),
                                _("Berbeda dengan baris %(row)d untuk anak yang sama.")
                                % {"row": first.number},
                            )
                        )

    def _match_existing(self) -> None:
        rows = Child.objects.filter(posyandu__kelurahan=self.ctx.kelurahan).values_list(
            "pk", "nik", "name", "birth_date", "mother_name", "sex", "posyandu_id", "is_active"
        )
        by_nik: dict[str, tuple] = {}
        by_name: dict[tuple, tuple] = {}
        for pk, nik, name, birth, mother, sex, posyandu_id, active in rows.iterator(2000):
            found = (pk, sex, birth, posyandu_id, active, nik)
            if nik:
                by_nik.setdefault(nik, found)
            by_name.setdefault((name.casefold(), birth, mother.casefold()), found)
        for group in self.groups:
            kind, value = group.key
            first = group.rows[0]
            if kind == "nik":
                match = by_nik.get(value)
                by_name_match = by_name.get(name_key(first.child))
                if match is None and by_name_match is not None:
                    if by_name_match[5] and by_name_match[5] != value:
                        self._settle(
                            group,
                            CONFLICT,
                            "nik",
                            _(
                                "Anak dengan nama, tanggal lahir dan nama ibu yang sama sudah "
                                "terdaftar dengan NIK lain; data register tidak diubah."
                            ),
                        )
                        continue
                    match = by_name_match
            else:
                match = by_name.get(value)
            if match is not None:
                group.existing = match[:5]
                self._check_existing(group)

    def _check_existing(self, group: _Group) -> None:
        pk, sex, birth, posyandu_id, active = group.existing
        first = group.rows[0]
        stored_values = (("sex", sex), ("birth_date", birth))
        differs = [key for key, stored in stored_values if first.value(key) != stored]
        if differs:
            stored = {"sex": sex, "birth_date": birth.strftime("%d-%m-%Y")}
            self._settle(
                group,
                CONFLICT,
                differs[0],
                _("Berbeda dengan register (tersimpan: %(value)s); data anak tidak diubah.")
                % {"value": stored[differs[0]]},
            )
            return
        if posyandu_id not in self.ctx.importable_ids:
            self._settle(
                group,
                REJECTED,
                "posyandu",
                _("Anak ini terdaftar di %(posyandu)s; Anda tidak boleh mencatat di sana.")
                % {"posyandu": self.posyandus[posyandu_id]},
            )
            return
        if not active:
            for r in group.accepted:
                if r.measure is not None:
                    r.errors.append(
                        (
                            self.column("name"),
                            _("Anak ini sudah nonaktif; aktifkan kembali sebelum mencatat."),
                        )
                    )

    def _refuse_registered_elsewhere(self) -> None:
        """A NIK registered in another kelurahan: the child must be moved, not registered twice."""
        new = {g.key[1]: g for g in self.groups if g.existing is None and g.key[0] == "nik"}
        niks = [nik for nik, g in new.items() if g.accepted]
        for part in _chunks(niks, QUERY_CHUNK):
            found = (
                Child.objects.filter(nik__in=list(part))
                .exclude(posyandu__kelurahan=self.ctx.kelurahan)
                .values_list("nik", "posyandu__name", "posyandu__kelurahan__name")
            )
            for nik, posyandu, kelurahan in found:
                self._settle(
                    new[nik],
                    REJECTED,
                    "nik",
                    _(
                        "NIK ini sudah terdaftar di Posyandu %(posyandu)s, Kel. %(kel)s. "
                        "Minta kader di sana memindahkan anak, jangan didaftarkan dua kali."
                    )
                    % {"posyandu": posyandu, "kel": kelurahan},
                )

    def _load_locks(self) -> None:
        self.locked = set(
            MonthlyReport.objects.filter(
                posyandu__kelurahan=self.ctx.kelurahan, status=MonthlyReport.Status.APPROVED
            ).values_list("posyandu_id", "period")
        )

    def _settle(self, group: _Group, outcome: str, key: str, reason: str) -> None:
        """Give every still-accepted row of `group` the same conflict or rejection."""
        for r in group.accepted:
            if outcome == REJECTED:
                r.errors.append((self.column(key), reason))
            else:
                r.outcome = outcome
                r.warnings.append((self.column(key), reason))
        group.rows = [] if outcome == CONFLICT else group.rows

    # --- chunks -----------------------------------------------------------------------------

    def chunks(self, size: int = CHUNK_CHILDREN) -> Iterator[Chunk]:
        """What to save, `size` children at a time (derivation needs whole histories)."""
        live = [g for g in self.groups if g.accepted]
        for part in _chunks(live, size):
            yield self._chunk(part)

    def _chunk(self, groups: Sequence[_Group]) -> Chunk:
        chunk = Chunk()
        existing_ids = [g.existing[0] for g in groups if g.existing]
        history: dict[int, list[Measurement]] = defaultdict(list)
        for part in _chunks(existing_ids, QUERY_CHUNK):
            for m in Measurement.objects.filter(child_id__in=list(part)):
                history[m.child_id].append(m)
        pending: list[tuple[_Group, Child, list[tuple[RowRecord, Measurement]], list]] = []
        for group in groups:
            child = self._child_for(group)
            if child is None:
                continue
            old = history.get(child.pk, []) if group.existing else []
            for m in old:
                m.child = child
            new = self._new_measurements(group, child, old)
            if group.existing is None:
                if not group.accepted:  # every row refused: no child without a row
                    continue
                chunk.children.append(child)
            pending.append((group, child, new, old))
        self._derive(pending, chunk)
        chunk.rows = sum(len(g.rows) for g in groups)
        return chunk

    def _child_for(self, group: _Group) -> Child | None:
        accepted = group.accepted
        if not accepted:
            return None
        first = accepted[0]
        if group.existing:
            pk, sex, birth, posyandu_id, _active = group.existing
            return Child(pk=pk, sex=sex, birth_date=birth, posyandu_id=posyandu_id)
        birth = first.value("birth_date")
        months = age_in_completed_months(birth, max(birth, self.ctx.today))
        if months >= BALITA_MAX_MONTHS:
            for r in accepted:
                r.errors.append(
                    (
                        self.column("birth_date"),
                        _(
                            "Anak sudah berumur %(months)d bulan; program balita hanya untuk "
                            "umur 0–59 bulan."
                        )
                        % {"months": months},
                    )
                )
            return None
        values = {key: first.value(key) for key in CHILD_KEYS}
        posyandu = self.posyandus[first.posyandu_id]
        return Child(
            posyandu=posyandu,
            kota_code=posyandu.kelurahan_id[:5],
            created_by=self.ctx.user,
            **values,
        )

    def _new_measurements(self, group: _Group, child: Child, old: list[Measurement]):
        """(row, unsaved measurement) for each new month; settles the other rows' outcome."""
        stored = {m.period: m for m in old}
        seen: dict[dt.date, RowRecord] = {}
        new: list[tuple[RowRecord, Measurement]] = []
        posyandu_id = child.posyandu_id
        for r in group.accepted:
            if r.measure is None:
                r.outcome = SAME
                continue
            inputs = dict(zip(MEASUREMENT_KEYS, r.measure, strict=True))
            period = period_of(inputs["measured_on"])
            if period in seen:
                if _same(r, seen[period].measure):
                    r.outcome = SAME
                else:
                    r.errors.append(
                        (
                            self.column("measured_on"),
                            _("Anak ini sudah punya pengukuran bulan %(month)s di baris %(row)d.")
                            % {"month": _month(period), "row": seen[period].number},
                        )
                    )
                continue
            seen[period] = r
            if period in stored:
                if _same(r, _stored_inputs(stored[period])):
                    r.outcome = SAME
                else:
                    r.outcome = CONFLICT
                    r.warnings.append(
                        (
                            self.column("measured_on"),
                            _(
                                "Bulan %(month)s sudah berisi pengukuran dengan nilai lain; "
                                "tidak ditimpa. Koreksi lewat halaman anak bila perlu."
                            )
                            % {"month": _month(period)},
                        )
                    )
                continue
            if (posyandu_id, period) in self.locked:
                r.errors.append((self.column("measured_on"), _(LOCKED_MESSAGE)))
                continue
            if posyandu_id != r.posyandu_id:
                r.warnings.append(
                    (
                        self.column("posyandu"),
                        _("Anak terdaftar di %(posyandu)s; pengukuran dicatat di sana.")
                        % {"posyandu": self.posyandus[posyandu_id]},
                    )
                )
            m = _measurement(
                posyandu_id=posyandu_id,
                kota_code=child.kota_code or self.posyandus[posyandu_id].kelurahan_id[:5],
                created_by_id=getattr(self.ctx.user, "pk", None),
                **inputs,
            )
            m.child = child  # a new child has no pk yet; bulk_create gives it one
            new.append((r, m))
        return new

    def _derive(self, pending, chunk: Chunk) -> None:
        new_all = [m for _g, _c, new, _o in pending for _r, m in new]
        old_all = [m for _g, _c, new, old in pending if new for m in old]
        before = {m.pk: tuple(getattr(m, f) for f in DERIVED_FIELDS) for m in old_all}
        reported = {m.pk: tuple(getattr(m, f) for f in REPORTED_FIELDS) for m in old_all}
        apply_derived(new_all + old_all)
        for group, _child, new, old in pending:
            if not new:
                self._outcome_without_new(group)
                continue
            start = min(m.period for _r, m in new)
            later = [m for m in old if m.period > start]
            changed = [m for m in later if tuple(getattr(m, f) for f in DERIVED_FIELDS)
                       != before[m.pk]]  # fmt: skip
            hit = sorted(
                m.period
                for m in changed
                if (m.posyandu_id, m.period) in self.locked
                and tuple(getattr(m, f) for f in REPORTED_FIELDS) != reported[m.pk]
            )
            if hit:
                reason = _(
                    "Pengukuran ini mengubah status bulan %(month)s, yang laporannya sudah "
                    "disetujui dan terkunci; minta admin kelurahan membuka kembali."
                ) % {"month": _month(hit[0])}
                for r, _m in new:
                    r.errors.append((self.column("measured_on"), reason))
                continue
            for r, m in new:
                self._derivation_warnings(r, m)
            chunk.measurements.extend(m for _r, m in new)
            chunk.updates.extend(changed)
            self._assign_outcomes(group, new)

    def _derivation_warnings(self, r: RowRecord, m: Measurement) -> None:
        for code in filter(None, m.warnings.split(",")):
            r.warnings.append((self.column(WARNING_FIELDS[code]), str(WARNING_LABELS[code])))

    def _assign_outcomes(self, group: _Group, new: list[tuple[RowRecord, Measurement]]) -> None:
        fresh = {id(r) for r, _m in new}
        first = True
        for r in group.accepted:
            if group.existing is None and first:
                r.outcome = NEW_CHILD
                first = False
            elif id(r) in fresh:
                r.outcome = NEW_MEASUREMENT

    def _outcome_without_new(self, group: _Group) -> None:
        if group.existing is None and group.accepted:
            group.accepted[0].outcome = NEW_CHILD


_ATTNAMES = [f.attname for f in Measurement._meta.concrete_fields]
_POSITION = {name: i for i, name in enumerate(_ATTNAMES)}
_DEFAULTS = [f.get_default() for f in Measurement._meta.concrete_fields]


def _measurement(**values) -> Measurement:
    """An unsaved Measurement built with positional field values (3x faster than keywords,
    which counts at 100,000 rows); unnamed fields get their model default."""
    row = list(_DEFAULTS)
    for name, value in values.items():
        row[_POSITION[name]] = value
    return Measurement(*row)


def _stored_inputs(m: Measurement) -> tuple:
    return tuple(getattr(m, key) for key in MEASUREMENT_KEYS)


def _same(r: RowRecord, other: tuple) -> bool:
    """Equal on every measurement field the file has a column for."""
    for key in r.mapped:
        i = MEASUREMENT_INDEX[key]
        if r.measure[i] != other[i]:
            return False
    # Without a position column, the position follows the age rule on both sides.
    return True


__all__ = ["CHILD_INDEX", "Context", "Planner"]

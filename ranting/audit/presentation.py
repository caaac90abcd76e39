"""Audit entries as the page shows them: field labels, old → new in words, NIK masked.

auditlog stores values as text ("True", "None", a foreign key's pk, naive UTC datetimes); this
module turns them into what a reviewer reads: "Ya", "–", "Posyandu Mawar", local time. Names of
related objects are looked up once per related model for the whole page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, DateTimeField, DecimalField, Field, Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ranting.audit.models import LogEntry
from ranting.lib.nik import NIK_LENGTH, mask_nik

# Personal identity numbers (child NIK, mother's NIK, family card): masked for roles outside
# children.privacy (see access.sees_nik).
IDENTITY_FIELDS = frozenset({"nik", "mother_nik", "no_kk"})

ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("Dibuat"),
    LogEntry.Action.UPDATE: gettext_lazy("Diubah"),
    LogEntry.Action.DELETE: gettext_lazy("Dihapus"),
    LogEntry.Action.ACCESS: gettext_lazy("Diekspor/dibuka"),
}
EMPTY = "–"

# Names of the recorded kinds of data (not all models have an Indonesian verbose_name).
MODEL_LABELS = {
    "children.child": gettext_lazy("Anak"),
    "children.childtransfer": gettext_lazy("Pindah posyandu"),
    "measurements.measurement": gettext_lazy("Pengukuran"),
    "measurements.measurementrevision": gettext_lazy("Koreksi pengukuran"),
    "recaps.monthlyreport": gettext_lazy("Laporan bulanan"),
    "recaps.reportevent": gettext_lazy("Riwayat laporan"),
    "regions.posyandu": gettext_lazy("Posyandu"),
    "accounts.user": gettext_lazy("Pengguna"),
}

# Indonesian names of fields whose model gives none (derived and bookkeeping columns).
FIELD_LABELS = {
    "id": gettext_lazy("ID"),
    "kota_code": gettext_lazy("kode kota"),
    "client_id": gettext_lazy("ID aplikasi luring"),
    "created_at": gettext_lazy("dibuat pada"),
    "created_by": gettext_lazy("dicatat oleh"),
    "age_days": gettext_lazy("umur (hari)"),
    "age_months": gettext_lazy("umur (bulan)"),
    "clenhei_cm": gettext_lazy("PB/TB setelah koreksi posisi (cm)"),
    "zwei": gettext_lazy("z BB/U"),
    "zlen": gettext_lazy("z PB/U atau TB/U"),
    "zwfl": gettext_lazy("z BB/PB atau BB/TB"),
    "zbmi": gettext_lazy("z IMT/U"),
    "zac": gettext_lazy("z LiLA/U"),
    "zhc": gettext_lazy("z lingkar kepala/U"),
    "flags": gettext_lazy("tanda nilai tidak wajar (WHO)"),
    "status_bbu": gettext_lazy("status BB/U"),
    "status_tbu": gettext_lazy("status PB/U atau TB/U"),
    "status_bbtb": gettext_lazy("status BB/PB atau BB/TB"),
    "status_imtu": gettext_lazy("status IMT/U"),
    "referral": gettext_lazy("alasan rujukan"),
    "confirmed_implausible": gettext_lazy("dikonfirmasi kader"),
    "warnings": gettext_lazy("peringatan"),
    "measurement": gettext_lazy("pengukuran"),
    "changed_at": gettext_lazy("diubah pada"),
    "changed_by": gettext_lazy("diubah oleh"),
    "previous": gettext_lazy("nilai sebelum koreksi"),
    "status": gettext_lazy("status"),
    "submitted_at": gettext_lazy("dikirim pada"),
    "approved_at": gettext_lazy("disetujui pada"),
    "approved_by": gettext_lazy("disetujui oleh"),
    "report": gettext_lazy("laporan"),
    "kind": gettext_lazy("jenis"),
    "actor": gettext_lazy("pelaku"),
    "note": gettext_lazy("catatan"),
    "from_status": gettext_lazy("dari status"),
    "to_status": gettext_lazy("ke status"),
    "child": gettext_lazy("anak"),
    "from_posyandu": gettext_lazy("dari posyandu"),
    "to_posyandu": gettext_lazy("ke posyandu"),
    "moved_at": gettext_lazy("dipindah pada"),
    "moved_by": gettext_lazy("dipindah oleh"),
    "username": gettext_lazy("nama pengguna"),
    "first_name": gettext_lazy("nama depan"),
    "last_name": gettext_lazy("nama belakang"),
    "email": gettext_lazy("email"),
    "is_active": gettext_lazy("aktif"),
    "is_staff": gettext_lazy("staf admin Django"),
    "is_superuser": gettext_lazy("superuser Django"),
    "date_joined": gettext_lazy("terdaftar sejak"),
}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class EntryView:
    entry: LogEntry
    model_label: str
    action_label: str
    bulk: bool
    changes: list[Change] = field(default_factory=list)


def mask_identity(value: str) -> str:
    """A NIK/KK shows its region and serial only; any other length is hidden entirely."""
    if value in ("", EMPTY):
        return value
    return mask_nik(value) if len(value) == NIK_LENGTH else "•" * len(value)


def _field(model: type[Model] | None, name: str) -> Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, Field) else None


def _related_labels(entries: Iterable[LogEntry]) -> dict[tuple[type[Model], str], str]:
    """str() of every object a foreign-key change on the page points to, one query per model."""
    wanted: dict[type[Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, change in (entry.changes or {}).items():
            fk = _field(model, name)
            if fk is None or not fk.many_to_one or fk.related_model is None:
                continue
            if not isinstance(change, list):
                continue
            wanted[fk.related_model].update(str(v) for v in change if v not in (None, "None"))
    labels = {}
    for related, pks in wanted.items():
        for obj in related._base_manager.filter(pk__in=pks):
            labels[(related, str(obj.pk))] = str(obj)
    return labels


def _local_time(value: str) -> str:
    moment = parse_datetime(value)
    if moment is None:
        return value
    if timezone.is_naive(moment):  # auditlog stores datetimes as naive UTC
        moment = timezone.make_aware(moment, dt.UTC)
    return date_format(timezone.localtime(moment), "d-m-Y H:i")


def _show(value: object, fld: Field | None, labels: Mapping, show_identity: bool) -> str:
    text = EMPTY if value in (None, "None", "") else str(value)
    if text == EMPTY or fld is None:
        return text
    if fld.name in IDENTITY_FIELDS and not show_identity:
        return mask_identity(text)
    if fld.many_to_one:
        return labels.get((fld.related_model, text), f"#{text}")
    if isinstance(fld, BooleanField):
        return {"True": _("Ya"), "False": _("Tidak")}.get(text, text)
    if isinstance(fld, DateTimeField):
        return _local_time(text)
    if isinstance(fld, DecimalField):  # "9.8" typed, "9.80" stored: show both as stored
        try:
            return str(Decimal(text).quantize(Decimal(1).scaleb(-fld.decimal_places)))
        except InvalidOperation:
            return text
    if fld.choices:
        return str(dict(fld.flatchoices).get(text, text))
    return text


def _changes(entry: LogEntry, labels: Mapping, show_identity: bool) -> list[Change]:
    model = entry.content_type.model_class()
    rows = []
    for name, change in sorted((entry.changes or {}).items()):
        fld = _field(model, name)
        label = str(FIELD_LABELS.get(name) or (fld.verbose_name if fld is not None else name))
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(change.get("objects", []))
            added = change.get("operation") == "add"
            rows.append(Change(label, EMPTY if added else objects, objects if added else EMPTY))
            continue
        old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
        rows.append(
            Change(
                label,
                _show(old, fld, labels, show_identity),
                _show(new, fld, labels, show_identity),
            )
        )
    return rows


def describe(entries: Iterable[LogEntry], show_identity: bool) -> list[EntryView]:
    """Page rows for `entries` (with content_type loaded); NIK/KK masked unless allowed."""
    entries = list(entries)
    labels = _related_labels(entries)
    views = []
    for entry in entries:
        key = f"{entry.content_type.app_label}.{entry.content_type.model}"
        views.append(
            EntryView(
                entry=entry,
                model_label=str(MODEL_LABELS.get(key, entry.content_type.name)),
                action_label=str(ACTION_LABELS.get(entry.action, entry.action)),
                bulk=bool((entry.additional_data or {}).get("bulk")),
                changes=_changes(entry, labels, show_identity),
            )
        )
    return views

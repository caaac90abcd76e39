"""Recording and correcting measurements: the only writer of Measurement and its revisions.

Every write recomputes the child's whole history with `derive.apply_derived` (one engine call), so
an entry for an earlier month, or a correction, also updates N/T/O/B and 2T of the later months.
A write is refused when it would change a month whose posyandu report is approved (locked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import DecimalField, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ranting.audit import bulk as audit_bulk
from ranting.facts import services as facts
from ranting.growth.kms import age_in_completed_months
from ranting.measurements.checks import BALITA_MAX_MONTHS, input_errors
from ranting.measurements.derive import (
    CONFIRM_WARNINGS,
    DERIVED_FIELDS,
    W_IMPLAUSIBLE_Z,
    W_LENGTH_SHRINK,
    W_WEIGHT_LOSS,
    apply_derived,
    period_of,
)
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.measurements.templatetags.growth_tags import zfmt
from ranting.recaps.models import MonthlyReport

INPUT_FIELDS = [
    "measured_on",
    "weight_kg",
    "lenhei_cm",
    "position",
    "oedema",
    "armc_cm",
    "headc_cm",
    "vitamin_a",
    "exclusive_breastfeeding",
    "notes",
]
# What a revision keeps besides the inputs: the results the kader saw before the correction.
SNAPSHOT_RESULTS = ["zwei", "zlen", "zwfl", "zbmi", "status_bbu", "status_tbu", "status_bbtb",
                    "growth", "confirmed_implausible"]  # fmt: skip
# The derived values a recap shows or counts; a change of these in a locked month is refused.
REPORTED_FIELDS = [
    *("growth", "two_t", "bgm", "flags", "age_months"),
    *("status_bbu", "status_tbu", "status_bbtb", "status_imtu"),
    *("zwei", "zlen", "zwfl", "zbmi"),
]

Z_LABELS = {"zwei": "BB/U", "zlen": "PB/U atau TB/U", "zwfl": "BB/PB atau BB/TB",
            "zbmi": "IMT/U", "zhc": "Lingkar kepala/U", "zac": "LiLA/U"}  # fmt: skip

LOCKED_MESSAGE = (
    "Laporan bulan ini sudah disetujui dan terkunci; minta admin kelurahan membuka kembali."
)


class MeasurementError(Exception):
    """Base of the domain exceptions; nothing was saved when one is raised."""


@dataclass
class MeasurementRefused(MeasurementError):
    """Impossible or forbidden input: `errors` maps a form field (or "__all__") to reasons."""

    errors: dict[str, list[str]]


@dataclass
class NeedsConfirmation(MeasurementError):
    """Implausible values: the kader must confirm with "Ya, nilai ini benar" (`confirm=True`)."""

    warnings: list[str]
    preview: Measurement


class MonthLocked(MeasurementRefused):
    """The month's posyandu report is approved: nothing of that month may change."""

    def __init__(self) -> None:
        super().__init__({"__all__": [_(LOCKED_MESSAGE)]})


@dataclass
class AlreadyMeasured(MeasurementError):
    """The child already has a measurement in that month: go to the correction flow."""

    existing: Measurement
    extra: dict[str, object] = field(default_factory=dict)


def is_locked(posyandu_id: int, period: dt.date) -> bool:
    return MonthlyReport.objects.filter(
        posyandu_id=posyandu_id, period=period, status=MonthlyReport.Status.APPROVED
    ).exists()


def locked_months(pairs: Iterable[tuple[int, dt.date]]) -> set[tuple[int, dt.date]]:
    """The (posyandu_id, period) pairs among `pairs` whose report is approved, in one query."""
    wanted = Q()
    for posyandu_id, period in set(pairs):
        wanted |= Q(posyandu_id=posyandu_id, period=period)
    if not wanted:
        return set()
    approved = MonthlyReport.objects.filter(wanted, status=MonthlyReport.Status.APPROVED)
    return set(approved.values_list("posyandu_id", "period"))


def _month_label(period: dt.date) -> str:
    return date_format(period, "F Y")


def _reported(m: Measurement) -> tuple:
    return tuple(getattr(m, f) for f in REPORTED_FIELDS)


def _derived(m: Measurement) -> tuple:
    return tuple(getattr(m, f) for f in DERIVED_FIELDS)


def _pairs_changed(rows: Iterable[Measurement], before: Mapping[int, tuple]) -> set:
    """(posyandu_id, period) of saved rows whose counted values changed: their facts refresh."""
    return {(m.posyandu_id, m.period) for m in rows if before.get(m.pk) != _reported(m)}


def _refuse_locked_changes(rows: Iterable[Measurement], before: Mapping[int, tuple]) -> None:
    """Refuse when recomputation changed a saved row whose month is locked."""
    changed = [m for m in rows if m.pk in before and before[m.pk] != _reported(m)]
    if not changed:
        return
    locked = set(
        MonthlyReport.objects.filter(
            status=MonthlyReport.Status.APPROVED,
            posyandu_id__in={m.posyandu_id for m in changed},
            period__in={m.period for m in changed},
        ).values_list("posyandu_id", "period")
    )
    hit = sorted(m.period for m in changed if (m.posyandu_id, m.period) in locked)
    if hit:
        raise MeasurementRefused(
            {
                "__all__": [
                    _(
                        "Perubahan ini mengubah status bulan %(month)s, yang laporannya sudah "
                        "disetujui dan terkunci; minta admin kelurahan membuka kembali."
                    )
                    % {"month": _month_label(hit[0])}
                ]
            }
        )


def _previous(m: Measurement, history: Iterable[Measurement], need_length: bool = False):
    earlier = [
        h for h in history if h.period < m.period and (not need_length or h.clenhei_cm is not None)
    ]
    return max(earlier, key=lambda h: h.period, default=None)


def _fmt(value: float | Decimal | None, digits: int = 1) -> str:
    # Only called for values a warning was raised on, so never None.
    assert value is not None
    return f"{float(value):.{digits}f}".replace(".", ",")


def confirmation_messages(m: Measurement, history: Iterable[Measurement]) -> list[str]:
    """Indonesian explanation of each warning of `m` that needs the kader's confirmation."""
    codes = set(m.warnings.split(",")) & CONFIRM_WARNINGS
    history = list(history)
    messages = []
    if W_IMPLAUSIBLE_Z in codes:
        for name in m.flags.split(","):
            z = getattr(m, name, None)
            messages.append(
                _(
                    "%(index)s: z = %(z)s di luar batas wajar WHO. Periksa lagi berat, "
                    "panjang/tinggi badan dan tanggal lahir."
                )
                % {"index": Z_LABELS.get(name, name), "z": "?" if z is None else zfmt(z)}
            )
    if W_WEIGHT_LOSS in codes and (prev := _previous(m, history)):
        messages.append(
            _("Berat turun %(loss)s kg: %(prev)s kg pada %(date)s, sekarang %(now)s kg.")
            % {
                "loss": _fmt(prev.weight_kg - m.weight_kg, 2),
                "prev": _fmt(prev.weight_kg, 2),
                "date": prev.measured_on.strftime("%d-%m-%Y"),
                "now": _fmt(m.weight_kg, 2),
            }
        )
    if W_LENGTH_SHRINK in codes and (prev := _previous(m, history, need_length=True)):
        messages.append(
            _(
                "Panjang/tinggi badan berkurang: %(prev)s cm pada %(date)s, sekarang %(now)s cm "
                "(setelah koreksi posisi ukur)."
            )
            % {
                "prev": _fmt(prev.clenhei_cm),
                "date": prev.measured_on.strftime("%d-%m-%Y"),
                "now": _fmt(m.clenhei_cm),
            }
        )
    return messages


def clean_inputs(data: Mapping[str, object]) -> dict[str, Any]:
    values = {name: data.get(name) for name in INPUT_FIELDS}
    values["position"] = (values["position"] or "") if values["lenhei_cm"] is not None else ""
    values["notes"] = values["notes"] or ""
    for flag in ("oedema", "vitamin_a", "exclusive_breastfeeding"):
        values[flag] = bool(values[flag])
    return values


def refusal(child, cleaned_data: Mapping[str, object]) -> MeasurementRefused | None:
    """Why a new measurement of `child` is refused before any query (impossible values, an
    inactive child), or None."""
    errors = input_errors(child.birth_date, cleaned_data)
    if errors:
        return MeasurementRefused(errors)
    return inactive_refusal(child)


def inactive_refusal(child) -> MeasurementRefused | None:
    if not child.is_active:
        return MeasurementRefused(
            {"__all__": [_("Anak ini sudah nonaktif; aktifkan kembali sebelum mencatat.")]}
        )
    return None


def needs_confirmation(m: Measurement) -> bool:
    """The derived warnings of `m` include one the kader must confirm."""
    return bool(set(m.warnings.split(",")) & CONFIRM_WARNINGS)


def _derive_and_save(
    m: Measurement, others: list[Measurement], confirm: bool
) -> tuple[Measurement, list[Measurement]]:
    """Recompute `m` with the child's other rows, check confirmation and locks, then save all."""
    before = {o.pk: _reported(o) for o in others}
    derived_before = {o.pk: _derived(o) for o in others}
    audit_before = audit_bulk.snapshot(others)  # bulk_update bypasses the audit signals
    apply_derived([m, *others])
    needs_confirm = needs_confirmation(m)
    if needs_confirm and not confirm:
        raise NeedsConfirmation(confirmation_messages(m, others), m)
    _refuse_locked_changes(others, before)
    m.confirmed_implausible = needs_confirm
    m.save()
    # Only the other months whose derived values changed are written: this month's weighing
    # usually changes none of the earlier ones, and updating every derived field of the whole
    # history was half the cost of a submission (docs/scaling.md).
    changed = [o for o in others if _derived(o) != derived_before[o.pk]]
    if changed:
        Measurement.objects.bulk_update(changed, DERIVED_FIELDS)
        audit_bulk.log_bulk_update(changed, DERIVED_FIELDS, audit_before)
    # The saved month's facts refresh through its post_save signal; the later months here.
    facts.mark_changed(_pairs_changed(others, before))
    return m, others


def _history(child, exclude_pk: int | None = None) -> list[Measurement]:
    saved = Measurement.objects.filter(child=child)
    rows = list(saved if exclude_pk is None else saved.exclude(pk=exclude_pk))
    for row in rows:
        row.child = child
    return rows


def record_measurement(
    child, user, cleaned_data: Mapping[str, object], confirm: bool = False, reason: str = ""
) -> Measurement:
    """Save the month's measurement of `child` entered by `user`; returns the saved row.

    `cleaned_data`: measured_on (date), weight_kg (kg), lenhei_cm (cm or None), position ("l"
    terlentang / "h" berdiri), oedema, armc_cm, headc_cm, vitamin_a, exclusive_breastfeeding,
    notes. Raises MeasurementRefused (impossible values, inactive child, locked month),
    NeedsConfirmation (implausible values and `confirm` is False) or AlreadyMeasured (the month
    already has a measurement and no `reason` was given; with a reason the existing row is
    corrected through `correct_measurement`).
    """
    if (refused := refusal(child, cleaned_data)) is not None:
        raise refused
    values = clean_inputs(cleaned_data)
    period = period_of(values["measured_on"])
    with transaction.atomic():
        # One read of the child's history serves both the duplicate check and the derivation.
        history = _history(child)
        existing = next((h for h in history if h.period == period), None)
        if existing is not None:
            if reason.strip():
                return correct_measurement(existing, user, cleaned_data, confirm, reason)
            raise AlreadyMeasured(existing)
        if is_locked(child.posyandu_id, period):
            raise MonthLocked
        m = Measurement(child=child, posyandu=child.posyandu, created_by=user, **values)
        try:
            with transaction.atomic():
                _derive_and_save(m, history, confirm)
        except IntegrityError:
            # Two phones saved the same month at once: the other one won; correct it instead.
            raise AlreadyMeasured(Measurement.objects.get(child=child, period=period)) from None
    return m


def snapshot(m: Measurement) -> dict[str, object]:
    """JSON-serialisable copy of the inputs and headline results of `m` (for a revision)."""
    data: dict[str, object] = {}
    for name in INPUT_FIELDS + SNAPSHOT_RESULTS:
        value = getattr(m, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            places = cast(DecimalField, Measurement._meta.get_field(name)).decimal_places
            value = str(value.quantize(Decimal(1).scaleb(-places)))
        data[name] = value
    return data


def correct_measurement(
    measurement: Measurement,
    user,
    cleaned_data: Mapping[str, object],
    confirm: bool = False,
    reason: str = "",
) -> Measurement:
    """Replace the values of a saved measurement, keeping the old ones in a MeasurementRevision.

    `reason` is required. The date must stay in the same month (one measurement per month).
    Recomputes the later months of the child too. Raises MeasurementRefused (no reason, no change,
    impossible values, other month, locked month) or NeedsConfirmation; nothing is saved then.
    """
    child = measurement.child
    errors = input_errors(child.birth_date, cleaned_data)
    if not reason.strip():
        errors.setdefault("reason", []).append(_("Isi alasan koreksi."))
    measured_on = cleaned_data.get("measured_on")
    if isinstance(measured_on, dt.date) and period_of(measured_on) != measurement.period:
        errors.setdefault("measured_on", []).append(
            _("Koreksi harus tetap di bulan %(month)s; untuk bulan lain catat pengukuran baru.")
            % {"month": _month_label(measurement.period)}
        )
    if errors:
        raise MeasurementRefused(errors)
    values = clean_inputs(cleaned_data)
    if all(getattr(measurement, k) == v for k, v in values.items()):
        raise MeasurementRefused({"__all__": [_("Tidak ada nilai yang berubah.")]})
    with transaction.atomic():
        if is_locked(measurement.posyandu_id, measurement.period):
            raise MonthLocked
        previous = snapshot(measurement)
        for key, value in values.items():
            setattr(measurement, key, value)
        _derive_and_save(measurement, _history(child, exclude_pk=measurement.pk), confirm)
        MeasurementRevision.objects.create(
            measurement=measurement, changed_by=user, previous=previous, reason=reason.strip()
        )
    return measurement


def recompute_child(child, *, respect_locks: bool = True) -> list[Measurement]:
    """Recompute and save every measurement of `child` (after its birth date or sex changed).

    With `respect_locks`, raises MeasurementRefused when a reported value of a locked month would
    change, before anything is saved. Also refuses a birth date after a measurement date or one
    that makes a measurement 60 months or older.
    """
    rows = _history(child)
    bad = [
        m
        for m in rows
        if m.measured_on < child.birth_date
        or age_in_completed_months(child.birth_date, m.measured_on) >= BALITA_MAX_MONTHS
    ]
    if bad:
        raise MeasurementRefused(
            {
                "birth_date": [
                    _(
                        "Dengan tanggal lahir ini, pengukuran tanggal %(date)s menjadi sebelum "
                        "lahir atau pada umur 60 bulan ke atas."
                    )
                    % {"date": bad[0].measured_on.strftime("%d-%m-%Y")}
                ]
            }
        )
    before = {m.pk: _reported(m) for m in rows}
    audit_before = audit_bulk.snapshot(rows)
    apply_derived(rows)
    if respect_locks:
        _refuse_locked_changes(rows, before)
    Measurement.objects.bulk_update(rows, DERIVED_FIELDS)
    audit_bulk.log_bulk_update(rows, DERIVED_FIELDS, audit_before)
    facts.mark_changed(_pairs_changed(rows, before))
    return rows

"""Fill the derived columns of Measurement objects, many children at once.

`apply_derived` is the only code that turns a kader's raw input (dates, weight, length, position,
oedema, LiLA, head circumference) into stored results: age, corrected length, WHO z-scores and
flags (through `ranting.growth.anthro_zscores`, one vectorised call for the whole list), PMK
2/2020 statuses (`growth.classify`), and the KMS monthly N/T/O/B, 2T, BGM and referral reasons
(`growth.kms`), plus the warning codes below. It does no database query: children must already be
attached as `m.child`, which the demo seeder relies on for ~60,000 unsaved rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ranting.growth import anthro_zscores
from ranting.growth.classify import classify_all
from ranting.growth.kms import (
    REFERRAL_CODES,
    KbmTable,
    age_in_completed_months,
    growth_status,
    is_bgm,
    is_two_t,
    load_kbm_table,
    period_of_dates,
    referral_matrix,
)
from ranting.measurements.models import Measurement

# Longitudinal plausibility (DOMAIN.md §7.2.5, design choice): a loss of more than 1 kg since the
# previous weighing, or a length/height shorter by more than 1 cm (after the ±0.7 cm position
# correction), is probably a typing or measuring error and must be confirmed by the kader.
MAX_WEIGHT_LOSS_KG = 1.0
MAX_LENGTH_SHRINK_CM = 1.0
# anthro's ±0.7 cm position correction switches at 731 days (DOMAIN.md §1.3).
LENGTH_TO_HEIGHT_AGE_DAYS = 731


def configured_kbm_table() -> KbmTable:
    """The KBM table in force: RANTING_KBM_TABLE when the dinas set one, else the packaged one."""
    path = settings.KBM_TABLE_PATH
    if not path:
        return load_kbm_table()
    # Every save derives statuses: read the file again only when it changed.
    return _kbm_table_file(path, Path(path).stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _kbm_table_file(path: str, mtime_ns: int) -> KbmTable:
    return load_kbm_table(path)


W_STANDING_UNDER_24M = "berdiri_lt24bln"
W_LYING_FROM_24M = "terlentang_ge24bln"
W_STANDING_UNDER_9M = "berdiri_lt9bln"
W_IMPLAUSIBLE_Z = "z_tidak_wajar"
W_WEIGHT_LOSS = "bb_turun"
W_LENGTH_SHRINK = "pb_menyusut"

WARNING_LABELS = {
    W_STANDING_UNDER_24M: _(
        "Diukur berdiri sebelum umur 24 bulan: panjang badan dihitung +0,7 cm."
    ),
    W_LYING_FROM_24M: _(
        "Diukur terlentang pada umur 24 bulan ke atas: tinggi badan dihitung −0,7 cm."
    ),
    W_STANDING_UNDER_9M: _("Bayi di bawah 9 bulan diukur berdiri: ukur ulang terlentang."),
    W_IMPLAUSIBLE_Z: _("Nilai z di luar batas wajar WHO: periksa lagi angka yang diisi."),
    W_WEIGHT_LOSS: _("Berat badan turun lebih dari 1 kg dibanding penimbangan sebelumnya."),
    W_LENGTH_SHRINK: _("Panjang/tinggi badan berkurang lebih dari 1 cm dibanding sebelumnya."),
}
# Warnings that block saving until the kader ticks "Ya, nilai ini benar".
CONFIRM_WARNINGS = frozenset({W_IMPLAUSIBLE_Z, W_WEIGHT_LOSS, W_LENGTH_SHRINK})

# Stored as a comma-separated list of the z-scores WHO flags as implausible.
FLAG_COLUMNS = {"zwei": "fwei", "zlen": "flen", "zwfl": "fwfl", "zbmi": "fbmi", "zhc": "fhc",
                "zac": "fac"}  # fmt: skip

DERIVED_FIELDS = [
    "period",
    "age_days",
    "age_months",
    "clenhei_cm",
    "zwei",
    "zlen",
    "zwfl",
    "zbmi",
    "zac",
    "zhc",
    "flags",
    "status_bbu",
    "status_tbu",
    "status_bbtb",
    "status_imtu",
    "growth",
    "two_t",
    "bgm",
    "referral",
    "warnings",
]


def period_of(day: dt.date) -> dt.date:
    """The reporting month of a measurement date: the first day of its month."""
    return day.replace(day=1)


def _child_key(m: Measurement) -> object:
    return m.child_id if m.child_id is not None else id(m.child)


def _floats(values: Iterable[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _none_if_nan(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _previous_in_group(group: np.ndarray, values: np.ndarray, fill: Any) -> np.ndarray:
    """values[i-1] where row i-1 belongs to the same group (rows already sorted), else `fill`."""
    out = np.full(values.shape, fill, dtype=values.dtype)
    same = group[1:] == group[:-1]
    out[1:] = np.where(same, values[:-1], fill)
    return out


def _previous_valid_in_group(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The last finite value before row i in the same group (NaN when none); rows sorted."""
    n = values.size
    index = np.where(np.isfinite(values), np.arange(n), -1)
    last = np.maximum.accumulate(index) if n else index
    prev = np.full(n, -1)
    prev[1:] = last[:-1]
    ok = (prev >= 0) & (group[np.clip(prev, 0, None)] == group)
    return np.where(ok, values[np.clip(prev, 0, None)], np.nan)


def apply_derived(measurements: Sequence[Measurement], history: Iterable[Measurement] = ()) -> None:
    """Set every derived field of `measurements` in place (no save, no query).

    `measurements` may mix many children; each needs `m.child` attached (sex, birth_date) and the
    raw fields set. N/T/O/B, 2T and the longitudinal checks compare each row with the child's
    previous weighing in the combined chronological order of `measurements` and `history`, so pass
    either the child's full history in `measurements` or the earlier rows in `history` (those are
    read, never modified; a history row in the same child-month as a measurement is ignored).
    `period` is (re)set to the first of the month of `measured_on`.
    """
    rows = list(measurements)
    if not rows:
        return
    for m in rows:
        m.period = period_of(m.measured_on)
    taken = {(_child_key(m), m.period) for m in rows}
    context = [h for h in history if (_child_key(h), period_of(h.measured_on)) not in taken]
    everything = rows + context
    n_target = len(rows)

    sex = np.array([m.child.sex for m in everything])
    birth = np.array([m.child.birth_date for m in everything], dtype="datetime64[D]")
    measured = np.array([m.measured_on for m in everything], dtype="datetime64[D]")
    age_days = (measured - birth).astype(np.int64)
    age_months = np.asarray(age_in_completed_months(birth, measured), dtype=np.float64)
    weight = _floats(m.weight_kg for m in everything)
    lenhei = _floats(m.lenhei_cm for m in everything)
    position = np.array([m.position or None for m in everything], dtype=object)
    oedema = np.array(["y" if m.oedema else "n" for m in everything])

    z = anthro_zscores(
        sex,
        age_days,
        weight=weight,
        lenhei=lenhei,
        measure=position,
        oedema=oedema,
        headc=_floats(m.headc_cm for m in everything),
        armc=_floats(m.armc_cm for m in everything),
    )
    statuses = classify_all(z, oedema)
    clenhei = np.asarray(z["clenhei"], dtype=np.float64)

    # Longitudinal part: sort by child, then month.
    keys: dict[object, int] = {}
    group = np.array([keys.setdefault(_child_key(m), len(keys)) for m in everything])
    period = period_of_dates(measured)
    order = np.lexsort((period, group))
    g = group[order]
    prev_weight = _previous_in_group(g, weight[order], np.nan)
    prev_period = _previous_in_group(g, period[order].astype(np.float64), np.nan)
    status_sorted = growth_status(
        weight[order],
        age_months[order],
        period[order],
        prev_weight,
        prev_period,
        kbm=configured_kbm_table(),
    )
    two_t_sorted = is_two_t(status_sorted, _previous_in_group(g, status_sorted, ""))
    prev_length = _previous_valid_in_group(g, clenhei[order])
    weight_loss_sorted = (prev_weight - weight[order]) > MAX_WEIGHT_LOSS_KG
    shrink_sorted = (prev_length - clenhei[order]) > MAX_LENGTH_SHRINK_CM

    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size)
    growth = status_sorted[inverse]
    two_t = two_t_sorted[inverse]
    weight_loss = weight_loss_sorted[inverse]
    shrink = shrink_sorted[inverse]

    fwei = np.asarray(z["fwei"], dtype=np.float64)
    zwei = np.asarray(z["zwei"], dtype=np.float64)
    bgm = is_bgm(zwei, fwei)
    referral = referral_matrix(
        growth, two_t, zwei, fwei, statuses["status_tbu"], statuses["status_bbtb"]
    )
    flag_names = list(FLAG_COLUMNS)
    flag_matrix = np.column_stack(
        [np.asarray(z[FLAG_COLUMNS[name]], dtype=np.float64) == 1 for name in flag_names]
    )
    measure = np.array([p or "" for p in position])
    c9mo = np.asarray(z["c9mo_flag"], dtype=np.float64) == 1
    has_length = np.isfinite(lenhei)
    standing_young = has_length & (measure == "h") & (age_days < LENGTH_TO_HEIGHT_AGE_DAYS) & ~c9mo
    lying_old = has_length & (measure == "l") & (age_days >= LENGTH_TO_HEIGHT_AGE_DAYS)
    warning_matrix = np.column_stack(
        [standing_young, lying_old, c9mo, flag_matrix.any(axis=1), weight_loss, shrink]
    )
    warning_codes = [
        W_STANDING_UNDER_24M,
        W_LYING_FROM_24M,
        W_STANDING_UNDER_9M,
        W_IMPLAUSIBLE_Z,
        W_WEIGHT_LOSS,
        W_LENGTH_SHRINK,
    ]

    zcols = {name: np.asarray(z[name], dtype=np.float64) for name in FLAG_COLUMNS}
    for i in range(n_target):
        m = rows[i]
        m.age_days = int(age_days[i]) if age_days[i] >= 0 else None
        m.age_months = None if np.isnan(age_months[i]) else int(age_months[i])
        m.clenhei_cm = _none_if_nan(clenhei[i])
        m.zwei = _none_if_nan(zcols["zwei"][i])
        m.zlen = _none_if_nan(zcols["zlen"][i])
        m.zwfl = _none_if_nan(zcols["zwfl"][i])
        m.zbmi = _none_if_nan(zcols["zbmi"][i])
        m.zac = _none_if_nan(zcols["zac"][i])
        m.zhc = _none_if_nan(zcols["zhc"][i])
        m.flags = ",".join(name for name, on in zip(flag_names, flag_matrix[i], strict=True) if on)
        m.status_bbu = str(statuses["status_bbu"][i])
        m.status_tbu = str(statuses["status_tbu"][i])
        m.status_bbtb = str(statuses["status_bbtb"][i])
        m.status_imtu = str(statuses["status_imtu"][i])
        m.growth = str(growth[i])
        m.two_t = bool(two_t[i])
        m.bgm = bool(bgm[i])
        m.referral = ",".join(c for c, on in zip(REFERRAL_CODES, referral[i], strict=True) if on)
        m.warnings = ",".join(
            c for c, on in zip(warning_codes, warning_matrix[i], strict=True) if on
        )


def recompute_child(child) -> list[Measurement]:
    """Recompute and save the derived fields of every measurement of `child`; returns them.

    Use after the child's birth date or sex changed, or after a correction of one month, since
    N/T/O/B and 2T of the later months depend on the earlier weights.
    """
    history = list(Measurement.objects.filter(child=child).order_by("period"))
    for m in history:
        m.child = child
    apply_derived(history)
    Measurement.objects.bulk_update(history, DERIVED_FIELDS)
    return history

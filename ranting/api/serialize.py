"""Model rows → the JSON shapes of schemas.py, with the Indonesian labels the web pages show.

Labels come from the same tables as the templates (growth.classify, growth.kms,
measurements.derive), so the API and the UI can never word a status differently.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from ranting.accounts import scope
from ranting.children.models import Child
from ranting.growth.classify import CATEGORY_LABELS
from ranting.growth.kms import REFERRAL_LABELS, STATUS_LABELS, age_in_completed_months
from ranting.lib.nik import mask_nik
from ranting.measurements.derive import CONFIRM_WARNINGS, WARNING_LABELS
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.recaps.services import RecapSummary, available_actions
from ranting.regions.models import Posyandu, Region

Z_FIELDS = ("zwei", "zlen", "zwfl", "zbmi", "zac", "zhc")
FLAG_LABELS = {"zwei": "BB/U", "zlen": "PB/U atau TB/U", "zwfl": "BB/PB atau BB/TB",
               "zbmi": "IMT/U", "zhc": "LK/U", "zac": "LiLA/U"}  # fmt: skip
POSITION_LABELS = dict(Measurement.Position.choices)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _codes(value: str) -> list[str]:
    return [c for c in (value or "").split(",") if c]


def region(r: Region) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.name,
        "label": r.label,
        "level": r.level,
        "level_label": str(r.get_level_display()),
        "parent_code": r.parent_id,
    }


def posyandu(p: Posyandu, recordable: set[int]) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "label": str(p),
        "kelurahan_code": p.kelurahan_id,
        "kelurahan_name": p.kelurahan.label,
        "rw": p.rw,
        "address": p.address,
        "is_active": p.is_active,
        "can_record": p.pk in recordable,
    }


def child(
    c: Child, can_record: bool, full_nik: bool, last: Measurement | None = None
) -> dict[str, Any]:
    """The register row; NIK and KK masked unless `full_nik` (children.privacy decides)."""
    today = timezone.localdate()
    age = age_in_completed_months(c.birth_date, today) if c.birth_date <= today else None
    mask = (lambda v: v) if full_nik else mask_nik
    return {
        "id": c.pk,
        "client_id": c.client_id,
        "posyandu_id": c.posyandu_id,
        "posyandu_name": str(c.posyandu),
        "kelurahan_code": c.posyandu.kelurahan_id,
        "name": c.name,
        "nik": mask(c.nik),
        "nik_masked": not full_nik and bool(c.nik),
        "no_kk": mask(c.no_kk),
        "sex": c.sex,
        "sex_label": str(c.get_sex_display()),
        "birth_date": c.birth_date,
        "birth_weight_kg": _num(c.birth_weight_kg),
        "birth_length_cm": _num(c.birth_length_cm),
        "mother_name": c.mother_name,
        "mother_nik": mask(c.mother_nik),
        "father_name": c.father_name,
        "phone": c.phone,
        "address": c.address,
        "rt": c.rt,
        "rw": c.rw,
        "has_kia_book": c.has_kia_book,
        "is_active": c.is_active,
        "inactive_reason": c.inactive_reason,
        "age_months": None if age is None else int(age),
        "last_measurement": None
        if last is None
        else {
            "id": last.pk,
            "period": last.period,
            "measured_on": last.measured_on,
            "weight_kg": float(last.weight_kg),
            "lenhei_cm": _num(last.lenhei_cm),
            "position": last.position,
        },
        "can_record": can_record,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def _status(code: str) -> dict[str, str] | None:
    if not code:
        return None
    return {"code": code, "label": str(CATEGORY_LABELS.get(code, code))}


def measurement(
    m: Measurement, *, locked: bool = False, revisions: int | None = None
) -> dict[str, Any]:
    """Inputs, z-scores, PMK 2/2020 statuses, N/T/O/B, 2T, BGM, referral reasons, warnings."""
    if revisions is None:
        revisions = getattr(m, "revision_count", None)
    if revisions is None:
        revisions = m.revisions.count() if m.pk else 0
    return {
        "id": m.pk,
        "client_id": m.client_id,
        "child_id": m.child_id,
        "posyandu_id": m.posyandu_id,
        "period": m.period,
        "measured_on": m.measured_on,
        "weight_kg": float(m.weight_kg),
        "lenhei_cm": _num(m.lenhei_cm),
        "position": m.position,
        "position_label": str(POSITION_LABELS.get(m.position, "")),
        "oedema": m.oedema,
        "armc_cm": _num(m.armc_cm),
        "headc_cm": _num(m.headc_cm),
        "vitamin_a": m.vitamin_a,
        "exclusive_breastfeeding": m.exclusive_breastfeeding,
        "notes": m.notes,
        "age_days": m.age_days,
        "age_months": m.age_months,
        "clenhei_cm": m.clenhei_cm,
        "zscores": {name: getattr(m, name) for name in Z_FIELDS},
        "status": {
            "bbu": _status(m.status_bbu),
            "tbu": _status(m.status_tbu),
            "bbtb": _status(m.status_bbtb),
            "imtu": _status(m.status_imtu),
        },
        "growth": {"code": m.growth, "label": STATUS_LABELS.get(m.growth, m.growth)}
        if m.growth
        else None,
        "two_t": m.two_t,
        "bgm": m.bgm,
        "referral": [{"code": c, "label": REFERRAL_LABELS.get(c, c)} for c in _codes(m.referral)],
        "warnings": [
            {
                "code": c,
                "label": str(WARNING_LABELS.get(c, c)),
                "needs_confirmation": c in CONFIRM_WARNINGS,
            }
            for c in _codes(m.warnings)
        ],
        "flags": [{"index": c, "label": FLAG_LABELS.get(c, c)} for c in _codes(m.flags)],
        "confirmed_implausible": m.confirmed_implausible,
        "locked": locked,
        "revisions": revisions,
        "created_at": m.created_at,
        "updated_at": m.updated_at,
    }


def summary(s: RecapSummary) -> dict[str, Any]:
    return {
        "s": s.s,
        "d": s.d,
        "n": s.n,
        "t": s.t,
        "o": s.o,
        "b": s.b,
        "bgm": s.bgm,
        "two_t": s.two_t,
        "flagged": s.flagged,
        "completeness_pct": s.completeness,
    }


def recap(report: MonthlyReport, user) -> dict[str, Any]:
    p = report.posyandu
    return {
        "id": report.pk,
        "posyandu_id": p.pk,
        "posyandu_name": str(p),
        "kelurahan_code": p.kelurahan_id,
        "period": report.period,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "locked": report.is_locked,
        "submitted_at": report.submitted_at,
        "approved_at": report.approved_at,
        "approved_by": None if report.approved_by is None else report.approved_by.username,
        "return_comment": report.return_comment,
        "available_actions": sorted(available_actions(report, user)),
    }


def recap_events(report: MonthlyReport) -> list[dict[str, Any]]:
    return [
        {
            "kind": e.kind,
            "kind_label": str(e.get_kind_display()),
            "actor": None if e.actor is None else e.actor.username,
            "created_at": e.created_at,
            "note": e.note,
            "from_status": e.from_status,
            "to_status": e.to_status,
        }
        for e in report.events.select_related("actor")
    ]


def can_record_ids(user) -> set[int]:
    return set(scope.recordable_posyandus(user).values_list("pk", flat=True))

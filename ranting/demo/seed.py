"""Seed the Kota Bekasi demo: wilayah, 3 posyandu per kelurahan, one login per role,
children with 12 months of measurements, and monthly reports in every workflow state."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from ranting.accounts.models import User
from ranting.children.models import Child
from ranting.demo import synthetic
from ranting.facts.services import rebuild_facts
from ranting.measurements.derive import apply_derived
from ranting.measurements.models import Measurement
from ranting.publication.rounds import ROUND_MONTHS, Round
from ranting.publication.services import PublicationError, freeze
from ranting.recaps.models import MonthlyReport, ReportEvent
from ranting.regions.loading import BUNDLED_BEKASI, load_wilayah
from ranting.regions.models import Posyandu, Region
from ranting.review.seed import seed_review

DEMO_PASSWORD = "ranting-demo-2026"
POSYANDU_NAMES = [
    "Mawar",
    "Melati",
    "Anggrek",
    "Teratai",
    "Kenanga",
    "Dahlia",
    "Cempaka",
    "Flamboyan",
    "Bougenville",
    "Seruni",
    "Kemuning",
    "Asoka",
]
FIRST_NAMES = {
    "L": [
        "Ahmad",
        "Budi",
        "Rizki",
        "Fajar",
        "Dimas",
        "Arka",
        "Bima",
        "Raka",
        "Hafiz",
        "Yusuf",
        "Alif",
        "Galih",
        "Naufal",
        "Reza",
        "Satria",
        "Umar",
    ],
    "P": [
        "Aisyah",
        "Siti",
        "Nabila",
        "Putri",
        "Zahra",
        "Citra",
        "Dewi",
        "Intan",
        "Kirana",
        "Laila",
        "Nadia",
        "Rani",
        "Salsa",
        "Tiara",
        "Wulan",
        "Yasmin",
    ],
}
LAST_NAMES = [
    "Pratama",
    "Saputra",
    "Lestari",
    "Hidayat",
    "Rahmawati",
    "Nugroho",
    "Wijaya",
    "Kurniawan",
    "Permata",
    "Santoso",
    "Maharani",
    "Ramadhan",
]
MOTHER_NAMES = ["Sri", "Nur", "Ani", "Yuli", "Rina", "Dian", "Eka", "Lina", "Tuti", "Wati"]
# Demo logins: the kader works at Posyandu Teratai, Kalibaru, Medan Satria — the kecamatan of the
# RANTING Digital innovation report (seeds/000).
DEMO_KELURAHAN = "32.75.06.1004"
DEMO_KECAMATAN = "32.75.06"
DISPLAY_NAMES = {
    "32.75.06": "Medan Satria",
    "32.75.06.1004": "Kali Baru",
    "32.75.06.1002": "Harapan Mulya",
    "32.75.08": "Pondok Gede",
    "32.75.12": "Pondok Melati",
    "32.75.07": "Bantar Gebang",
}


@dataclass
class SeedResult:
    posyandu: int
    children: int
    measurements: int
    logins: list[tuple[str, str, str]]


def first_of_month(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _posyandu(per_kelurahan: int) -> list[Posyandu]:
    made = []
    kelurahan = Region.objects.filter(level=Region.Level.KELURAHAN).order_by("code")
    for k_index, kel in enumerate(kelurahan):
        for i in range(per_kelurahan):
            name = POSYANDU_NAMES[(k_index + i * 5) % len(POSYANDU_NAMES)]
            if kel.code == DEMO_KELURAHAN and i == 0:
                name = "Teratai"  # the city's 2017 entry in the Jawa Barat posyandu assessment
            made.append(
                Posyandu(
                    code=f"{kel.code}.{i + 1:02d}",
                    name=name,
                    kelurahan=kel,
                    rw=f"{i + 1:02d}",
                    kota_code=kel.code[:5],
                )
            )
    return Posyandu.objects.bulk_create(made)


def _users(posyandu: list[Posyandu]) -> list[tuple[str, str, str]]:
    kota = Region.objects.get(level=Region.Level.KOTA)
    demo_pos = next(p for p in posyandu if p.kelurahan_id == DEMO_KELURAHAN)
    specs = [
        ("kader", User.Role.KADER, None),
        ("adminkel", User.Role.ADMIN_KELURAHAN, DEMO_KELURAHAN),
        ("kecamatan", User.Role.KECAMATAN, DEMO_KECAMATAN),
        ("dinas", User.Role.DINAS, kota.code),
        ("superadmin", User.Role.SUPERADMIN, None),
    ]
    logins = []
    for username, role, region in specs:
        user = User.objects.create_user(
            username,
            password=DEMO_PASSWORD,
            role=role,
            region_id=region,
            first_name=username.capitalize(),
        )
        if role == User.Role.KADER:
            user.posyandus.add(demo_pos)
        logins.append((str(role.label), username, DEMO_PASSWORD))
    return logins


def _children(rng, posyandu, per_posyandu, today):
    children = []
    for pos in posyandu:
        n = int(rng.integers(per_posyandu - 6, per_posyandu + 7))
        ages = rng.integers(0, 59 * 30, n)  # age today in days
        for age in ages:
            sex = "L" if rng.random() < 0.51 else "P"
            name = f"{rng.choice(FIRST_NAMES[sex])} {rng.choice(LAST_NAMES)}"
            children.append(
                Child(
                    posyandu=pos,
                    kota_code=pos.kota_code,
                    name=name,
                    sex=sex,
                    birth_date=today - dt.timedelta(days=int(age)),
                    mother_name=f"{rng.choice(MOTHER_NAMES)} {rng.choice(LAST_NAMES)}",
                    rt=f"{int(rng.integers(1, 12)):02d}",
                    rw=pos.rw,
                    birth_weight_kg=round(float(rng.normal(3.1, 0.45)), 2),
                    birth_length_cm=round(float(rng.normal(49, 2)), 1),
                )
            )
    return Child.objects.bulk_create(children, batch_size=2000)


def _measurements(rng, children, months, today):
    periods = [first_of_month(today, back) for back in range(months - 1, -1, -1)]
    sex = np.array([1 if c.sex == "L" else 2 for c in children])
    haz, whz = synthetic.trajectories(rng, len(children), months)
    out = []
    for m_index, period in enumerate(periods):
        day = np.minimum(rng.integers(5, 21, len(children)), 28)
        measured_on = [period.replace(day=int(d)) for d in day]
        measured_on = [min(d, today) for d in measured_on]
        age = np.array(
            [(d - c.birth_date).days for d, c in zip(measured_on, children, strict=True)]
        )
        present = (age >= 0) & (age < 1826) & (rng.random(len(children)) < 0.86)
        length, weight = synthetic.measured(
            rng, sex, np.maximum(age, 0), haz[:, m_index], whz[:, m_index]
        )
        for i in np.flatnonzero(present):
            child = children[i]
            out.append(
                Measurement(
                    child=child,
                    posyandu=child.posyandu,
                    kota_code=child.kota_code,
                    period=period,
                    measured_on=measured_on[i],
                    weight_kg=f"{weight[i]:.1f}",
                    lenhei_cm=f"{length[i]:.1f}",
                    position="l" if age[i] < 731 else "h",
                    vitamin_a=period.month in (2, 8) and age[i] >= 180,
                    exclusive_breastfeeding=age[i] < 183 and rng.random() < 0.6,
                )
            )
    return out


def _reports(rng, posyandu, months, today):
    """Past months mostly approved (a few late), the current month in every state."""
    now = timezone.now()
    reports, events = [], []
    for back in range(months - 1, -1, -1):
        period = first_of_month(today, back)
        for pos in posyandu:
            roll = rng.random()
            if back == 0:
                status = (
                    "draft"
                    if roll < 0.5
                    else "submitted"
                    if roll < 0.8
                    else "returned"
                    if roll < 0.9
                    else "approved"
                )
            else:
                status = "approved" if roll < 0.97 else "submitted"
            submit_day = int(rng.integers(10, 29 if rng.random() < 0.15 else 25))
            submitted = dt.datetime(
                period.year,
                period.month,
                min(submit_day, 28),
                10,
                tzinfo=timezone.get_current_timezone(),
            )
            submitted = min(submitted, now)
            reports.append(
                MonthlyReport(
                    posyandu=pos,
                    period=period,
                    status=status,
                    kota_code=pos.kota_code,
                    submitted_at=None if status == "draft" else submitted,
                    approved_at=submitted + dt.timedelta(days=2) if status == "approved" else None,
                    return_comment="Mohon periksa ulang panjang badan anak yang ditandai."
                    if status == "returned"
                    else "",
                )
            )
    reports = MonthlyReport.objects.bulk_create(reports, batch_size=2000)
    for r in reports:
        if r.status != "draft":
            events.append(
                ReportEvent(
                    report=r,
                    kota_code=r.kota_code,
                    kind="submitted",
                    from_status="draft",
                    to_status="submitted",
                    note="data demo",
                )
            )
        if r.status in ("approved", "returned"):
            events.append(
                ReportEvent(
                    report=r,
                    kota_code=r.kota_code,
                    kind=r.status,
                    from_status="submitted",
                    to_status=r.status,
                    note=r.return_comment,
                )
            )
    ReportEvent.objects.bulk_create(events, batch_size=2000)


def _publication_and_review(today: dt.date) -> None:
    """A published round (the latest February/August with data) and the year's review matrix."""
    kota = Region.objects.get(level=Region.Level.KOTA)
    dinas = User.objects.get(username="dinas")
    seed_review(kota.code, today.year, dinas)
    for back in range(12):
        period = first_of_month(today, back)
        if period.month in ROUND_MONTHS:
            with contextlib.suppress(PublicationError):
                freeze(dinas, kota, Round(period.year, period.month), _DEMO_NOTE)
                return


_DEMO_NOTE = "Contoh publikasi dari data demo (fiktif)."


def seed_demo(
    *,
    seed: int = 20260223,
    per_kelurahan: int = 3,
    per_posyandu: int = 30,
    months: int = 12,
    today: dt.date | None = None,
) -> SeedResult:
    """Create the whole demo in one transaction (refuses to run on a database with posyandu)."""
    if Posyandu.objects.exists():
        raise RuntimeError(
            "Database sudah berisi data posyandu; demo hanya untuk basis data kosong."
        )
    today = today or timezone.localdate()
    rng = np.random.default_rng(seed)
    with transaction.atomic():
        load_wilayah(BUNDLED_BEKASI)
        for code, display in DISPLAY_NAMES.items():
            Region.objects.filter(code=code).update(display_name=display)
        posyandu = _posyandu(per_kelurahan)
        logins = _users(posyandu)
        children = _children(rng, posyandu, per_posyandu, today)
        measurements = _measurements(rng, children, months, today)
        apply_derived(measurements)
        Measurement.objects.bulk_create(measurements, batch_size=2000)
        _reports(rng, posyandu, months, today)
        # Bulk inserts send no signals: build the dashboards' monthly facts in one go.
        rebuild_facts(periods=[first_of_month(today, back) for back in range(months)])
        _publication_and_review(today)
    return SeedResult(len(posyandu), len(children), len(measurements), logins)

"""Crafted prevalence data (z-scores written directly, independent of the growth engine).

May 2025 (PERIOD), approved reports unless said otherwise:
Posyandu A (kelurahan Medansatria 32.75.06.1001), 6 children measured:
  a1 L  2 mo  zlen −2.5                      → stunting
  a2 P  7 mo  zlen −3.5 zwei −2.5 zwfl −2.5  → stunting, severe stunting, wasting, underweight
  a3 L 16 mo  zwfl +2.5                      → overweight
  a4 P 34 mo  zlen −6.5 flagged "zlen"       → left out of stunting (numerator and denominator)
  a5 L 40 mo  oedema, no zwei/zwfl           → wasting and underweight; in overweight denominator
  a6 P 30 mo  no length (no zlen, no zwfl)   → underweight denominator only
  stunting 2/4, severe 1/4, wasting 2/5, underweight 2/6, overweight 1/5.
Posyandu A2 (same kelurahan, report only submitted): b1 L 10 mo zlen −2.5 (counts with ?semua=1).
Posyandu B (kelurahan Kalibaru): 2 children, all z 0.
Posyandu C (kecamatan Bekasi Timur): 4 children, all z 0.
  Kota Bekasi stunting (approved): 2/10 = 20%; kecamatan Medansatria 2/6.
April 2025, posyandu A approved: a1 zlen −2.5, a2/a3/a4 zlen 0 → stunting 1/4 = 25%.
May 2024, posyandu A approved: a3 zlen −2.1, a4 zlen +1 → stunting 1/2 = 50%.
"""

from __future__ import annotations

import datetime as dt
import itertools

APRIL = dt.date(2025, 4, 1)
MAY_2024 = dt.date(2024, 5, 1)
NORMAL = {"zlen": 0.0, "zwei": 0.0, "zwfl": 0.0}


def make_prevalence_data(regions, make_child, measure, report):
    a, a2, b, c = (regions[k] for k in ("posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"))
    names = (f"Anak {i}" for i in itertools.count(1))

    def child(posyandu, sex, born):
        return make_child(posyandu=posyandu, name=next(names), sex=sex, birth_date=born)

    for posyandu in (a, b, c):
        report(posyandu, "approved")
    report(a2, "submitted")
    report(a, "approved", period=APRIL)
    report(a, "approved", period=MAY_2024)

    a1 = child(a, "L", dt.date(2025, 2, 10))
    a2_ = child(a, "P", dt.date(2024, 9, 15))
    a3 = child(a, "L", dt.date(2024, 1, 1))
    a4 = child(a, "P", dt.date(2022, 6, 20))
    a5 = child(a, "L", dt.date(2022, 1, 5))
    a6 = child(a, "P", dt.date(2022, 10, 1))
    measure(a1, age_months=2, zlen=-2.5, zwei=-1.0, zwfl=0.5)
    measure(a2_, age_months=7, zlen=-3.5, zwei=-2.5, zwfl=-2.5)
    measure(a3, age_months=16, zlen=-1.0, zwei=0.0, zwfl=2.5)
    measure(a4, age_months=34, zlen=-6.5, zwei=-1.0, zwfl=-1.0, flags="zlen")
    measure(a5, age_months=40, zlen=-1.5, oedema=True)
    measure(a6, age_months=30, zwei=-0.5)

    measure(child(a2, "L", dt.date(2024, 7, 1)), age_months=10, zlen=-2.5, zwei=0.0, zwfl=0.0)
    for _ in range(2):
        measure(child(b, "P", dt.date(2024, 2, 1)), age_months=15, **NORMAL)
    for _ in range(4):
        measure(child(c, "L", dt.date(2023, 2, 1)), age_months=27, **NORMAL)

    measure(a1, period=APRIL, age_months=1, zlen=-2.5)
    for kid, months in ((a2_, 6), (a3, 15), (a4, 33)):
        measure(kid, period=APRIL, age_months=months, zlen=0.0)
    measure(a3, period=MAY_2024, age_months=4, zlen=-2.1)
    measure(a4, period=MAY_2024, age_months=22, zlen=1.0)
    return regions

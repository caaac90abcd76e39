"""A small city for the lokus matrix, with every expected figure worked out by hand below.

August 2025 (a vitamin A month). Children 6–59 months unless said otherwise (born 2023-01-15,
30 months); measurements carry z-scores directly (independent of the growth engine).

K1 Medansatria 32.75.06.1001 — posyandu A (approved) and A2 (submitted, not approved).
  A: 10 children, all with KMS, all weighed with a length; zlen −2.5 for 8, 0 for 2; 5 N and
     5 T; 9 given vitamin A. A2: 1 child weighed, zlen −2.5 (counts only with ?semua=1).
K2 Kalibaru 32.75.06.1004 — posyandu B (approved): 20 children, 8 with KMS; 10 weighed with a
  length, zlen 0; 3 N, 7 T; 4 given vitamin A.
K3 Bekasijaya 32.75.01.1001 — posyandu C (approved): 70 children with KMS, all weighed with a
  length; zlen −2.5 for 14, 0 for 56; 60 N, 10 T; 63 given vitamin A. Plus 2 infants of
  3 months weighed without a length (growth B), one exclusively breastfed.
K4 Harapanmulya 32.75.06.1002 — posyandu D (report still a draft): 5 children weighed with
  zlen −3 (counts only with ?semua=1).

Approved data, by hand:
  city stunting 22/90 = 24.44% (class "Tinggi"); 3 kelurahan with assessed children, so the
  average is 22/3 = 7.333 cases per kelurahan.
  K1 8/10 = 80% "Sangat tinggi"; Wilson 95% 49.02–94.33 > 24.44 → prevalence significant.
     Cases 8: P(X ≥ 8 | 7.333) = 0.4508 → not. D/S 10/10, K/S 10/10, N/D 5/10 = 50% (50/80 =
     0.625 → "Rendah"), vitamin A 9/10 = 90% "Memadai", ASI 0/0 (–), length 10/10,
     completeness 1/2 = 50% (0.556 of 90 → "Rendah": data warning). Key low 1 of 4.
  K2 0/10 = 0% "Sangat rendah". D/S 10/20 = 50% (0.556 → "Rendah"), K/S 8/20 = 40% (exactly
     half of 80 → "Rendah"), N/D 3/10 = 30% (0.375 → "Sangat rendah"), vitamin A 4/20 = 20%
     (0.222 → "Sangat rendah"). Key low 4 of 4 > 50% → candidate by coverage.
  K3 14/70 = 20% (boundary: "Tinggi"); Wilson 12.30–30.82, not above 24.44. Cases 14:
     P(X ≥ 14 | 7.333) = 0.01826 < 0.025 → case count significant. D/S 72/72, K/S 72/72,
     N/D 60/72 = 83.3% "Memadai", vitamin A 63/70 = 90% (exactly the target: "Memadai"),
     ASI 1/2 = 50% (0.625 → "Rendah"), length 70/72 = 97.2%. Key low 1 of 5.
  K4 no approved data: no prevalence, key indicators 0/0, completeness 0/1 "Sangat rendah".
  Rank: candidates K2 (4 low), then K1 and K3 (1 low each; K1's 80% before K3's 20%), then K4.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

AUGUST = dt.date(2025, 8, 1)
BULAN_AUGUST = {"bulan": "2025-08"}
TODDLER_BORN = dt.date(2023, 1, 15)  # 30 completed months on 1 August 2025
INFANT_BORN = dt.date(2025, 4, 20)  # 3 completed months
LENGTH = Decimal("85.0")


def make_lokus_data(regions, report):
    """Creates the city above; children and measurements in two bulk inserts (fast)."""
    from ranting.children.models import Child
    from ranting.measurements.models import Measurement
    from ranting.regions.models import Posyandu, Region

    kel4 = Region.objects.create(
        code="32.75.06.1002",
        name="Harapanmulya",
        level="kelurahan",
        parent=regions["32.75.06"],
        kota_code="32.75",
    )
    posyandu_d = Posyandu.objects.create(
        code="32.75.06.1002.01", name="Dahlia", kelurahan=kel4, rw="04"
    )
    regions["32.75.06.1002"] = kel4
    regions["posyandu_d"] = posyandu_d
    a, a2, b, c = (regions[k] for k in ("posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c"))
    for posyandu, status in ((a, "approved"), (a2, "submitted"), (b, "approved")):
        report(posyandu, status, period=AUGUST)
    report(c, "approved", period=AUGUST)
    report(posyandu_d, "draft", period=AUGUST)

    children: list = []
    weighings: list = []  # (child index, measurement fields)

    def child(posyandu, born=TODDLER_BORN, **fields):
        children.append(
            Child(
                posyandu=posyandu,
                kota_code="32.75",
                name=f"Anak {len(children) + 1}",
                sex="P",
                birth_date=born,
                mother_name="Ibu Uji",
                **fields,
            )
        )
        return len(children) - 1

    def weigh(index, zlen, growth, vitamin_a=False):
        toddler = {"age_months": 30, "lenhei_cm": LENGTH, "zlen": zlen, "zwfl": 0.0}
        weighings.append((index, {**toddler, "growth": growth, "vitamin_a": vitamin_a}))

    for i in range(10):  # K1, posyandu A
        weigh(child(a), -2.5 if i < 8 else 0.0, "N" if i < 5 else "T", vitamin_a=i < 9)
    weigh(child(a2), -2.5, "N")
    for i in range(20):  # K2, posyandu B
        kid = child(b, has_kia_book=i < 8)
        if i < 10:
            weigh(kid, 0.0, "N" if i < 3 else "T", vitamin_a=i < 4)
    for i in range(70):  # K3, posyandu C
        weigh(child(c), -2.5 if i < 14 else 0.0, "N" if i < 60 else "T", vitamin_a=i < 63)
    for breastfed in (True, False):
        infant = {"age_months": 3, "growth": "B", "exclusive_breastfeeding": breastfed}
        weighings.append((child(c, born=INFANT_BORN), infant))
    for _ in range(5):  # K4, posyandu D: not approved
        weigh(child(posyandu_d), -3.0, "T")

    made = Child.objects.bulk_create(children)
    Measurement.objects.bulk_create(
        Measurement(
            child=made[index],
            posyandu=made[index].posyandu,
            kota_code="32.75",
            period=AUGUST,
            measured_on=AUGUST.replace(day=10),
            weight_kg=Decimal("11.0"),
            zwei=0.0,
            **fields,
        )
        for index, fields in weighings
    )
    return regions

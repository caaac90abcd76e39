"""On the demo data, every figure read from the facts equals the same figure computed from the
measurements and the child register (dashboards, SKDN and prevalence queries, which the facts
must not drift from), before and after writes through the services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from ranting.analysis import prevalence, skdn
from ranting.dashboards import queries
from ranting.demo.seed import seed_demo
from ranting.facts.models import MonthlyFact
from ranting.regions.models import Region

TODAY = dt.date(2025, 6, 20)
PERIODS = queries.trend_periods(dt.date(2025, 6, 1), 6)


@pytest.fixture
def demo(db):
    return seed_demo(per_kelurahan=1, per_posyandu=10, months=6, today=TODAY)


def _assert_dashboards_agree():
    # The kota page groups by kecamatan and each kecamatan page by kelurahan, so these cover
    # every kelurahan's sums; a few kelurahan pages (grouped by posyandu) besides.
    regions = list(Region.objects.exclude(level="kelurahan"))
    regions += list(Region.objects.filter(level="kelurahan").order_by("code")[::12])
    assert len(regions) == 1 + 12 + 5
    for region in regions:
        for approved_only in (True, False):
            for period in PERIODS:
                facts = queries.indicators_by_group(region, period, approved_only)
                raw = queries.measurement_indicators_by_group(region, period, approved_only)
                assert facts == raw, (region.code, period, approved_only)
            assert queries.indicator_trend(
                PERIODS, region_code=region.code, approved_only=approved_only
            ) == queries.measurement_indicator_trend(
                PERIODS, region_code=region.code, approved_only=approved_only
            )


def test_it_gives_the_dashboards_the_same_numbers_as_the_measurements(demo):
    assert MonthlyFact.objects.count() > 0
    _assert_dashboards_agree()
    kota = queries.indicators_by_group(Region.objects.get(code="32.75"), PERIODS[-2], False)
    assert sum(c.measured for c in kota.values()) > 0  # the comparison is not of empty sets


def test_it_gives_skdn_and_prevalence_the_same_numbers(demo):
    for period in PERIODS:
        f1 = skdn.skdn_counts(period, region_code="32.75", approved_only=False)
        facts = {f.posyandu_id: f for f in MonthlyFact.objects.filter(period=period)}
        assert set(facts) == {p for p, counts in f1.items() if counts.totals()["s"] or
                              counts.totals()["d"]}  # fmt: skip
        for posyandu_id, counts in f1.items():
            totals = counts.totals()
            fact = facts.get(posyandu_id)
            got = {k: getattr(fact, k, 0) for k in ("s", "d", "n", "t", "o", "b", "bgm", "two_t")}
            assert got == {k: totals[k] for k in got}, (posyandu_id, period)
            assert getattr(fact, "vitamin_a", 0) == totals["vit_a"]
            assert getattr(fact, "exclusive_breastfeeding", 0) == totals["asi"]

    kota = Region.objects.get(code="32.75")
    by_kecamatan = prevalence.prevalence_counts(
        PERIODS, "32.75", by=prevalence.unit_key(kota), approved_only=False
    )
    sums: Counter = Counter()
    for f in MonthlyFact.objects.all():
        for ind in prevalence.INDICATORS:
            sums[(f.period, f.kecamatan_code, ind.code, "n")] += getattr(f, f"{ind.code}_n")
            sums[(f.period, f.kecamatan_code, ind.code, "d")] += getattr(f, f"{ind.code}_d")
    assert by_kecamatan
    for (period, kecamatan), counts in by_kecamatan.items():
        for ind in prevalence.INDICATORS:
            estimate = counts.estimate(ind.code)
            assert (estimate.count, estimate.n) == (
                sums[(period, kecamatan, ind.code, "n")],
                sums[(period, kecamatan, ind.code, "d")],
            ), (period, kecamatan, ind.code)


def test_it_stays_equal_after_writes_through_the_services(demo):
    from ranting.accounts.models import User
    from ranting.children.models import Child
    from ranting.children.services import deactivate_child, move_child
    from ranting.measurements.models import Measurement
    from ranting.measurements.services import correct_measurement, record_measurement
    from ranting.recaps.models import MonthlyReport

    kader = User.objects.get(username="kader")
    june = dt.date(2025, 6, 1)
    unmeasured = Child.objects.exclude(measurements__period=june).filter(
        birth_date__lt=dt.date(2025, 5, 1)
    )
    values = {"lenhei_cm": None, "position": "", "oedema": False, "armc_cm": None,
              "headc_cm": None, "vitamin_a": False, "exclusive_breastfeeding": False,
              "notes": ""}  # fmt: skip
    for child in unmeasured[:3]:
        data = {**values, "measured_on": TODAY, "weight_kg": Decimal("11.0")}
        record_measurement(child, kader, data, confirm=True)
    # A correction of May, with June to recompute: reopen May's report first (test setup).
    june_row = (
        Measurement.objects.filter(period=june, child__measurements__period=PERIODS[-2])
        .exclude(queries.approved_report_exists())
        .order_by("pk")
        .first()
    )
    may_row = Measurement.objects.get(child=june_row.child, period=PERIODS[-2])
    MonthlyReport.objects.filter(posyandu=may_row.posyandu, period=PERIODS[-2]).update(
        status="returned"
    )
    heavier = june_row.weight_kg + Decimal("0.5")
    data = {**values, "measured_on": may_row.measured_on, "weight_kg": heavier}
    correct_measurement(may_row, kader, data, confirm=True, reason="salah timbang")
    june_row.refresh_from_db()
    assert june_row.growth == "T"  # June now weighs less than May
    child = Child.objects.filter(measurements__isnull=True).order_by("pk").first()
    target = Region.objects.get(code="32.75.01.1001").posyandus.first()
    move_child(child, kader, target, "pindah")
    deactivate_child(Child.objects.exclude(pk=child.pk).first(), kader, "pindah kota")
    _assert_dashboards_agree()
    for period in PERIODS:
        f1 = skdn.skdn_counts(period, region_code="32.75", approved_only=False)
        s = {p: c.totals()["s"] for p, c in f1.items() if c.totals()["s"]}
        facts = dict(
            MonthlyFact.objects.filter(period=period, s__gt=0).values_list("posyandu_id", "s")
        )
        assert facts == s, period

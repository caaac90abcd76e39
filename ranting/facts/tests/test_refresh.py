"""refresh_facts: one posyandu-month counted by hand, row removal, bulk writes, query count."""

from __future__ import annotations

import datetime as dt

import pytest

from ranting.facts.models import MonthlyFact
from ranting.facts.services import MEASUREMENT_AGGREGATES, refresh_facts
from ranting.facts.tests.conftest import JUNE, MAY
from ranting.measurements.models import Measurement


@pytest.fixture
def may_a(regions, make_child, measure):
    """Posyandu A in May 2025: four measured children (chosen values) and five others.

    c1 stunted (N, vitamin A at 13 months); c2 severely stunted, underweight, overweight (T, 2T,
    BGM); c3 zlen flagged as implausible (O); c4 oedema at 4 months (B, vitamin A too young,
    ASI eksklusif). Not measured: born 31 May (in S), born 1 June (not yet), 59 months old on
    1 May (in S), exactly 60 months on 1 May (out), inactive (out).
    """
    a = regions["posyandu_a"]
    c1 = measure(a, zlen=-2.5, zwfl=0.1, zwei=-1.0, growth="N", lenhei_cm="75.0",
                 vitamin_a=True, age_months=13).child  # fmt: skip
    measure(a, zlen=-3.4, zwfl=2.5, zwei=-3.2, growth="T", two_t=True, bgm=True,
            lenhei_cm="70.0", age_months=13)  # fmt: skip
    measure(a, zlen=-7.0, zwfl=0.0, zwei=-1.5, flags="zlen", growth="O", lenhei_cm="60.0",
            age_months=13)  # fmt: skip
    baby = make_child(posyandu=a, name="Bayi", birth_date=dt.date(2025, 1, 5))
    measure(a, child=baby, zlen=-1.0, oedema=True, growth="B", vitamin_a=True,
            exclusive_breastfeeding=True, age_months=4)  # fmt: skip
    for name, born in [
        ("Lahir 31 Mei", dt.date(2025, 5, 31)),
        ("Lahir 1 Juni", dt.date(2025, 6, 1)),
        ("59 bulan", dt.date(2020, 5, 2)),
        ("60 bulan", dt.date(2020, 5, 1)),
    ]:
        make_child(posyandu=a, name=name, birth_date=born)
    make_child(posyandu=a, name="Nonaktif", birth_date=dt.date(2024, 1, 1), is_active=False)
    # Other posyandu and months must not leak into A's May.
    measure(regions["posyandu_a2"], zlen=-2.5)
    measure(a, period=JUNE, child=c1, zlen=-2.5)
    return a


EXPECTED_MAY_A = {
    "s": 6,  # c1–c4, born 31 May, 59 months
    "d": 4,
    "n": 1,
    "t": 1,
    "o": 1,
    "b": 1,
    "two_t": 1,
    "bgm": 1,
    "vitamin_a": 1,  # c1; c4 is under 6 months
    "exclusive_breastfeeding": 1,
    "with_length": 3,
    "stunting_n": 2,  # c1, c2
    "stunting_d": 3,  # c3's flagged zlen is left out
    "severe_stunting_n": 1,
    "severe_stunting_d": 3,
    "wasting_n": 1,  # c4 (oedema)
    "wasting_d": 4,
    "underweight_n": 2,  # c2, c4 (oedema)
    "underweight_d": 4,
    "overweight_n": 1,  # c2; oedema never counts as overweight
    "overweight_d": 4,
}


def _counts(fact):
    return {name: getattr(fact, name) for name in EXPECTED_MAY_A}


def test_it_counts_a_posyandu_month_as_counted_by_hand(may_a, fact):
    row = fact(may_a)
    assert _counts(row) == EXPECTED_MAY_A
    assert (row.kota_code, row.kecamatan_code, row.kelurahan_code) == (
        "32.75",
        "32.75.06",
        "32.75.06.1001",
    )


def test_it_recomputes_after_a_write_that_sent_no_signal(may_a, fact):
    # update() bypasses the signals: the fact is stale until someone refreshes it.
    Measurement.objects.filter(posyandu=may_a, period=MAY, zlen=-2.5).update(zlen=-1.0)
    assert fact(may_a).stunting_n == 2
    assert refresh_facts([(may_a.pk, MAY)]) == 1
    assert fact(may_a).stunting_n == 1
    assert _counts(fact(may_a)) == {**EXPECTED_MAY_A, "stunting_n": 1}


def test_it_accepts_the_period_as_text(may_a, fact):
    MonthlyFact.objects.filter(posyandu=may_a, period=MAY).update(d=99)
    assert refresh_facts([(may_a.pk, "2025-05-01")]) == 1
    assert fact(may_a).d == 4


def test_it_removes_the_row_when_nothing_is_left_to_count(regions, make_child, measure, fact):
    # A child of A measured at B (before a move, say): B has no child of its own, so no S.
    b = regions["posyandu_b"]
    m = measure(b, child=make_child(posyandu=regions["posyandu_a"]))
    assert (fact(b).s, fact(b).d) == (0, 1)
    m.delete()
    assert fact(b) is None


def test_it_refreshes_many_pairs_in_the_same_number_of_queries(
    regions, measure, django_assert_num_queries
):
    posyandus = [regions[k] for k in ("posyandu_a", "posyandu_a2", "posyandu_b", "posyandu_c")]
    for posyandu in posyandus:
        for period in (MAY, JUNE):
            measure(posyandu, period=period)
    # savepoint, lock posyandu, measurements, children, upsert, release: whatever the pairs.
    with django_assert_num_queries(6):
        assert refresh_facts([(posyandus[0].pk, MAY)]) == 1
    with django_assert_num_queries(6):
        assert refresh_facts([(p.pk, m) for p in posyandus for m in (MAY, JUNE)]) == 8


def test_it_does_nothing_for_no_pairs(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_facts([]) == 0


def test_it_stores_every_prevalence_indicator_and_skdn_count():
    from ranting.analysis.prevalence import INDICATORS

    fields = {f.name for f in MonthlyFact._meta.get_fields()}
    assert set(MEASUREMENT_AGGREGATES) <= fields
    for indicator in INDICATORS:
        assert {f"{indicator.code}_n", f"{indicator.code}_d"} <= fields

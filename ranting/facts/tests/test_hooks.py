"""The writers keep facts fresh: measurement services, the child register, report approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from ranting.facts import services as facts
from ranting.facts.models import MonthlyFact
from ranting.facts.tests.conftest import JUNE, MAY
from ranting.measurements.models import Measurement
from ranting.measurements.services import correct_measurement, record_measurement

APRIL = dt.date(2025, 4, 1)


def _values(on, weight):
    return {
        "measured_on": on,
        "weight_kg": Decimal(str(weight)),
        "lenhei_cm": None,
        "position": "",
        "oedema": False,
        "armc_cm": None,
        "headc_cm": None,
        "vitamin_a": False,
        "exclusive_breastfeeding": False,
        "notes": "",
    }


@pytest.fixture
def record(people):
    def _record(child, on, weight):
        return record_measurement(child, people["kader"], _values(on, weight), confirm=True)

    return _record


def _growth(fact):
    return {code: getattr(fact, code) for code in ("d", "n", "t", "o", "b", "two_t")}


def test_it_updates_the_later_month_when_an_earlier_one_is_recorded(
    regions, make_child, record, fact
):
    # Born 2024-03-15: 13–15 months old, KBM 200 g.
    child = make_child()
    a = regions["posyandu_a"]
    record(child, dt.date(2025, 4, 10), 9.0)
    record(child, dt.date(2025, 6, 10), 9.1)
    assert _growth(fact(a, APRIL)) == {"d": 1, "n": 0, "t": 0, "o": 0, "b": 1, "two_t": 0}
    # June: weighed, but not in May → O.
    assert _growth(fact(a, JUNE)) == {"d": 1, "n": 0, "t": 0, "o": 1, "b": 0, "two_t": 0}
    # May entered late: +300 g → N; June is now compared with May: −200 g → T.
    record(child, dt.date(2025, 5, 10), 9.3)
    assert _growth(fact(a, MAY)) == {"d": 1, "n": 1, "t": 0, "o": 0, "b": 0, "two_t": 0}
    assert _growth(fact(a, JUNE)) == {"d": 1, "n": 0, "t": 1, "o": 0, "b": 0, "two_t": 0}


def test_it_updates_facts_after_a_correction(regions, make_child, record, people, fact):
    child = make_child()
    a = regions["posyandu_a"]
    record(child, dt.date(2025, 4, 10), 9.0)
    may = record(child, dt.date(2025, 5, 10), 9.3)
    record(child, dt.date(2025, 6, 10), 9.1)
    # May corrected to 9.05 kg: +50 g → T; June +50 g → T again, the second in a row → 2T.
    correct_measurement(may, people["kader"], _values(dt.date(2025, 5, 10), 9.05), reason="salah")
    assert _growth(fact(a, MAY)) == {"d": 1, "n": 0, "t": 1, "o": 0, "b": 0, "two_t": 0}
    assert _growth(fact(a, JUNE)) == {"d": 1, "n": 0, "t": 1, "o": 0, "b": 0, "two_t": 1}


def test_it_refreshes_once_for_a_recorded_month(regions, make_child, record, monkeypatch):
    child = make_child()
    record(child, dt.date(2025, 4, 10), 9.0)
    calls = []
    real = facts.refresh_facts
    monkeypatch.setattr(
        facts, "refresh_facts", lambda pairs: calls.append(set(pairs)) or real(pairs)
    )
    record(child, dt.date(2025, 5, 10), 9.3)
    # April did not change (the later month is what an entry can change), so one pair.
    assert calls == [{(regions["posyandu_a"].pk, MAY)}]


def test_it_moves_s_with_the_child(regions, make_child, people, fact):
    from ranting.children.services import deactivate_child, move_child

    a, b = regions["posyandu_a"], regions["posyandu_b"]
    child = make_child()  # born 2024-03-15: in S in June 2025
    assert fact(a, JUNE).s == 1
    move_child(child, people["kader"], b, "pindah rumah")
    assert fact(a, JUNE) is None  # nothing left to count at A
    assert fact(b, JUNE).s == 1
    deactivate_child(child, people["kader"], "pindah kota")
    assert fact(b, JUNE) is None


def test_it_counts_a_late_registration_in_the_months_the_posyandu_has(
    regions, make_child, measure, fact
):
    a = regions["posyandu_a"]
    measure(a, period=APRIL)
    # Rows exist where something was recorded: June (the child's registration), April (the
    # weighing). May had no activity: its row comes from rebuild_facts.
    assert (fact(a, APRIL).s, fact(a, MAY), fact(a, JUNE).s) == (1, None, 1)
    # Registered in June, born in 2023: S of every month from A's first fact month to now.
    make_child(posyandu=a, name="Terlambat", birth_date=dt.date(2023, 1, 1))
    assert [fact(a, p).s for p in (APRIL, MAY, JUNE)] == [2, 2, 2]


def test_it_ignores_edits_that_do_not_change_s(regions, make_child, monkeypatch):
    child = make_child()
    marked = []
    monkeypatch.setattr(facts, "mark_changed", marked.append)
    child.phone = "08123"
    child.save()
    child.save(update_fields=["name"])
    assert marked == []
    child.birth_date = dt.date(2024, 2, 1)
    child.save()
    assert len(marked) == 1


def test_it_corrects_a_stale_month_on_approval(regions, people, make_child, measure, fact):
    from ranting.recaps import services as recaps

    a = regions["posyandu_a"]
    measure(a, zlen=-2.5)
    MonthlyFact.objects.filter(posyandu=a, period=MAY).update(stunting_n=0, d=7)
    report = recaps.get_or_create_report(a, MAY)
    recaps.submit_report(report, people["kader"])
    recaps.approve_report(report, people["admin_kelurahan"])
    assert (fact(a).d, fact(a).stunting_n) == (1, 1)


def test_it_refreshes_a_deferred_block_once_at_its_end(
    regions, make_child, measure, fact, django_assert_num_queries
):
    a, c = regions["posyandu_a"], regions["posyandu_c"]
    children = [make_child(posyandu=p) for p in (a, a, c)]
    with facts.deferred_refresh():
        for child in children:
            measure(child.posyandu, child=child)
        assert fact(a) is None  # not yet
    assert (fact(a).d, fact(c).d) == (2, 1)


def test_it_rolls_back_the_fact_with_the_measurement(regions, measure, fact):
    a = regions["posyandu_a"]
    seen = []

    def save_then_fail():
        with transaction.atomic():
            measure(a)
            seen.append(fact(a).d)
            raise RuntimeError("gagal")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert seen == [1]  # inside the transaction the fact was there
    assert not Measurement.objects.filter(posyandu=a).exists()
    assert fact(a) is None

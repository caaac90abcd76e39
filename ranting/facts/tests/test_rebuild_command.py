"""`manage.py rebuild_facts` and the first build after `migrate`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from ranting.facts.models import MonthlyFact
from ranting.facts.tests.conftest import JUNE, MAY
from ranting.measurements.models import Measurement

APRIL = dt.date(2025, 4, 1)


@pytest.fixture
def bulk_written(regions, make_child):
    """Measurements written with bulk_create (no signals, so no facts), April–June 2025."""
    a, c = regions["posyandu_a"], regions["posyandu_c"]
    child_a, child_c = make_child(posyandu=a), make_child(posyandu=c)
    rows = [
        Measurement(child=child, posyandu=child.posyandu, kota_code="32.75", period=period,
                    measured_on=period.replace(day=9), weight_kg="9.0", zlen=zlen)
        for child, zlen in ((child_a, -2.5), (child_c, 0.0))
        for period in (APRIL, MAY, JUNE)
    ]  # fmt: skip
    Measurement.objects.bulk_create(rows)
    MonthlyFact.objects.all().delete()  # the children's registration made S rows
    return regions


def _run(*args):
    out = io.StringIO()
    call_command("rebuild_facts", *args, stdout=out)
    return out.getvalue()


def test_it_builds_every_month_from_the_first_measurement(bulk_written):
    output = _run()
    # 2 posyandu × April, May, June (this month): each has its child in S and a measurement.
    assert output.startswith("6 baris fakta bulanan dibangun dalam ")
    assert MonthlyFact.objects.count() == 6
    fact = MonthlyFact.objects.get(posyandu=bulk_written["posyandu_a"], period=MAY)
    assert (fact.s, fact.d, fact.stunting_n, fact.stunting_d) == (1, 1, 1, 1)


def test_it_replaces_stale_and_orphan_rows(bulk_written):
    _run()
    a, b = bulk_written["posyandu_a"], bulk_written["posyandu_b"]
    MonthlyFact.objects.filter(posyandu=a, period=MAY).update(d=40)
    MonthlyFact.objects.create(
        posyandu=b, period=MAY, kota_code="32.75", kecamatan_code="32.75.06",
        kelurahan_code="32.75.06.1004", d=3,
    )  # fmt: skip
    _run("--kota", "32.75")
    assert MonthlyFact.objects.get(posyandu=a, period=MAY).d == 1
    assert not MonthlyFact.objects.filter(posyandu=b).exists()


def test_it_limits_the_rebuild_to_the_months_asked(bulk_written):
    _run()
    MonthlyFact.objects.update(d=40)
    assert _run("--from", "2025-05", "--to", "2025-05").startswith("2 baris")
    assert set(MonthlyFact.objects.filter(d=1).values_list("period", flat=True)) == {MAY}
    assert MonthlyFact.objects.filter(d=40).count() == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "05-2025"], "--from: bulan harus berformat TAHUN-BULAN, misalnya 2025-05"),
        (["--to", "2025-13"], "--to: bulan harus berformat TAHUN-BULAN"),
        (["--from", "2025-06", "--to", "2025-05"], "--to: bulan terakhir tidak boleh sebelum"),
        (["--kota", "32.99"], "--kota: tidak ada posyandu dengan kode kota '32.99'"),
    ],
)
def test_it_explains_bad_options(bulk_written, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not MonthlyFact.objects.exists()


def test_it_builds_missing_facts_after_migrate(bulk_written):
    from ranting.facts.signals import build_missing_facts

    out = io.StringIO()
    build_missing_facts(sender=None, stdout=out)
    assert MonthlyFact.objects.count() == 6
    assert "Fakta bulanan dibangun: 6 baris." in out.getvalue()
    # Facts present: a later migrate leaves them alone.
    MonthlyFact.objects.update(d=40)
    build_missing_facts(sender=None, stdout=out)
    assert MonthlyFact.objects.filter(d=40).count() == 6

"""The approval state is joined at query time: approving or reopening needs no fact rewrite."""

from __future__ import annotations

from ranting.dashboards import queries
from ranting.facts.models import MonthlyFact
from ranting.facts.tests.conftest import MAY


def _measured(region, approved_only=True):
    return {
        k: c.measured for k, c in queries.indicators_by_group(region, MAY, approved_only).items()
    }


def test_it_counts_a_month_only_while_its_report_is_approved(regions, people, measure):
    from ranting.recaps import services as recaps

    a, b = regions["posyandu_a"], regions["posyandu_b"]
    measure(a, zlen=-2.5)
    measure(a, zlen=0.5)
    measure(b)
    kecamatan = regions["32.75.06"]
    assert _measured(kecamatan) == {}
    assert _measured(kecamatan, approved_only=False) == {"32.75.06.1001": 2, "32.75.06.1004": 1}

    report = recaps.get_or_create_report(a, MAY)
    recaps.submit_report(report, people["kader"])
    assert _measured(kecamatan) == {}
    recaps.approve_report(report, people["admin_kelurahan"])
    assert _measured(kecamatan) == {"32.75.06.1001": 2}
    trend = dict(queries.indicator_trend([MAY], region_code="32.75.06"))
    assert (trend[MAY].measured, trend[MAY].counts["stunting"]) == (2, (1, 2))

    refreshed = MonthlyFact.objects.get(posyandu=a, period=MAY).refreshed_at
    recaps.reopen_report(report, people["admin_kelurahan"], "ada salah ukur")
    assert _measured(kecamatan) == {}
    assert MonthlyFact.objects.get(posyandu=a, period=MAY).refreshed_at == refreshed


def test_it_reads_one_posyandu_and_every_region_level(regions, measure, report_approved):
    a, c = regions["posyandu_a"], regions["posyandu_c"]
    measure(a)
    measure(c)
    measure(c)
    for posyandu in (a, c):
        report_approved(posyandu)
    assert _measured(regions["kota"]) == {"32.75.06": 1, "32.75.01": 2}
    assert _measured(regions["32.75.01.1001"]) == {c.pk: 2}
    trend = dict(queries.indicator_trend([MAY], posyandu_id=c.pk))
    assert trend[MAY].measured == 2
    everything = dict(queries.indicator_trend([MAY]))
    assert everything[MAY].measured == 3

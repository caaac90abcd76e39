"""Recap numbers of a posyandu-month and the kelurahan overview, from aggregate queries."""

from __future__ import annotations

import datetime as dt

import pytest

from ranting.recaps import services

pytestmark = pytest.mark.django_db


def test_it_counts_s_d_and_the_skdn_letters(month_fixture, period):
    summary = services.recap_summary(month_fixture["posyandu"], period)
    assert (summary.s, summary.d, summary.flagged) == (6, 4, 3)
    assert (summary.n, summary.t, summary.o, summary.b) == (1, 1, 1, 1)
    assert (summary.bgm, summary.two_t) == (1, 1)
    assert summary.completeness == pytest.approx(100 * 4 / 6)
    assert summary.without_growth_code == 0


def test_it_computes_the_summary_in_two_queries(month_fixture, period, django_assert_num_queries):
    with django_assert_num_queries(2):
        services.recap_summary(month_fixture["posyandu"], period)


def test_it_reports_no_completeness_without_target_children(regions, period):
    summary = services.recap_summary(regions["posyandu_b"], period)
    assert (summary.s, summary.d, summary.completeness) == (0, 0, None)


def test_it_counts_weighings_without_a_growth_code(regions, make_child, measure, period):
    measure(make_child(), growth="")
    summary = services.recap_summary(regions["posyandu_a"], period)
    assert summary.d == 1
    assert summary.without_growth_code == 1


def test_it_lists_the_children_not_yet_weighed(month_fixture, period):
    names = [c.name for c in services.children_not_weighed(month_fixture["posyandu"], period)]
    assert names == ["Dewi", "Eka"]


def test_it_does_not_list_a_child_weighed_at_another_posyandu(regions, make_child, measure, period):
    child = make_child(name="Pindahan")
    measure(child, posyandu=regions["posyandu_a2"])
    assert list(services.children_not_weighed(regions["posyandu_a"], period)) == []


def test_it_lists_the_flagged_measurements(month_fixture, period):
    flagged = services.flagged_measurements(month_fixture["posyandu"], period)
    assert [m.child.name for m in flagged] == ["Budi", "Citra", "Fajar"]


def test_it_warns_a_kader_before_sending(month_fixture, period, regions):
    warnings = services.submission_warnings(
        services.recap_summary(month_fixture["posyandu"], period)
    )
    assert warnings == [
        "2 anak sasaran belum ditimbang bulan ini.",
        "3 hasil ukur ditandai perlu dicek.",
    ]
    empty = services.submission_warnings(services.recap_summary(regions["posyandu_b"], period))
    assert empty == ["Belum ada anak yang ditimbang bulan ini."]


def test_it_gives_one_overview_row_per_active_posyandu(month_fixture, regions, report_in, period):
    report_in("submitted")
    rows = services.kelurahan_overview(regions["32.75.06.1001"], period)

    assert [r.posyandu.name for r in rows] == ["Mawar", "Melati"]
    mawar, melati = rows
    assert (mawar.status, mawar.summary.s, mawar.summary.d, mawar.summary.flagged) == (
        "submitted",
        6,
        4,
        3,
    )
    assert (melati.status, melati.summary.s, melati.summary.d, melati.summary.flagged) == (
        "draft",
        1,
        1,
        1,
    )
    assert melati.report.pk is None
    # May 2025 is long past: the unapproved reports are overdue.
    assert mawar.timeliness.is_late
    assert melati.timeliness.is_late


def test_it_leaves_out_inactive_posyandu(regions, period):
    regions["posyandu_a2"].is_active = False
    regions["posyandu_a2"].save()
    rows = services.kelurahan_overview(regions["32.75.06.1001"], period)
    assert [r.posyandu.name for r in rows] == ["Mawar"]


def test_it_builds_the_overview_in_constant_queries(
    regions, make_child, measure, period, django_assert_num_queries
):
    from ranting.regions.models import Posyandu

    kelurahan = regions["32.75.06.1001"]
    with django_assert_num_queries(4):
        services.kelurahan_overview(kelurahan, period)
    for rw in range(3, 13):
        posyandu = Posyandu.objects.create(
            code=f"32.75.06.1001.{rw:02d}", name=f"Pos {rw}", kelurahan=kelurahan, rw=f"{rw:02d}"
        )
        measure(make_child(posyandu=posyandu, birth_date=dt.date(2024, 1, 1)))
    with django_assert_num_queries(4):
        rows = services.kelurahan_overview(kelurahan, period)
    assert len(rows) == 12
    assert sum(r.summary.d for r in rows) == 10

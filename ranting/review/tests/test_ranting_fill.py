"""“Isi dari data RANTING”: the realisation from verified data of December (or the latest
approved month of the year), computed here by hand from the crafted measurements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ranting.review import ranting_source
from ranting.review.models import ReviewRow

DEC = dt.date(2024, 12, 1)
OCT = dt.date(2024, 10, 1)


def _row(review, source, **fields):
    return ReviewRow.objects.create(
        review=review,
        kota_code="32.75",
        section="A",
        indicator=source,
        opd="Dinas Kesehatan",
        source=source,
        direction="turun" if source == "stunting" else "naik",
        **fields,
    )


@pytest.fixture
def year_data(regions, make_child, measure, approve):
    """2024 in Kota Bekasi.

    December: posyandu A approved with 5 measured children: zlen −2.5, −3.2, −1.0, 0.4 and
    −2.1 flagged as implausible (not assessed) → stunting 2 of 4 = 50%. Posyandu B is not
    approved: its child (zlen −2.8) does not count. Posyandu C (Bekasi Timur) approved: 1 child
    zlen −0.5 → city: 2 of 5 = 40%.
    October: posyandu A approved, 2 children, zlen −2.2 and 1.0 → 1 of 2.
    """
    a, b, c = regions["posyandu_a"], regions["posyandu_b"], regions["posyandu_c"]
    born = dt.date(2023, 1, 15)
    kids_a = [make_child(posyandu=a, name=f"A{i}", birth_date=born) for i in range(6)]
    approve(a, DEC)
    approve(c, DEC)
    approve(a, OCT)
    for child, zlen, flags in zip(
        kids_a, [-2.5, -3.2, -1.0, 0.4, -2.1], ["", "", "", "", "zlen"], strict=False
    ):
        measure(child, DEC, age_months=22, zlen=zlen, flags=flags)
    measure(make_child(posyandu=b, name="B1", birth_date=born), DEC, age_months=22, zlen=-2.8)
    measure(make_child(posyandu=c, name="C1", birth_date=born), DEC, age_months=22, zlen=-0.5)
    measure(kids_a[0], OCT, age_months=20, zlen=-2.2)
    measure(kids_a[1], OCT, age_months=20, zlen=1.0)
    return regions


def test_december_stunting_prevalence_fills_the_realisation(review, year_data, people, login):
    row = _row(review, "stunting", target=Decimal("14"))
    client = login(people["dinas"])
    response = client.post(reverse("review:row_fill", args=[review.pk, row.pk]), follow=True)
    row.refresh_from_db()
    # Verified December, whole kota: 2 stunted of 5 assessed (A: 4 assessed, C: 1).
    assert row.realisation == Decimal("40.00")
    assert "Desember 2024" in row.realisation_note
    assert "2 dari 5 anak" in row.realisation_note
    assert "bulan terakhir" not in row.realisation_note
    assert row.direction == "turun"
    # (2 × 14 − 40) / 14 × 100 = −85.71
    assert row.physical_pct == Decimal("-85.71")
    assert "Realisasi diisi 40,00" in response.content.decode()


def test_without_december_the_latest_approved_month_is_used(
    review, regions, make_child, measure, approve, people, login
):
    a = regions["posyandu_a"]
    kids = [make_child(posyandu=a, name=f"K{i}") for i in range(2)]
    approve(a, OCT)
    measure(kids[0], OCT, age_months=7, zlen=-2.2)
    measure(kids[1], OCT, age_months=7, zlen=1.0)
    # November measured but not approved: it does not count.
    measure(kids[0], dt.date(2024, 11, 1), age_months=8, zlen=-2.4)
    row = _row(review, "stunting")
    login(people["dinas"]).post(reverse("review:row_fill", args=[review.pk, row.pk]))
    row.refresh_from_db()
    assert row.realisation == Decimal("50.00")
    assert "Oktober 2024 (bulan terakhir tahun itu dengan data terverifikasi)" in (
        row.realisation_note
    )


def test_skdn_ratio_d_over_s(review, regions, make_child, measure, approve, people, login):
    """December 2024: posyandu A has 4 balita in the register (S), 3 weighed (D) → 75%."""
    a = regions["posyandu_a"]
    born = dt.date(2023, 6, 1)
    kids = [make_child(posyandu=a, name=f"S{i}", birth_date=born) for i in range(4)]
    approve(a, DEC)
    for child, growth in zip(kids[:3], ["N", "T", "B"], strict=True):
        measure(child, DEC, age_months=18, growth=growth)
    row = _row(review, "ds", target=Decimal("85"))
    login(people["dinas"]).post(reverse("review:row_fill", args=[review.pk, row.pk]))
    row.refresh_from_db()
    assert row.realisation == Decimal("75.00")
    assert "D 3 / S 4" in row.realisation_note
    assert row.unit == "%"
    assert row.physical_pct == Decimal("88.24")  # 75 / 85 = 0.88235…


def test_no_verified_data_leaves_the_row_unchanged(review, people, login):
    row = _row(review, "stunting", realisation=Decimal("21.5"))
    response = login(people["dinas"]).post(
        reverse("review:row_fill", args=[review.pk, row.pk]), follow=True
    )
    row.refresh_from_db()
    assert row.realisation == Decimal("21.5")
    assert "Belum ada laporan posyandu yang disetujui kelurahan pada tahun 2024" in (
        response.content.decode()
    )


def test_a_manual_row_cannot_be_filled(review, people, login):
    row = review.rows.get(section="A")
    response = login(people["dinas"]).post(
        reverse("review:row_fill", args=[review.pk, row.pk]), follow=True
    )
    row.refresh_from_db()
    assert row.realisation == Decimal("76")
    assert "pilih dulu sumber data RANTING" in response.content.decode()


def test_another_kotas_data_never_counts(
    review, year_data, other_kota, make_child, measure, approve
):
    bogor = other_kota["posyandu"]
    approve(bogor, DEC)
    measure(make_child(posyandu=bogor, name="Bogor"), DEC, age_months=10, zlen=-4.0)
    source = ranting_source.SOURCE_BY_CODE["stunting"]
    figure = ranting_source.figure(source, "32.75", 2024, today=dt.date(2025, 1, 10))
    assert figure.value == Decimal("40.00")


def test_source_period_stops_at_today(regions, approve):
    approve(regions["posyandu_a"], dt.date(2025, 3, 1))
    approve(regions["posyandu_a"], dt.date(2025, 5, 1))
    assert ranting_source.source_period("32.75", 2025, today=dt.date(2025, 4, 20)) == dt.date(
        2025, 3, 1
    )
    assert ranting_source.source_period("32.75", 2025, today=dt.date(2026, 1, 5)) == dt.date(
        2025, 5, 1
    )
    assert ranting_source.source_period("32.71", 2025, today=dt.date(2026, 1, 5)) is None

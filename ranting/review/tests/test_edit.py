"""Creating, changing and deleting review years and rows through the real pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ranting.review.models import ReviewRow, ReviewYear

ROW = {
    "section": "A",
    "program": "Pembinaan Keluarga Berencana",
    "activity": "Penggerakan kader",
    "indicator": "Balita ditimbang",
    "opd": "DPPKB",
    "unit": "%",
    "direction": "naik",
    "source": "",
    "target": "85",
    "realisation": "80,75",
    "realisation_text": "",
    "budget_allocated": "1.250,5",
    "budget_realised": "1000",
    "problem": "Hujan",
    "recommendation": "Kunjungan rumah",
    "order": "0",
}


def _post_row(client, review, **changes):
    return client.post(reverse("review:row_create", args=[review.pk]), {**ROW, **changes})


def test_dinas_adds_a_row_with_indonesian_numbers(review, people, login):
    client = login(people["dinas"])
    response = _post_row(client, review, budget_realised="1.000,25")
    assert response.status_code == 302
    row = ReviewRow.objects.get(indicator="Balita ditimbang")
    assert row.realisation == Decimal("80.75")
    assert row.budget_allocated == Decimal("1250.5")
    assert row.budget_realised == Decimal("1000.25")
    assert row.kota_code == "32.75"
    assert row.updated_by == people["dinas"]
    assert row.order == 2  # after the section's existing row
    # 80.75 / 85 = 95%; 1000.25 / 1250.5 = 79.988… → 79.99
    assert row.physical_pct == Decimal("95.00")
    assert row.budget_pct == Decimal("79.99")
    page = client.get(response["Location"]).content.decode()
    assert "Balita ditimbang" in page
    assert "95,00" in page
    assert "79,99" in page


@pytest.mark.parametrize(
    ("field", "value", "label", "reason"),
    [
        ("target", "-5", "Target", "tidak boleh negatif"),
        ("realisation", "8,123", "Realisasi", "paling banyak 2 angka di belakang koma"),
        ("budget_allocated", "1.250", "Anggaran dialokasikan (juta rupiah)", "ribuan atau desimal"),
        (
            "budget_realised",
            "2.000,5",
            "Anggaran terealisasi (juta rupiah)",
            "melebihi anggaran dialokasikan",
        ),
        ("indicator", "", "Indikator kinerja keluaran (output)", "tidak boleh kosong"),
        ("opd", "", "OPD penanggung jawab", "tidak boleh kosong"),
        ("target", "abc", "Target", "bukan angka"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_keeping_the_rest(
    review, people, login, field, value, label, reason
):
    client = login(people["dinas"])
    before = ReviewRow.objects.count()
    response = _post_row(client, review, **{field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{label}</a>: " in html
    assert reason in html
    # One error for the bad value, not a second one about the same field.
    assert html.count(f'href="#id_{field}"') == 1
    assert ReviewRow.objects.count() == before
    # What was typed is shown again, so nothing has to be re-entered.
    assert 'value="Penggerakan kader"' in html
    assert "Kunjungan rumah" in html


def test_realised_budget_needs_an_allocation(review, people, login):
    response = _post_row(login(people["dinas"]), review, budget_allocated="")
    assert "isi anggaran yang dialokasikan" in response.content.decode()


def test_a_text_realisation_is_kept_without_a_percentage(review, people, login):
    client = login(people["dinas"])
    _post_row(
        client,
        review,
        section="B",
        indicator="Analisis Situasi",
        target="",
        realisation="",
        realisation_text="Ya, selesai Februari",
        budget_allocated="",
        budget_realised="",
    )
    row = ReviewRow.objects.get(indicator="Analisis Situasi")
    assert row.realisation_text == "Ya, selesai Februari"
    assert row.physical_pct is None
    assert row.budget_pct is None


def test_dinas_changes_a_row_and_the_change_persists(review, people, login):
    row = review.rows.get(section="A")
    client = login(people["dinas"])
    form = client.get(reverse("review:row_edit", args=[review.pk, row.pk])).content.decode()
    # Stored numbers come back the way they are typed.
    assert 'value="1250"' in form
    response = client.post(
        reverse("review:row_edit", args=[review.pk, row.pk]),
        {**ROW, "indicator": "Ibu hamil diperiksa K4", "realisation": "90,25", "target": "95"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.realisation == Decimal("90.25")
    assert row.physical_pct == Decimal("95.00")  # 90.25 / 95
    assert ReviewRow.objects.filter(review=review).count() == 2


def test_a_ranting_source_sets_the_direction_and_unit(review, people, login):
    _post_row(
        login(people["dinas"]),
        review,
        indicator="Prevalensi stunting",
        source="stunting",
        direction="naik",
        unit="",
        target="14",
        realisation="12,6",
    )
    row = ReviewRow.objects.get(indicator="Prevalensi stunting")
    assert row.direction == "turun"
    assert row.unit == "%"
    assert row.physical_pct == Decimal("110.00")  # (28 − 12.6) / 14


def test_dinas_deletes_a_row_after_confirming(review, people, login):
    row = review.rows.get(section="B")
    client = login(people["dinas"])
    confirm = client.get(reverse("review:row_delete", args=[review.pk, row.pk]))
    assert "Rembuk Stunting" in confirm.content.decode()
    assert ReviewRow.objects.filter(pk=row.pk).exists()
    client.post(reverse("review:row_delete", args=[review.pk, row.pk]))
    assert not ReviewRow.objects.filter(pk=row.pk).exists()


def test_kecamatan_cannot_post_changes(review, people, login):
    row = review.rows.get(section="A")
    client = login(people["kecamatan"])
    response = client.post(reverse("review:row_edit", args=[review.pk, row.pk]), ROW)
    assert response.status_code == 403
    assert client.post(reverse("review:row_delete", args=[review.pk, row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.indicator == "Ibu hamil diperiksa K4"


def test_dinas_creates_a_year_for_their_own_kota(regions, people, login):
    client = login(people["dinas"])
    response = client.post(reverse("review:create"), {"year": "2024", "notes": "Tahun pertama"})
    assert response.status_code == 302
    review = ReviewYear.objects.get()
    assert (review.kota_code, review.year, review.notes) == ("32.75", 2024, "Tahun pertama")
    again = client.post(reverse("review:create"), {"year": "2024"})
    assert "Tahun anggaran yang direviu</a>: reviu tahun 2024" in again.content.decode()
    assert ReviewYear.objects.count() == 1


@pytest.mark.parametrize("year", ["2017", "2999", "dua ribu"])
def test_a_year_outside_the_program_is_refused(regions, people, login, year):
    response = login(people["dinas"]).post(reverse("review:create"), {"year": year})
    assert response.status_code == 200
    assert "Tahun anggaran yang direviu</a>:" in response.content.decode()
    assert not ReviewYear.objects.exists()


def test_superadmin_chooses_the_kota(regions, people, login):
    client = login(people["superadmin"])
    missing = client.post(reverse("review:create"), {"year": "2024"})
    assert "Kabupaten/kota</a>:" in missing.content.decode()
    client.post(reverse("review:create"), {"year": "2024", "kota": "32.75"})
    assert ReviewYear.objects.get().kota_code == "32.75"


def test_a_year_with_rows_is_not_deleted(review, people, login):
    client = login(people["dinas"])
    client.post(reverse("review:delete", args=[review.pk]))
    assert ReviewYear.objects.filter(pk=review.pk).exists()
    review.rows.all().delete()
    client.post(reverse("review:delete", args=[review.pk]))
    assert not ReviewYear.objects.filter(pk=review.pk).exists()


def test_dinas_edits_the_general_notes(review, people, login):
    client = login(people["dinas"])
    client.post(reverse("review:edit", args=[review.pk]), {"notes": "Kesimpulan: K4 rendah"})
    review.refresh_from_db()
    assert review.notes == "Kesimpulan: K4 rendah"
    page = client.get(reverse("review:matrix", args=[review.pk])).content.decode()
    assert "Kesimpulan: K4 rendah" in page

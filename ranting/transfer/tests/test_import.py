"""The import service: one transaction, all or nothing, idempotent, scoped, statuses derived."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest

from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.transfer.importer import run_import
from ranting.transfer.tests.conftest import BUDI, BUDI_NIK

MAY, JUNE = dt.date(2025, 5, 1), dt.date(2025, 6, 1)
# Budi (born 15 Mar 2024) weighed three months; Ani (no NIK) in April and June, not in May.
GOOD = [
    [*BUDI, "10/03/2025", "9,5", "74,0", "terlentang"],
    [*BUDI, "10/04/2025", "9,8", "75,0", "terlentang"],
    [*BUDI, "10/05/2025", "9,8", "75,5", "terlentang"],
    ["", "Ani", "P", "02/01/2024", "Rina", "Melati", "12/04/2025", "8,1", "72", "terlentang"],
    ["", "Ani", "P", "02/01/2024", "Rina", "Melati", "12/06/2025", "8,6", "74", "terlentang"],
]
BAD = [*BUDI[:1], "Cici", "X", "01/01/2024", "Rina", "Mawar", "", "", "", ""]


def growth_of(name):
    return list(
        Measurement.objects.filter(child__name=name)
        .order_by("period")
        .values_list("growth", flat=True)
    )


def test_it_registers_children_and_measurements_with_the_kms_statuses(register, context, regions):
    result = run_import(register(GOOD), None, context(), write=True)
    assert result.summary.written
    assert (result.summary.children_created, result.summary.measurements_created) == (2, 5)
    assert Child.objects.count() == 2
    budi = Child.objects.get(nik=BUDI_NIK)
    assert (budi.name, budi.sex, budi.birth_date) == ("Budi Santoso", "L", dt.date(2024, 3, 15))
    assert (budi.posyandu, budi.kota_code, budi.mother_name) == (regions["posyandu_a"], "32.75",
                                                                  "Siti Aminah")  # fmt: skip
    # First weighing ever B; +300 g at 12 months (KBM 200 g) N; +0 g T.
    assert growth_of("Budi Santoso") == ["B", "N", "T"]
    # Ani: first weighing B; not weighed in May, so June is O.
    assert growth_of("Ani") == ["B", "O"]
    ani = Child.objects.get(name="Ani")
    assert ani.posyandu == regions["posyandu_a2"]
    assert ani.nik == ""
    june = Measurement.objects.get(child=ani, period=JUNE)
    assert (june.weight_kg, june.lenhei_cm, june.position) == (Decimal("8.6"), Decimal("74"), "l")
    assert june.kota_code == "32.75"
    assert june.posyandu == regions["posyandu_a2"]
    assert june.created_at is not None
    assert june.age_months == 17


def test_it_derives_the_same_results_as_the_kader_form(register, context, make_child, people):
    """The same weighing entered through the form's service gives identical stored results."""
    from ranting.measurements.services import record_measurement

    run_import(register(GOOD[:1]), None, context(), write=True)
    imported = Measurement.objects.get()
    twin = make_child(name="Kembar", birth_date=dt.date(2024, 3, 15), sex="L")
    typed = record_measurement(
        twin,
        people["kader"],
        {"measured_on": dt.date(2025, 3, 10), "weight_kg": Decimal("9.5"),
         "lenhei_cm": Decimal("74.0"), "position": "l", "oedema": False, "armc_cm": None,
         "headc_cm": None, "vitamin_a": False, "exclusive_breastfeeding": False, "notes": ""},
        confirm=True,
    )  # fmt: skip
    fields = ["age_days", "age_months", "clenhei_cm", "zwei", "zlen", "zwfl", "zbmi", "flags",
              "status_bbu", "status_tbu", "status_bbtb", "status_imtu", "growth", "bgm",
              "two_t", "referral", "warnings"]  # fmt: skip
    assert {f: getattr(imported, f) for f in fields} == {f: getattr(typed, f) for f in fields}


def test_it_writes_nothing_when_one_row_is_refused(register, context):
    result = run_import(register([*GOOD, BAD]), None, context(), write=True)
    assert not result.summary.written
    assert result.summary.rejected == 1
    assert (result.summary.children_created, result.summary.measurements_created) == (0, 0)
    assert Child.objects.count() == 0
    assert Measurement.objects.count() == 0
    assert [(r.number, r.outcome) for r in result.report] == [(7, "ditolak")]


def test_it_writes_the_valid_rows_when_asked(register, context):
    result = run_import(register([*GOOD, BAD]), None, context(), write=True, valid_only=True)
    assert result.summary.written
    assert result.summary.rejected == 1
    assert Child.objects.count() == 2
    assert Measurement.objects.count() == 5
    assert not Child.objects.filter(name="Cici").exists()


def test_a_check_writes_nothing_but_counts_what_would_be_written(register, context):
    result = run_import(register(GOOD), None, context(), write=False)
    assert not result.summary.written
    assert (result.summary.children_created, result.summary.measurements_created) == (2, 5)
    assert Child.objects.count() == 0
    assert Measurement.objects.count() == 0


def test_a_second_import_of_the_same_file_skips_every_row(register, context):
    path = register(GOOD)
    run_import(path, None, context(), write=True)
    again = run_import(path, None, context(), write=True)
    assert again.summary.written
    assert (again.summary.skipped, again.summary.children_created) == (5, 0)
    assert again.summary.measurements_created == 0
    assert Child.objects.count() == 2
    assert Measurement.objects.count() == 5


def test_a_changed_value_is_a_conflict_and_is_never_overwritten(register, context):
    path = register(GOOD)
    run_import(path, None, context(), write=True)
    Measurement.objects.filter(child__name="Ani", period=JUNE).update(weight_kg=Decimal("8.7"))
    again = run_import(path, None, context(), write=True)
    assert (again.summary.conflicts, again.summary.skipped) == (1, 4)
    assert again.summary.written  # a conflict is reported, the other rows go on
    assert Measurement.objects.get(child__name="Ani", period=JUNE).weight_kg == Decimal("8.7")
    (row,) = again.report
    assert (row.number, row.outcome) == (6, "konflik")
    assert "Juni 2025" in row.warnings[0][1]
    assert "tidak ditimpa" in row.warnings[0][1]


def test_a_locked_month_is_refused(register, context, regions):
    MonthlyReport.objects.create(posyandu=regions["posyandu_a"], period=MAY, status="approved")
    result = run_import(register(GOOD), None, context(), write=True)
    assert not result.summary.written
    assert Measurement.objects.count() == 0
    (row,) = result.report
    assert row.number == 4
    assert row.errors == [
        ("Tgl Ukur", "Laporan bulan ini sudah disetujui dan terkunci; minta admin kelurahan "
                     "membuka kembali.")
    ]  # fmt: skip


def test_it_adds_measurements_to_a_child_already_registered(register, context, make_child):
    budi = make_child(nik=BUDI_NIK, name="Budi S.", birth_date=dt.date(2024, 3, 15))
    ani = make_child(name="ani", birth_date=dt.date(2024, 1, 2), sex="P", mother_name="RINA")
    result = run_import(register(GOOD), None, context(), write=True)
    assert result.summary.children_created == 0
    assert Child.objects.count() == 2
    assert budi.measurements.count() == 3  # matched by NIK
    assert ani.measurements.count() == 2  # matched by name, birth date and mother
    # Measurements are recorded at the child's own posyandu (as the form does), with a note.
    assert set(ani.measurements.values_list("posyandu", flat=True)) == {ani.posyandu_id}
    assert result.preview[3].warnings == [
        ("Posyandu", "Anak terdaftar di Posyandu Mawar (RW 01); pengukuran dicatat di sana.")
    ]


def test_rows_without_nik_join_the_child_with_that_nik(register, context):
    rows = [["", *BUDI[1:], "10/04/2025", "9,8", "75", "terlentang"],
            [*BUDI, "10/05/2025", "9,9", "75,5", "terlentang"]]  # fmt: skip
    run_import(register(rows), None, context(), write=True)
    assert Child.objects.get().measurements.count() == 2


def test_an_earlier_month_recomputes_the_later_ones(register, context, make_child, people):
    from ranting.measurements.services import record_measurement

    budi = make_child(nik=BUDI_NIK, birth_date=dt.date(2024, 3, 15), name="Budi Santoso")
    values = {"measured_on": dt.date(2025, 6, 5), "weight_kg": Decimal("9.9"), "lenhei_cm": None,
              "position": "", "oedema": False, "armc_cm": None, "headc_cm": None,
              "vitamin_a": False, "exclusive_breastfeeding": False, "notes": ""}  # fmt: skip
    record_measurement(budi, people["kader"], values, confirm=True)
    assert growth_of("Budi Santoso") == ["B"]
    result = run_import(register([GOOD[2]]), None, context(), write=True)
    assert result.summary.measurements_updated == 1
    # May (9.8 kg) is now the first weighing; June +100 g < KBM 200 g: T.
    assert growth_of("Budi Santoso") == ["B", "T"]
    assert (budi.posyandu_id, JUNE) in result.pairs


def test_an_earlier_month_may_not_change_a_locked_later_month(
    register, context, make_child, people
):
    from ranting.measurements.services import record_measurement

    budi = make_child(nik=BUDI_NIK, birth_date=dt.date(2024, 3, 15), name="Budi Santoso")
    values = {"measured_on": dt.date(2025, 6, 5), "weight_kg": Decimal("9.9"), "lenhei_cm": None,
              "position": "", "oedema": False, "armc_cm": None, "headc_cm": None,
              "vitamin_a": False, "exclusive_breastfeeding": False, "notes": ""}  # fmt: skip
    record_measurement(budi, people["kader"], values, confirm=True)
    MonthlyReport.objects.create(posyandu=budi.posyandu, period=JUNE, status="approved")
    result = run_import(register([GOOD[2]]), None, context(), write=True, valid_only=True)
    assert result.summary.rejected == 1
    assert result.summary.measurements_created == 0
    assert "Juni 2025" in result.report[0].errors[0][1]
    assert growth_of("Budi Santoso") == ["B"]


def test_a_nik_registered_in_another_kelurahan_is_refused(register, context, make_child, regions):
    make_child(posyandu=regions["posyandu_b"], nik=BUDI_NIK, birth_date=dt.date(2024, 3, 15))
    result = run_import(register(GOOD[:1]), None, context(), write=True, valid_only=True)
    assert result.summary.rejected == 1
    assert Child.objects.count() == 1
    column, reason = result.report[0].errors[0]
    assert column == "NIK"
    assert "Posyandu Teratai, Kel. Kalibaru" in reason


def test_rows_of_one_child_must_agree_on_sex_and_birth_date(register, context):
    rows = [
        GOOD[0],
        [BUDI_NIK, "Budi Santoso", "P", *BUDI[3:], "10/04/2025", "9,8", "75", "terlentang"],
    ]
    result = run_import(register(rows), None, context(), write=False)
    assert result.report[0].number == 3
    assert result.report[0].errors == [("JK", "Berbeda dengan baris 2 untuk anak yang sama.")]


def test_a_second_row_for_the_same_month_is_refused_unless_identical(register, context):
    rows = [GOOD[0], GOOD[0], [*BUDI, "20/03/2025", "9,6", "74", "terlentang"]]
    result = run_import(register(rows), None, context(), write=False)
    assert result.summary.skipped == 1  # row 3 repeats row 2
    assert result.report[0].number == 4
    assert result.report[0].errors == [
        ("Tgl Ukur", "Anak ini sudah punya pengukuran bulan Maret 2025 di baris 2.")
    ]


def test_an_inactive_child_gets_no_measurement(register, context, make_child):
    make_child(nik=BUDI_NIK, birth_date=dt.date(2024, 3, 15), is_active=False)
    result = run_import(register(GOOD[:1]), None, context(), write=False)
    assert result.report[0].errors == [
        ("Nama", "Anak ini sudah nonaktif; aktifkan kembali sebelum mencatat.")
    ]


def test_a_new_child_past_balita_age_is_refused(register, context):
    rows = [["", "Dodi", "L", "01/01/2020", "Rina", "Mawar", "", "", "", ""]]
    result = run_import(register(rows), None, context(), write=False)
    assert result.report[0].errors == [
        ("Tgl Lahir", "Anak sudah berumur 65 bulan; program balita hanya untuk umur 0–59 bulan.")
    ]


def test_a_kader_imports_into_their_own_posyandu_only(
    register, context, people, make_child, regions
):
    make_child(posyandu=regions["posyandu_a2"], nik=BUDI_NIK, birth_date=dt.date(2024, 3, 15))
    result = run_import(register(GOOD), None, context(people["kader"]), write=True, valid_only=True)
    reasons = {r.number: r.errors[0][1] for r in result.report}
    assert reasons[2] == (
        "Anak ini terdaftar di Posyandu Melati (RW 02); Anda tidak boleh mencatat di sana."
    )
    assert reasons[5] == "Anda tidak boleh mencatat data Posyandu Melati (RW 02)."
    assert Measurement.objects.count() == 0


def test_implausible_values_are_kept_but_flagged_for_the_admin(register, context, regions):
    from ranting.recaps.services import flagged_measurements

    rows = [[*BUDI, "10/05/2025", "25", "75", "terlentang"]]  # 25 kg at 13 months
    result = run_import(register(rows), None, context(), write=True)
    assert result.summary.written
    assert result.summary.warned == 1
    m = Measurement.objects.get()
    assert "z_tidak_wajar" in m.warnings
    assert "zwei" in m.flags
    assert not m.confirmed_implausible
    assert list(flagged_measurements(regions["posyandu_a"], MAY)) == [m]
    assert ("BB", "Nilai z di luar batas wajar WHO: periksa lagi angka yang diisi.") in (
        result.preview[0].warnings
    )


def test_it_writes_a_report_of_refused_rows_with_their_original_cells(register, context, tmp_path):
    report = tmp_path / "ditolak.csv"
    run_import(register([*GOOD, BAD]), None, context(), write=False, report_path=report)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["Baris", "Hasil", "Alasan", "NIK", "Nama", "JK", "Tgl Lahir", "Nama Ortu",
                       "Posyandu", "Tgl Ukur", "BB", "TB", "Cara Ukur"]  # fmt: skip
    assert rows[1] == [
        "7", "ditolak",
        "JK: “X” bukan jenis kelamin; isi L (laki-laki) atau P (perempuan).",
        *BAD,
    ]  # fmt: skip
    assert len(rows) == 2


def test_it_reports_progress_by_phase(register, context):
    seen = []
    run_import(register(GOOD), None, context(), write=True,
               progress=lambda phase, done, total: seen.append((phase, done, total)))  # fmt: skip
    assert seen[0] == ("baca", 0, 5)
    assert ("baca", 5, 5) in seen
    assert seen[-1] == ("simpan", 5, 5)


def test_it_names_the_pairs_whose_monthly_facts_change(register, context, regions):
    result = run_import(register(GOOD[:1]), None, context(), write=True)
    a = regions["posyandu_a"].pk
    # The measurement's month, and every month Budi counts in S (born March 2024) up to now.
    months = {dt.date(2024 + (2 + k) // 12, (2 + k) % 12 + 1, 1) for k in range(16)}
    assert result.pairs == {(a, m) for m in months}
    assert max(months) == JUNE
    assert min(months) == dt.date(2024, 3, 1)


@pytest.mark.parametrize("kind", ["xlsx"])
def test_it_imports_an_excel_register(kind, tmp_path, context):
    import openpyxl

    path = tmp_path / f"r.{kind}"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["REGISTER BALITA"])
    sheet.append(["NIK", "Nama Balita", "JK", "Tgl Lahir", "Nama Ibu", "Posyandu", "Tanggal Ukur",
                  "Berat Badan (kg)", "Tinggi (cm)", "Cara Ukur"])  # fmt: skip
    sheet.append([BUDI_NIK, "Budi", "L", dt.datetime(2024, 3, 15), "Siti", "Mawar",
                  45787, 9.5, 74.0, "Terlentang"])  # fmt: skip  # 45787 = 10 May 2025
    book.save(path)
    result = run_import(path, None, context(), write=True)
    assert result.summary.written
    assert result.summary.rejected == 0
    m = Measurement.objects.get()
    assert (m.measured_on, m.weight_kg, m.child.nik) == (dt.date(2025, 5, 10), Decimal("9.5"),
                                                         BUDI_NIK)  # fmt: skip

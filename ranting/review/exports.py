"""Excel (.xlsx) of the review matrix in the layout of the guideline's Tabel 8.1.

Columns: No, Program, Kegiatan, Indikator Kinerja Keluaran (Output), OPD, Satuan, Capaian Output
(Target, Realisasi, Keterangan, % Capaian), Anggaran (juta rupiah) (Alokasi, Realisasi,
% Realisasi), Permasalahan/Kendala, Rekomendasi Tindak Lanjut; part A and part B each under a
merged heading with its budget subtotal, then the grand total and the notes on the formulas.
The percentages are the values the page shows (achievement.py), not Excel formulas, so the file
says exactly what RANTING computed.
"""

from __future__ import annotations

import io

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ranting.review.matrix import Matrix
from ranting.review.models import ReviewRow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOWER_MARK = " *"
# Column widths in characters, in the order of the table above.
COLUMNS = 15
WIDTHS = (5, 26, 26, 34, 18, 10, 11, 11, 28, 11, 13, 13, 11, 32, 32)
FIRST_TABLE_ROW = 5


def filename(m: Matrix) -> str:
    return f"Reviu_Kinerja_{m.review.kota_code}_{m.review.year}.xlsx"


def _number(sheet, row: int, col: int, value, fmt) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)


def _styles(book) -> dict:
    border = {"border": 1, "valign": "top"}
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format(
            {
                **border,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#E2EFDA",
            }
        ),
        "section": book.add_format({**border, "bold": True, "bg_color": "#F2F2F2"}),
        "text": book.add_format({**border, "text_wrap": True}),
        "num": book.add_format({**border, "num_format": "#,##0.##"}),
        "money": book.add_format({**border, "num_format": "#,##0.000"}),
        "pct": book.add_format({**border, "num_format": "0.00"}),
        "total": book.add_format({**border, "bold": True}),
        "total_money": book.add_format({**border, "bold": True, "num_format": "#,##0.000"}),
        "total_pct": book.add_format({**border, "bold": True, "num_format": "0.00"}),
        "note": book.add_format({"italic": True, "font_color": "#595959"}),
    }


def _header(sheet, st: dict, row: int) -> int:
    head = st["head"]
    flat = (
        (0, "No."),
        (1, _("Program")),
        (2, _("Kegiatan")),
        (3, _("Indikator Kinerja Keluaran (Output)")),
        (4, _("OPD")),
        (5, _("Satuan")),
        (13, _("Permasalahan/Kendala")),
        (14, _("Rekomendasi Tindak Lanjut")),
    )
    for col, text in flat:
        sheet.merge_range(row, col, row + 1, col, text, head)
    sheet.merge_range(row, 6, row, 9, _("Capaian Output"), head)
    sheet.merge_range(row, 10, row, 12, _("Anggaran (juta rupiah)"), head)
    for col, text in (
        (6, _("Target")),
        (7, _("Realisasi")),
        (8, _("Keterangan")),
        (9, _("% Capaian")),
        (10, _("Alokasi")),
        (11, _("Realisasi")),
        (12, _("% Realisasi")),
    ):
        sheet.write(row + 1, col, text, head)
    return row + 2


def _row(sheet, st: dict, row: int, number: int, r: ReviewRow) -> None:
    lower = r.direction == ReviewRow.Direction.DOWN
    note = " ".join(part for part in (r.realisation_text, r.realisation_note) if part)
    sheet.write_number(row, 0, number, st["text"])
    for col, text in (
        (1, r.program),
        (2, r.activity),
        (3, r.indicator + (LOWER_MARK if lower else "")),
        (4, r.opd),
        (5, r.unit),
        (8, note),
        (13, r.problem),
        (14, r.recommendation),
    ):
        if text:
            sheet.write_string(row, col, text, st["text"])
        else:
            sheet.write_blank(row, col, None, st["text"])
    _number(sheet, row, 6, r.target, st["num"])
    _number(sheet, row, 7, r.realisation, st["num"])
    _number(sheet, row, 9, r.physical_pct, st["pct"])
    _number(sheet, row, 10, r.budget_allocated, st["money"])
    _number(sheet, row, 11, r.budget_realised, st["money"])
    _number(sheet, row, 12, r.budget_pct, st["pct"])


def _total(sheet, st: dict, row: int, label: str, allocated, realised, pct) -> None:
    sheet.merge_range(row, 0, row, 9, label, st["total"])
    _number(sheet, row, 10, allocated, st["total_money"])
    _number(sheet, row, 11, realised, st["total_money"])
    _number(sheet, row, 12, pct, st["total_pct"])
    sheet.merge_range(row, 13, row, 14, "", st["total"])


def xlsx_response(m: Matrix) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    st = _styles(book)
    sheet = book.add_worksheet(_("Matriks Reviu"))
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.write(0, 0, _("Matriks Reviu Kinerja Tahunan Percepatan Penurunan Stunting"), st["title"])
    sheet.write(
        1,
        0,
        _("%(kota)s (%(code)s) · tahun anggaran %(year)d")
        % {"kota": m.kota_label, "code": m.review.kota_code, "year": m.review.year},
        st["bold"],
    )
    sheet.write(
        2,
        0,
        _("Format: Tabel 8.1 Contoh Matriks Reviu Kinerja (Aksi Integrasi 8). Dicetak %(date)s.")
        % {"date": date_format(timezone.localdate(), "j F Y")},
    )
    row = _header(sheet, st, FIRST_TABLE_ROW)
    sheet.freeze_panes(row, 0)
    number = 0
    for section in m.sections:
        sheet.merge_range(row, 0, row, COLUMNS - 1, section.label, st["section"])
        row += 1
        for r in section.rows:
            number += 1
            _row(sheet, st, row, number, r)
            row += 1
        _total(
            sheet,
            st,
            row,
            _("Jumlah bagian %(code)s") % {"code": section.code},
            section.budget_allocated,
            section.budget_realised,
            section.budget_pct,
        )
        row += 1
    _total(
        sheet, st, row, _("Jumlah seluruhnya"), m.budget_allocated, m.budget_realised, m.budget_pct
    )
    row += 2
    notes = [
        _("% Capaian = realisasi / target × 100."),
        _(
            "* Indikator makin rendah makin baik (misalnya prevalensi stunting): % Capaian = "
            "(2 × target − realisasi) / target × 100."
        ),
        _("% Realisasi anggaran = anggaran terealisasi / anggaran dialokasikan × 100."),
        _(
            "Realisasi yang diisi dari data RANTING memakai data terverifikasi bulan Desember, "
            "atau bulan terakhir tahun itu yang sudah diverifikasi; bulannya tertulis di kolom "
            "Keterangan."
        ),
    ]
    if m.review.notes:
        notes.append(_("Catatan umum: %(notes)s") % {"notes": m.review.notes})
    for text in notes:
        sheet.write(row, 0, text, st["note"])
        row += 1
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(FIRST_TABLE_ROW, FIRST_TABLE_ROW + 1)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(m)}"'
    return response

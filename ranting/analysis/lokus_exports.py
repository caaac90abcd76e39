"""Excel (.xlsx) and CSV downloads of a LokusMatrix (the same object the page shows).

xlsx: sheet "Matriks", one row per kelurahan in rank order, every class cell filled with its
traffic-light colour and carrying its label as text; sheet "Definisi": indicators, targets and
sources, class thresholds, lokus criteria, tests and the ranking rule.
csv: the matrix as one wide table (UTF-8 with BOM), one row per kelurahan.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ranting.analysis import lokus_rules as rules
from ranting.analysis.exports import BOM, CSV_TYPE, XLSX_TYPE, attachment, write_cell
from ranting.analysis.lokus import CRITERIA, Cell, LokusMatrix, LokusRow
from ranting.analysis.lokus_rules import Band

DECIMALS = 2
P_DECIMALS = 4


def filename(matrix: LokusMatrix, extension: str) -> str:
    """Lokus_<code>_<YYYY-MM>[_semua].<ext>; "_semua" marks unverified data included."""
    suffix = "" if matrix.approved_only else "_semua"
    return f"Lokus_{matrix.region.code}_{matrix.period:%Y-%m}{suffix}.{extension}"


def _num(value: float | None) -> float | str:
    """Rounded number for a cell, or "" when unknown (no denominator)."""
    return "" if value is None else round(value, DECIMALS)


def _yes(value: bool) -> str:
    return _("ya") if value else _("tidak")


def _label(band: Band | None) -> str:
    return "" if band is None else str(band.label)


def _p(value: float | None) -> float | str:
    return "" if value is None else round(value, P_DECIMALS)


def row_values(matrix: LokusMatrix, row: LokusRow) -> list:
    """One kelurahan in the column order of `columns()` (shared by the xlsx and the csv)."""
    s = row.stunting
    values: list = [
        row.rank,
        row.code,
        row.name,
        row.kecamatan_name,
        _yes(row.is_hotspot),
        _yes(row.is_candidate),
        "; ".join(row.criteria_labels),
        s.count,
        s.n,
        _num(s.pct),
        _num(s.ci_low),
        _num(s.ci_high),
        _label(row.prevalence_band),
        _yes(row.above_prevalence),
        _num(row.expected_cases),
        _p(row.count_p),
        _yes(row.above_count),
    ]
    for cell in row.cells:
        values += [cell.num, cell.den, _num(cell.pct), cell.target, _cell_label(cell)]
    values += [row.key_low, row.key_assessed, _yes(row.data_warning)]
    return values


def _cell_label(cell: Cell) -> str:
    if not cell.applicable:
        return _("tidak dinilai bulan ini")
    return _label(cell.band)


def columns() -> list[str]:
    head = [
        _("Peringkat"),
        _("Kode"),
        _("Kelurahan"),
        _("Kecamatan"),
        _("Hotspot"),
        _("Kandidat lokus"),
        _("Kriteria terpenuhi"),
        _("Kasus stunting"),
        _("Anak dinilai"),
        _("Prevalensi stunting %"),
        _("IK 95% bawah"),
        _("IK 95% atas"),
        _("Kelas prevalensi"),
        _("Prevalensi bermakna di atas rata-rata kota"),
        _("Rata-rata kasus per kelurahan (kota)"),
        _("Nilai p uji Poisson"),
        _("Jumlah kasus bermakna di atas rata-rata"),
    ]
    for ind in rules.COVERAGE_INDICATORS:
        name = str(ind.label)
        head += [
            f"{name}: {_('pembilang')}",
            f"{name}: {_('penyebut')}",
            f"{name} %",
            f"{name}: {_('target')} %",
            f"{name}: {_('kelas')}",
        ]
    head += [_("Indikator utama kurang"), _("Indikator utama dinilai"), _("Peringatan data")]
    return head


# --- xlsx ---------------------------------------------------------------------------------------

FIRST_CELL_COLUMN = 17  # index of the first coverage column in row_values()
CELL_WIDTH = 5  # columns per coverage indicator


def xlsx_response(matrix: LokusMatrix) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "top"}),
        "cell": book.add_format({"border": 1}),
        "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "hot": book.add_format({"border": 1, "bold": True, "font_color": "#B3261E"}),
    }
    for tone, colour in rules.TONE_FILL.items():
        styles[tone] = book.add_format({"border": 1, "bg_color": colour, "font_color": "#1D2430"})
    _matrix_sheet(book, styles, matrix)
    _definitions_sheet(book, styles, matrix)
    book.close()
    return attachment(
        HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename(matrix, "xlsx")
    )


def _matrix_sheet(book, styles, matrix: LokusMatrix) -> None:
    sheet = book.add_worksheet(_("Matriks"))
    sheet.write(0, 0, _("Matriks prioritas lokus stunting (Aksi 1)"), styles["title"])
    sheet.write(1, 0, matrix.subject_label)
    sheet.write(2, 0, _("Bulan: %(month)s") % {"month": date_format(matrix.period, "F Y")})
    sheet.write(3, 0, matrix.source_label, styles["bold"])
    city = matrix.city
    sheet.write(
        4,
        0,
        _(
            "Rata-rata %(kota)s: prevalensi %(pct)s%% (%(count)d/%(n)d), "
            "%(mean)s kasus per kelurahan"
        )
        % {
            "kota": matrix.kota_label,
            "pct": "–" if city.pct is None else f"{city.pct:.1f}",
            "count": city.count,
            "n": city.n,
            "mean": "–" if matrix.mean_cases is None else f"{matrix.mean_cases:.1f}",
        },
    )
    sheet.write(5, 0, _("Warna selalu disertai label kelas; definisi di lembar Definisi."))
    head_row = 7
    sheet.set_row(head_row, 60)
    sheet.set_column(0, 1, 14)
    sheet.set_column(2, 3, 20)
    sheet.set_column(6, 6, 40)
    sheet.set_column(7, len(columns()), 12)
    for col, label in enumerate(columns()):
        sheet.write(head_row, col, label, styles["head"])
    sheet.freeze_panes(head_row + 1, 3)
    for offset, row in enumerate(matrix.rows, start=1):
        values = row_values(matrix, row)
        tones = _tones(row)
        for col, value in enumerate(values):
            style = styles[tones[col]] if col in tones else styles["cell"]
            if col in (4, 5) and value == _("ya"):
                style = styles["hot"]
            write_cell(sheet, head_row + offset, col, value, style)


def _tones(row: LokusRow) -> dict[int, str]:
    """Column index → tone for the cells coloured by class (percentage and class label)."""
    out = {}
    if row.prevalence_band is not None:
        out[9] = out[12] = row.prevalence_band.tone
    for i, cell in enumerate(row.cells):
        band = cell.band
        if band is not None:
            start = FIRST_CELL_COLUMN + i * CELL_WIDTH
            out[start + 2] = out[start + 4] = band.tone
    return out


def _definitions_sheet(book, styles, matrix: LokusMatrix) -> None:
    sheet = book.add_worksheet(_("Definisi"))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 2, 50)
    sheet.set_column(3, 3, 10)
    sheet.set_column(4, 4, 60)
    sheet.write(0, 0, _("Indikator cakupan"), styles["title"])
    head = [_("Indikator"), _("Pembilang"), _("Penyebut"), _("Target %"), _("Sumber target")]
    for col, label in enumerate(head):
        sheet.write(1, col, label, styles["head"])
    row = 2
    for ind in rules.COVERAGE_INDICATORS:
        kind = _("indikator utama") if ind.is_key else _("indikator data")
        values = [
            f"{ind.label} ({kind})",
            str(ind.numerator),
            str(ind.denominator),
            matrix.targets[ind.code],
            str(ind.source),
        ]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value, styles["text"])
        row += 1
    row += 1
    sheet.write(row, 0, _("Kelas prevalensi stunting"), styles["title"])
    row += 1
    for band in rules.PREVALENCE_BANDS:
        sheet.write(row, 0, str(band.label), styles[band.tone])
        sheet.write(row, 1, _("mulai %(low)s%%") % {"low": f"{band.lower:g}"})
        row += 1
    sheet.write(row, 0, str(rules.PREVALENCE_SOURCE))
    row += 2
    sheet.write(row, 0, _("Kelas cakupan (terhadap target)"), styles["title"])
    row += 1
    for band in rules.COVERAGE_BANDS:
        sheet.write(row, 0, str(band.label), styles[band.tone])
        sheet.write(row, 1, _("mulai %(share)s%% dari target") % {"share": f"{band.lower * 100:g}"})
        row += 1
    row += 1
    for line in method_lines():
        sheet.write(row, 0, line)
        row += 1


def method_lines() -> list[str]:
    """The criteria, tests and ranking rule in words (the page says the same)."""
    return [
        _("Kandidat lokus: memenuhi sedikitnya satu kriteria Aksi 1:"),
        *[f"  - {label}" for label in CRITERIA.values()],
        _(
            "Uji prevalensi: batas bawah interval kepercayaan 95% (Wilson) kelurahan di atas "
            "prevalensi rata-rata kota."
        ),
        _(
            "Uji jumlah kasus: uji Poisson eksak satu sisi, jumlah kasus kelurahan dibanding "
            "rata-rata kasus per kelurahan di kota (kelurahan dengan anak yang dinilai), p < 0,025."
        ),
        _("Hotspot: prevalensi atau jumlah kasus bermakna di atas rata-rata."),
        _(
            "Peringkat: kandidat lokus lebih dulu; lalu jumlah indikator utama yang cakupannya "
            "kurang (rendah atau sangat rendah), prevalensi stunting, jumlah kasus stunting."
        ),
    ]


# --- csv ----------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    head = [
        "bulan",
        "sumber",
        "peringkat",
        "kode",
        "kelurahan",
        "kecamatan",
        "hotspot",
        "kandidat_lokus",
        "kriteria",
        "kasus_stunting",
        "anak_dinilai",
        "prevalensi",
        "ik95_bawah",
        "ik95_atas",
        "kelas_prevalensi",
        "prevalensi_bermakna",
        "rata_rata_kasus_per_kelurahan",
        "p_poisson",
        "kasus_bermakna",
    ]
    for ind in rules.COVERAGE_INDICATORS:
        head += [f"{ind.code}_{part}" for part in ("pembilang", "penyebut", "persen", "target")]
        head.append(f"{ind.code}_kelas")
    head += ["indikator_utama_kurang", "indikator_utama_dinilai", "peringatan_data"]
    return head


def csv_rows(matrix: LokusMatrix) -> Iterator[list]:
    source = "terverifikasi" if matrix.approved_only else "semua"
    yield csv_header()
    for row in matrix.rows:
        values = row_values(matrix, row)
        # The csv names the criteria by code, for filtering; the xlsx spells them out.
        values[6] = ";".join(row.criteria)
        yield [f"{matrix.period:%Y-%m}", source, *values]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(matrix: LokusMatrix) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield BOM
        for row in csv_rows(matrix):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    return attachment(response, filename(matrix, "csv"))

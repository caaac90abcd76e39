"""Excel (.xlsx) and CSV downloads of a QualityReport (the same object the page shows).

xlsx: "Ringkasan" (each metric of the region: value, n, grade, counts), one sheet per row kind
(units one level down, every posyandu, every kader), for a kelurahan "Belum diukur" (its target
children not measured, the list the admin follows up) and "Definisi" (definition, threshold and
source of each metric). csv: one tidy table, UTF-8 with BOM, a row per
(part, unit, metric).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ranting.analysis.exports import BOM, CSV_TYPE, XLSX_TYPE, attachment
from ranting.children.models import Child
from ranting.quality.catalog import GRADE_LABELS, METRICS, MetricSpec
from ranting.quality.report import QualityReport, Row, explain

DECIMALS = 3


def filename(report: QualityReport, extension: str) -> str:
    """KualitasData_<code>_<YYYY-MM>[_semua].<ext>; "_semua" marks unverified data included."""
    suffix = "" if report.approved_only else "_semua"
    return f"KualitasData_{report.total.code}_{report.period:%Y-%m}{suffix}.{extension}"


def _value(row: Row, spec: MetricSpec) -> float | str:
    cell = row.cell(spec.code)
    if cell is None or cell.result.value is None:
        return ""
    return round(cell.result.value, DECIMALS)


def _parts(report: QualityReport) -> list[tuple[str, list[Row]]]:
    parts = [(_("Wilayah"), [report.total])]
    if report.units and not report.units_are_posyandu:
        parts.append((_("Per %(level)s") % {"level": report.unit_level_label}, report.units))
    parts.append((_("Per posyandu"), report.posyandus))
    parts.append((_("Per kader"), report.kaders))
    return parts


# --- xlsx ------------------------------------------------------------------------------------


def xlsx_response(report: QualityReport) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "border": 1, "text_wrap": True}),
        "cell": book.add_format({"border": 1}),
        "text": book.add_format({"border": 1, "text_wrap": True}),
    }
    _summary_sheet(book, styles, report)
    for title, rows in _parts(report)[1:]:
        _rows_sheet(book, styles, report, title, rows)
    if report.units_are_posyandu:
        _missing_sheet(book, styles, report)
    _definitions_sheet(book, styles)
    book.close()
    return attachment(
        HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename(report, "xlsx")
    )


def _header_lines(sheet, styles, report: QualityReport) -> int:
    sheet.write(0, 0, _("Kualitas data pengukuran balita"), styles["title"])
    sheet.write(1, 0, f"{report.level_label} {report.total.name} ({report.total.code})".strip())
    sheet.write(2, 0, _("Bulan: %(month)s") % {"month": date_format(report.period, "F Y")})
    sheet.write(3, 0, report.source_label, styles["bold"])
    return 5


def _summary_sheet(book, styles, report: QualityReport) -> None:
    sheet = book.add_worksheet(_("Ringkasan"))
    row = _header_lines(sheet, styles, report)
    heads = [_("Dimensi"), _("Metrik"), _("Nilai"), "n", _("Penilaian"), _("Keterangan")]
    for col, head in enumerate(heads):
        sheet.write(row, col, head, styles["head"])
    for spec in METRICS:
        row += 1
        cell = report.total.cell(spec.code)
        sheet.write(row, 0, str(spec.dimension.label), styles["cell"])
        sheet.write(row, 1, str(spec.label), styles["text"])
        _write(sheet, row, 2, _value(report.total, spec), styles["cell"])
        _write(sheet, row, 3, cell.result.n if cell else "", styles["cell"])
        sheet.write(row, 4, cell.grade_label if cell else "", styles["cell"])
        sheet.write(row, 5, cell.explanation if cell else "", styles["text"])
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 42)
    sheet.set_column(2, 4, 12)
    sheet.set_column(5, 5, 70)


def _sheet_name(title: str) -> str:
    # Excel refuses []:*?/\ in sheet names ("Kelurahan/Desa") and more than 31 characters.
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31]


def _rows_sheet(book, styles, report: QualityReport, title: str, rows: list[Row]) -> None:
    sheet = book.add_worksheet(_sheet_name(title))
    row = _header_lines(sheet, styles, report)
    heads = [_("Kode"), _("Nama"), _("Posyandu")]
    for spec in METRICS:
        heads += [str(spec.short), f"{spec.short} n", f"{spec.short} {_('penilaian')}"]
    for col, head in enumerate(heads):
        sheet.write(row, col, head, styles["head"])
    for unit in rows:
        row += 1
        sheet.write(row, 0, unit.code, styles["cell"])
        sheet.write(row, 1, unit.name, styles["cell"])
        sheet.write(row, 2, unit.note, styles["cell"])
        for i, spec in enumerate(METRICS):
            cell = unit.cell(spec.code)
            col = 3 + 3 * i
            _write(sheet, row, col, _value(unit, spec), styles["cell"])
            _write(sheet, row, col + 1, cell.result.n if cell else "", styles["cell"])
            sheet.write(row, col + 2, cell.grade_label if cell else "", styles["cell"])
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 2, 28)


def _missing_sheet(book, styles, report: QualityReport) -> None:
    """A kelurahan's target children not measured this month, per posyandu (one query)."""
    sheet = book.add_worksheet(_("Belum diukur"))
    row = _header_lines(sheet, styles, report)
    heads = [_("Posyandu"), _("Nama anak"), _("Jenis kelamin"), _("Tanggal lahir"), _("Ibu/wali")]
    for col, head in enumerate(heads):
        sheet.write(row, col, head, styles["head"])
    ids = [child_id for unit in report.posyandus for child_id in unit.missing]
    children = Child.objects.in_bulk(ids)
    for unit in report.posyandus:
        for child_id in unit.missing:
            child = children[child_id]
            row += 1
            values = [unit.name, child.name, child.get_sex_display(),
                      child.birth_date.strftime("%d-%m-%Y"), child.mother_name]  # fmt: skip
            for col, value in enumerate(values):
                sheet.write(row, col, str(value), styles["cell"])
    sheet.set_column(0, 1, 28)
    sheet.set_column(2, 4, 16)


def _definitions_sheet(book, styles) -> None:
    sheet = book.add_worksheet(_("Definisi"))
    heads = [_("Kode"), _("Dimensi"), _("Metrik"), _("Definisi"), _("Ambang"), _("Sumber")]
    for col, head in enumerate(heads):
        sheet.write(0, col, head, styles["head"])
    for row, spec in enumerate(METRICS, start=1):
        values = [spec.code, spec.dimension.label, spec.label, spec.definition, spec.threshold,
                  spec.source]  # fmt: skip
        for col, value in enumerate(values):
            sheet.write(row, col, str(value), styles["text"])
    sheet.set_column(0, 2, 22)
    sheet.set_column(3, 5, 60)


def _write(sheet, row: int, col: int, value, style) -> None:
    if value == "" or value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write(row, col, value, style)


# --- csv -------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(report: QualityReport) -> Iterator[list]:
    """Header, then one row per (part, unit, metric); empty value = not computable."""
    yield [_("bagian"), _("kode"), _("nama"), _("posyandu"), _("bulan"), _("sumber"),
           _("metrik"), _("label"), _("nilai"), "n", _("pembilang"), _("penilaian"),
           _("keterangan")]  # fmt: skip
    month = report.period.strftime("%Y-%m")
    source = _("terverifikasi") if report.approved_only else _("semua")
    for part, rows in _parts(report):
        for unit in rows:
            for spec in METRICS:
                cell = unit.cell(spec.code)
                if cell is None:
                    continue
                result = cell.result
                yield [part, unit.code, unit.name, unit.note, month, source, spec.code,
                       str(spec.label), _value(unit, spec), result.n,
                       "" if result.count is None else result.count,
                       str(GRADE_LABELS[result.grade]), explain(result)]  # fmt: skip


def csv_response(report: QualityReport) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield BOM
        for row in csv_rows(report):
            yield writer.writerow(row)

    return attachment(
        StreamingHttpResponse(stream(), content_type=CSV_TYPE), filename(report, "csv")
    )

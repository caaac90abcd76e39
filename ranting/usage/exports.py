"""Excel and CSV downloads of /penggunaan/.

xlsx: the page's tables, one sheet each, with the month and scope in the header.
csv: the month's rows themselves (one per view or download), UTF-8 with BOM, for the data team's
own analysis. Neither holds a name: users are identified by their id, as in the stored row.
"""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ranting.analysis.exports import attachment
from ranting.usage.summary import Line, UsageSummary, month_bounds, report_label

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
CSV_HEADER = (
    "waktu",
    "user_id",
    "peran",
    "wilayah_pengguna",
    "laporan",
    "nama_laporan",
    "wilayah_laporan",
    "posyandu_id",
    "jenis",
    "format",
)


def filename(summary: UsageSummary, scope_code: str, extension: str) -> str:
    scope_part = scope_code or "semua"
    return f"penggunaan_{scope_part}_{summary.period:%Y-%m}.{extension}"


def xlsx_response(summary: UsageSummary, scope_label: str, scope_code: str) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format({"bold": True, "border": 1, "text_wrap": True}),
        "cell": book.add_format({"border": 1}),
        "total": book.add_format({"border": 1, "bold": True}),
    }
    month = date_format(summary.period, "F Y")
    tables = (
        (_("Per laporan"), _("Laporan"), summary.by_report),
        (_("Per peran"), _("Peran"), summary.by_role),
        (_("Per wilayah"), _("Wilayah (kecamatan)"), summary.by_region),
        (_("Per bulan"), _("Bulan"), summary.by_month),
        (_("Pengguna teratas"), _("Pengguna"), summary.top_users),
    )
    for sheet_name, first_column, lines in tables:
        sheet = book.add_worksheet(sheet_name)
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, 4, 12)
        sheet.write(0, 0, _("Penggunaan laporan RANTING"), styles["title"])
        sheet.write(1, 0, scope_label)
        title = _("12 bulan sampai %(month)s") if lines is summary.by_month else "%(month)s"
        sheet.write(2, 0, title % {"month": month})
        _table(sheet, styles, 4, first_column, lines)
    sheet = book.add_worksheet(_("Unduhan"))
    sheet.set_column(0, 0, 42)
    sheet.write(0, 0, _("Unduhan per laporan dan format"), styles["title"])
    sheet.write(1, 0, scope_label)
    sheet.write(2, 0, month)
    for col, head in enumerate((_("Laporan"), _("Format"), _("Unduhan"))):
        sheet.write(4, col, head, styles["head"])
    for offset, (label, fmt, n) in enumerate(summary.downloads_by_format, start=5):
        sheet.write(offset, 0, label, styles["cell"])
        sheet.write(offset, 1, fmt, styles["cell"])
        sheet.write_number(offset, 2, n, styles["cell"])
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return attachment(response, filename(summary, scope_code, "xlsx"))


def _table(sheet, styles, row: int, first_column: str, lines: list[Line]) -> None:
    heads = (first_column, _("Dilihat"), _("Diunduh"), _("Jumlah"), _("Pengguna"))
    for col, head in enumerate(heads):
        sheet.write(row, col, head, styles["head"])
    for offset, line in enumerate(lines, start=row + 1):
        sheet.write(offset, 0, line.label, styles["cell"])
        for col, value in enumerate((line.views, line.downloads, line.total, line.users), 1):
            sheet.write_number(offset, col, value, styles["cell"])


def csv_response(rows, summary: UsageSummary, scope_code: str) -> HttpResponse:
    """The month's rows of `rows` (already scoped), oldest first."""
    start, end = month_bounds(summary.period)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    month_rows = rows.filter(created_at__gte=start, created_at__lt=end).order_by("created_at", "id")
    for usage in month_rows.iterator():
        writer.writerow(
            (
                timezone.localtime(usage.created_at).isoformat(timespec="seconds"),
                usage.user_id or "",
                usage.role,
                usage.user_region_code,
                usage.report,
                report_label(usage.report),
                usage.region_code,
                usage.posyandu_id or "",
                usage.kind,
                usage.format,
            )
        )
    response = HttpResponse(out.getvalue(), content_type=CSV_TYPE)
    return attachment(response, filename(summary, scope_code, "csv"))

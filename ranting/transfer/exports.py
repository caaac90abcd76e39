"""Streaming exports of the child register and the measurements of a set of posyandu.

Rows come from `values_list(...).iterator()` (a server-side cursor on PostgreSQL), so memory
stays flat for any number of rows. CSV is streamed as it is produced (StreamingHttpResponse,
UTF-8 with BOM so Excel shows the accents). xlsx is written by xlsxwriter in `constant_memory`
mode to a temporary file on disk, then streamed from that file (a zip cannot be sent before it
is complete). Column headers are the import's own labels, so an export imports back unchanged.

NIK, NIK ibu and KK are masked (`lib.nik.mask_nik`) and phone numbers left out unless the caller
asks for full data, which the view allows only to roles that keep the register.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence

import xlsxwriter
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from ranting.children.models import Child
from ranting.growth.classify import CATEGORY_LABELS
from ranting.lib.nik import mask_nik
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu
from ranting.transfer.columns import BY_KEY

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
ITERATOR_CHUNK = 2000
CSV_LINES_PER_CHUNK = 500  # one network write per 500 lines, not per line


def _label(key: str) -> str:
    return str(BY_KEY[key].label)


def _yes(value: bool) -> str:
    return _("ya") if value else _("tidak")


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _z(value: float | None) -> float | None:
    # Numbers stay numbers (xlsx cells, plain CSV text); z-scores as anthro prints them.
    return None if value is None else round(value, 2)


def _personal(full: bool):
    def hide(value: str) -> str:
        return value if full or not value else mask_nik(value)

    return hide


# --- child register ---------------------------------------------------------------------------

CHILD_COLUMNS = ("nik", "name", "sex", "birth_date", "birth_weight_kg", "birth_length_cm",
                 "mother_name", "mother_nik", "father_name", "no_kk", "phone", "address", "rt",
                 "rw")  # fmt: skip


def child_headers() -> list[str]:
    return [
        *(_label(k) for k in CHILD_COLUMNS),
        _("Kode posyandu"),
        _("Nama posyandu"),
        _("Kelurahan"),
        _("Aktif"),
    ]


def child_rows(posyandus: QuerySet[Posyandu], full: bool) -> Iterator[list[object]]:
    hide = _personal(full)
    rows = (
        Child.objects.filter(posyandu__in=posyandus)
        .order_by("posyandu__code", "name", "pk")
        .values_list(
            *CHILD_COLUMNS,
            "posyandu__code",
            "posyandu__name",
            "posyandu__kelurahan__name",
            "is_active",
        )
    )
    for row in rows.iterator(chunk_size=ITERATOR_CHUNK):
        values = dict(zip(CHILD_COLUMNS, row[: len(CHILD_COLUMNS)], strict=True))
        code, name, kelurahan, active = row[len(CHILD_COLUMNS) :]
        yield [
            hide(values["nik"]),
            values["name"],
            values["sex"],
            _date(values["birth_date"]),
            values["birth_weight_kg"],
            values["birth_length_cm"],
            values["mother_name"],
            hide(values["mother_nik"]),
            values["father_name"],
            hide(values["no_kk"]),
            values["phone"] if full else "",
            values["address"],
            values["rt"],
            values["rw"],
            code,
            name,
            kelurahan,
            _yes(active),
        ]


# --- measurements -----------------------------------------------------------------------------

MEASUREMENT_FIELDS = (
    "child__nik", "child__name", "child__sex", "child__birth_date", "child__mother_name",
    "posyandu__code", "posyandu__name", "posyandu__kelurahan__name", "posyandu_id",
    "measured_on", "period", "age_months", "weight_kg", "lenhei_cm", "position", "oedema",
    "armc_cm", "headc_cm", "vitamin_a", "exclusive_breastfeeding", "zwei", "zlen", "zwfl", "zbmi",
    "status_bbu", "status_tbu", "status_bbtb", "status_imtu", "growth", "two_t", "bgm", "flags",
)  # fmt: skip
POSITION_TEXT = {"l": "terlentang", "h": "berdiri", "": ""}


def measurement_headers() -> list[str]:
    return [
        _label("nik"),
        _label("name"),
        _label("sex"),
        _label("birth_date"),
        _label("mother_name"),
        _("Kode posyandu"),
        _("Nama posyandu"),
        _("Kelurahan"),
        _label("measured_on"),
        _("Bulan laporan"),
        _("Umur (bulan)"),
        _label("weight_kg"),
        _label("lenhei_cm"),
        _label("position"),
        _("Edema"),
        _label("armc_cm"),
        _label("headc_cm"),
        _label("vitamin_a"),
        _label("exclusive_breastfeeding"),
        _("ZS BB/U"),
        _("ZS TB/U"),
        _("ZS BB/TB"),
        _("ZS IMT/U"),
        _("BB/U"),
        _("TB/U"),
        _("BB/TB"),
        _("IMT/U"),
        _("N/T/O/B"),
        _("2T"),
        _("BGM"),
        _("Tanda tidak wajar WHO"),
        _("Laporan disetujui"),
    ]


def measurement_rows(
    posyandus: QuerySet[Posyandu], start: dt.date, end: dt.date, full: bool
) -> Iterator[list[object]]:
    """Measurements of `posyandus` with a report month from `start` to `end` (first days)."""
    hide = _personal(full)
    approved = set(
        MonthlyReport.objects.filter(
            posyandu__in=posyandus,
            period__gte=start,
            period__lte=end,
            status=MonthlyReport.Status.APPROVED,
        ).values_list("posyandu_id", "period")
    )
    rows = (
        Measurement.objects.filter(posyandu__in=posyandus, period__gte=start, period__lte=end)
        .order_by("posyandu__code", "period", "child__name", "child_id")
        .values_list(*MEASUREMENT_FIELDS)
    )
    for row in rows.iterator(chunk_size=ITERATOR_CHUNK):
        v = dict(zip(MEASUREMENT_FIELDS, row, strict=True))
        yield [
            hide(v["child__nik"]),
            v["child__name"],
            v["child__sex"],
            _date(v["child__birth_date"]),
            v["child__mother_name"],
            v["posyandu__code"],
            v["posyandu__name"],
            v["posyandu__kelurahan__name"],
            _date(v["measured_on"]),
            v["period"].strftime("%Y-%m"),
            v["age_months"],
            v["weight_kg"],
            v["lenhei_cm"],
            POSITION_TEXT.get(v["position"], v["position"]),
            _yes(v["oedema"]),
            v["armc_cm"],
            v["headc_cm"],
            _yes(v["vitamin_a"]),
            _yes(v["exclusive_breastfeeding"]),
            _z(v["zwei"]),
            _z(v["zlen"]),
            _z(v["zwfl"]),
            _z(v["zbmi"]),
            *(
                CATEGORY_LABELS.get(v[k], v[k])
                for k in ("status_bbu", "status_tbu", "status_bbtb", "status_imtu")
            ),  # fmt: skip
            v["growth"],
            _yes(v["two_t"]),
            _yes(v["bgm"]),
            v["flags"],
            _yes((v["posyandu_id"], v["period"]) in approved),
        ]


# --- writers ----------------------------------------------------------------------------------


class _Line:
    """A file-like object whose write() hands the text back (csv.writer → generator)."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(headers)
    buffer: list[str] = []
    for row in rows:
        buffer.append(writer.writerow(row))
        if len(buffer) >= CSV_LINES_PER_CHUNK:
            yield "".join(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer)


def csv_response(headers, rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(headers, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(handle, headers: Sequence[str], rows: Iterable[Sequence[object]], sheet: str):
    """Write one sheet (header row frozen) row by row; memory stays flat (constant_memory)."""
    book = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    ws = book.add_worksheet(sheet[:31])
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, headers, bold)
    for index, row in enumerate(rows, start=1):
        ws.write_row(index, 0, row)
    book.close()


def xlsx_response(headers, rows, filename: str, sheet: str) -> FileResponse:
    # The temporary file is deleted when FileResponse closes it after the last byte is sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_xlsx(handle, headers, rows, sheet)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)

"""Open an uploaded register (xlsx or CSV) as a header plus a stream of rows.

The kind is decided by the file's first bytes, not its name (e-PPGBM and WhatsApp rename files).
CSV: UTF-8 (with or without BOM) or Windows-1252, delimiter `;`, `,` or tab, whichever the header
line uses most. xlsx: read-only openpyxl, the first sheet whose top rows look like a register.
Title rows above the header (common in exported registers) are skipped: the header is the first
of the top rows that names at least two known columns.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from ranting.transfer.columns import known_fields

HEADER_SEARCH_ROWS = 10
MIN_KNOWN_HEADERS = 2
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls
DELIMITERS = (";", ",", "\t")
SNIFF_BYTES = 64 * 1024
ENCODINGS = ("utf-8-sig", "cp1252")


class FileError(Exception):
    """The file cannot be read as a register; `message` says why, in Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The header of a register and a way to stream its data rows."""

    path: Path
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    header_row: int  # 1-based row number of the header in the file
    total_rows: int | None  # data rows, or None when unknown up front
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    sheet: str = ""
    preview: list[list[object]] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(file row number, cells padded to the header width); blank rows are skipped."""
        width = len(self.headers)
        source = self._csv_rows() if self.kind == "csv" else self._xlsx_rows()
        for number, cells in source:
            if number <= self.header_row:
                continue
            cells = list(cells[:width]) + [None] * (width - len(cells))
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            yield number, cells

    def _csv_rows(self) -> Iterator[tuple[int, list[object]]]:
        with self.path.open(encoding=self.encoding, newline="") as handle:
            yield from enumerate(csv.reader(handle, delimiter=self.delimiter), start=1)

    def _xlsx_rows(self) -> Iterator[tuple[int, list[object]]]:
        book = _open_book(self.path)
        try:
            sheet = book[self.sheet]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()


def open_table(path: str | Path, preview_rows: int = 5) -> Table:
    """Read the header (and the first `preview_rows` data rows) of the register at `path`."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as err:
        raise FileError(_("File tidak dapat dibuka: %(err)s") % {"err": err.strerror}) from err
    if not head.strip():
        raise FileError(_("File kosong."))
    if head.startswith(OLE_MAGIC):
        raise FileError(
            _(
                "File Excel lama (.xls, Excel 97–2003) belum dapat dibaca. Buka di Excel, pilih "
                "Simpan Sebagai → Buku Kerja Excel (.xlsx) atau CSV, lalu unggah lagi."
            )
        )
    table = _open_xlsx(path) if head.startswith(ZIP_MAGIC) else _open_csv(path, head)
    if not table.headers:
        raise FileError(_("Baris judul kolom tidak ditemukan."))
    for _number, cells in table.rows():
        if len(table.preview) >= preview_rows:
            break
        table.preview.append(cells)
    return table


def _header_index(rows: list[list[object]]) -> int:
    """Index of the header among the top rows: the first naming enough known columns."""
    filled = [i for i, row in enumerate(rows) if any(c not in (None, "") for c in row)]
    for i in filled:
        if known_fields(rows[i]) >= MIN_KNOWN_HEADERS:
            return i
    if not filled:
        raise FileError(_("File tidak berisi data."))
    return filled[0]


def _headers(cells: list[object]) -> list[str]:
    names = [" ".join(str(c).split()) if c is not None else "" for c in cells]
    while names and not names[-1]:
        names.pop()
    return [name or _("Kolom %(n)d") % {"n": i + 1} for i, name in enumerate(names)]


def _decode(path: Path, head: bytes) -> str:
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileError(_("Isi file bukan teks CSV yang dapat dibaca."))  # pragma: no cover


def _open_csv(path: Path, head: bytes) -> Table:
    if b"\x00" in head:
        raise FileError(_("File ini bukan CSV atau Excel (.xlsx)."))
    encoding = _decode(path, head)
    sample = head.decode(encoding, errors="replace")
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first_line.count)
    top = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
    index = _header_index(top)
    # Data rows: newlines after the header, a cheap count good enough for a progress bar.
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    if not head.endswith(b"\n"):
        lines += 1
    return Table(
        path=path,
        kind="csv",
        headers=_headers(top[index]),
        header_row=index + 1,
        total_rows=max(lines - index - 1, 0),
        encoding=encoding,
        delimiter=delimiter,
    )


def _open_book(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged zip
        raise FileError(
            _("File Excel rusak atau bukan .xlsx (%(err)s).") % {"err": type(err).__name__}
        ) from err


def _open_xlsx(path: Path) -> Table:
    book = _open_book(path)
    try:
        chosen = None
        for sheet in book.worksheets:
            top = [list(r) for r in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
            if not any(any(c not in (None, "") for c in row) for row in top):
                continue
            index = _header_index(top)
            if chosen is None or known_fields(top[index]) >= MIN_KNOWN_HEADERS:
                chosen = (sheet, top, index)
            if known_fields(top[index]) >= MIN_KNOWN_HEADERS:
                break
        if chosen is None:
            raise FileError(_("File Excel tidak berisi data."))
        sheet, top, index = chosen
        max_row = sheet.max_row
        return Table(
            path=path,
            kind="xlsx",
            headers=_headers(top[index]),
            header_row=index + 1,
            total_rows=(max_row - index - 1) if max_row else None,
            sheet=sheet.title,
        )
    finally:
        book.close()

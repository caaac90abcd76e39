"""Opening register files: CSV dialects and encodings, xlsx with title rows, refused formats."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from ranting.transfer.reading import FileError, open_table


def test_it_detects_the_semicolon_and_reads_rows_with_their_file_row_numbers(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Nama;BB;Tgl Lahir\nBudi;8,5;15/03/2024\n\nAni;7,2;01/01/2024\n")
    table = open_table(path)
    assert (table.kind, table.delimiter, table.headers) == ("csv", ";", ["Nama", "BB", "Tgl Lahir"])
    # The blank line 3 is skipped; Ani keeps her row number 4 as the user sees it in Excel.
    assert list(table.rows()) == [
        (2, ["Budi", "8,5", "15/03/2024"]),
        (4, ["Ani", "7,2", "01/01/2024"]),
    ]


def test_it_detects_the_comma_and_a_utf8_bom(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes('\ufeffNama,BB\n"Budi, Jr",8.5\n'.encode())
    table = open_table(path)
    assert table.headers == ["Nama", "BB"]
    assert list(table.rows()) == [(2, ["Budi, Jr", "8.5"])]


def test_it_reads_a_windows_1252_file(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("Nama;Alamat\nBudi;Jl. Pejuang \u2013 RW 03\n".encode("cp1252"))
    table = open_table(path)
    assert table.encoding == "cp1252"
    assert list(table.rows()) == [(2, ["Budi", "Jl. Pejuang \u2013 RW 03"])]


def test_it_pads_short_rows_to_the_header_width(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Nama;BB;TB\nBudi;8,5\n")
    assert list(open_table(path).rows()) == [(2, ["Budi", "8,5", None])]


def test_it_skips_title_rows_above_the_header_of_an_xlsx(tmp_path):
    path = tmp_path / "r.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DATA BALITA POSYANDU MAWAR"])
    sheet.append(["Kelurahan Medansatria, Mei 2025"])
    sheet.append(["No", "Nama", "JK", "Tgl Lahir", "BB"])
    sheet.append([1, "Budi", "L", dt.datetime(2024, 3, 15), 8.5])
    book.save(path)
    table = open_table(path)
    assert (table.kind, table.header_row) == ("xlsx", 3)
    assert table.headers == ["No", "Nama", "JK", "Tgl Lahir", "BB"]
    assert list(table.rows()) == [(4, [1, "Budi", "L", dt.datetime(2024, 3, 15), 8.5])]
    assert table.preview == [[1, "Budi", "L", dt.datetime(2024, 3, 15), 8.5]]


def test_it_uses_the_sheet_that_holds_the_register(tmp_path):
    path = tmp_path / "r.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Petunjuk pengisian"])
    data = book.create_sheet("Data")
    data.append(["Nama", "JK", "Tgl Lahir"])
    data.append(["Ani", "P", "01/01/2024"])
    book.save(path)
    table = open_table(path)
    assert table.sheet == "Data"
    assert list(table.rows()) == [(2, ["Ani", "P", "01/01/2024"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "File Excel lama (.xls"),
        (b"", "File kosong."),
        (b"PK\x03\x04 not really a zip", "File Excel rusak atau bukan .xlsx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "bukan CSV atau Excel"),
    ],
)
def test_it_refuses_files_it_cannot_read_with_a_reason(tmp_path, content, message):
    path = tmp_path / "r.xls"
    path.write_bytes(content)
    with pytest.raises(FileError) as err:
        open_table(path)
    assert message in err.value.message

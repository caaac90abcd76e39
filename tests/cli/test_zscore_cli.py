"""`ranting zscore INPUT.csv -o OUTPUT.csv` end to end (ranting/commands/zscore.py)."""

import argparse
import csv
import math
from importlib import resources

import pytest

from ranting.commands import zscore
from ranting.growth.tabular import OUTPUT_COLUMNS


def run_zscore(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="ranting zscore")
    zscore.add_arguments(parser)
    return zscore.run(parser.parse_args(list(argv)))


def lms_row(table: str, sex: int, age_days: int) -> tuple[float, float, float]:
    """L, M, S of a WHO table row, read straight from the packaged CSV (no engine code)."""
    text = resources.files("ranting.growth").joinpath("data").joinpath(table).read_text()
    for row in csv.DictReader(text.splitlines()):
        if int(row["sex"]) == sex and int(row["age"]) == age_days:
            return float(row["L"]), float(row["M"]), float(row["S"])
    raise LookupError(f"{table}: no row for sex {sex}, age {age_days}")


def measurement_at(lms: tuple[float, float, float], z: float) -> float:
    """The measurement whose LMS z-score is `z` (inverse of z = ((y/M)^L - 1) / (L*S))."""
    l, m, s = lms  # noqa: E741
    return m * math.exp(s * z) if l == 0 else m * (1 + l * s * z) ** (1 / l)


def read_output(path, delimiter=","):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


@pytest.fixture
def hand_rows():
    """Three children whose z-scores follow from the WHO tables by hand."""
    boy_wei = lms_row("weianthro.csv", 1, 365)
    boy_len = lms_row("lenanthro.csv", 1, 365)
    girl_wei = lms_row("weianthro.csv", 2, 1000)
    girl_len = lms_row("lenanthro.csv", 2, 1000)
    return [
        # Boy, 365 days: weight = median M -> zwei 0; length at -2.5 SD -> zlen -2.5 (pendek).
        {
            "id": "A",
            "sex": "1",
            "age_days": "365",
            "weight": repr(boy_wei[1]),
            "lenhei": repr(measurement_at(boy_len, -2.5)),
            "measure": "l",
        },
        # Girl, 1000 days, standing: weight at +1.5 SD, height = median.
        {
            "id": "B",
            "sex": "2",
            "age_days": "1000",
            "weight": repr(measurement_at(girl_wei, 1.5)),
            "lenhei": repr(girl_len[1]),
            "measure": "h",
        },
        # A weight keyed in as text never stops the run.
        {
            "id": "C",
            "sex": "2",
            "age_days": "1000",
            "weight": "abc",
            "lenhei": "90",
            "measure": "h",
        },
    ]


def write_csv(path, rows, delimiter=",", encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def test_it_computes_z_scores_and_statuses_end_to_end(tmp_path, hand_rows, capsys):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, hand_rows)

    assert run_zscore(str(source), "-o", str(target)) == 0

    rows = read_output(target)
    assert [row["id"] for row in rows] == ["A", "B", "C"]
    assert list(rows[0]) == [*hand_rows[0], *OUTPUT_COLUMNS]
    a, b, c = rows
    assert float(a["zwei"]) == 0
    assert float(a["zlen"]) == -2.5
    assert a["status_tbu"] == "Pendek"
    assert a["status_tbu_code"] == "pendek"
    assert a["status_bbu"] == "Berat badan normal"
    assert a["flen"] == "0"
    assert a["reason"] == ""
    assert float(b["zwei"]) == 1.5
    assert float(b["zlen"]) == 0
    assert b["status_bbu"] == "Risiko berat badan lebih"
    assert b["status_bbu_code"] == "risiko_berat_badan_lebih"
    assert b["cmeasure"] == "h"
    assert c["zwei"] == ""
    assert c["fwei"] == ""
    assert c["status_bbu"] == ""
    assert c["zlen"] != ""
    assert c["reason"] == "weight_invalid"
    assert "3 rows written" in capsys.readouterr().err


def test_it_reads_semicolons_decimal_commas_and_a_bom(tmp_path, hand_rows):
    comma_rows = [{key: value.replace(".", ",") for key, value in row.items()} for row in hand_rows]
    source, target = tmp_path / "excel.csv", tmp_path / "out.csv"
    write_csv(source, comma_rows, delimiter=";", encoding="utf-8-sig")

    assert run_zscore(str(source), "-o", str(target), "--quiet") == 0

    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_output(target, delimiter=";")
    assert rows[0]["zlen"] == "-2,5"
    assert rows[0]["status_tbu"] == "Pendek"
    assert rows[1]["zwei"] == "1,5"
    assert rows[1]["weight"] == comma_rows[1]["weight"]


def test_it_accepts_the_reference_file_column_names(tmp_path):
    source, target = tmp_path / "ref.csv", tmp_path / "out.csv"
    source.write_text(
        "sex,age_days,weight_kg,lenhei_cm,measure,oedema,zwei\n1,0,3.3464,49.9,l,n,0.01\n",
        encoding="utf-8",
    )
    assert run_zscore(str(source), "-o", str(target), "-q") == 0
    (row,) = read_output(target)
    assert row["zwei"] == "0"
    # An input column named like an output keeps its value under a new name.
    assert row["zwei_input"] == "0.01"


def test_it_takes_age_in_months_when_there_is_no_day_column(tmp_path):
    source, target = tmp_path / "months.csv", tmp_path / "out.csv"
    source.write_text("sex,age_months,weight\n1,0,3.3464\n", encoding="utf-8")
    assert run_zscore(str(source), "-o", str(target), "-q") == 0
    assert read_output(target)[0]["zwei"] == "0"


def test_it_falls_back_to_months_where_days_are_blank(tmp_path):
    source, target = tmp_path / "both.csv", tmp_path / "out.csv"
    source.write_text(
        "sex,age_days,age_months,weight\n1,0,,3.3464\n1,,0,3.3464\n1,,,3.3464\n",
        encoding="utf-8",
    )
    assert run_zscore(str(source), "-o", str(target), "-q") == 0
    rows = read_output(target)
    assert [row["zwei"] for row in rows] == ["0", "0", ""]
    assert rows[2]["reason"] == "age_missing"


def test_it_counts_oedema_as_gizi_buruk(tmp_path):
    source, target = tmp_path / "oedema.csv", tmp_path / "out.csv"
    source.write_text("sex,age_days,weight,lenhei,measure,oedema\n2,400,8,72,l,y\n")
    assert run_zscore(str(source), "-o", str(target), "-q") == 0
    (row,) = read_output(target)
    assert row["zwfl"] == ""
    assert row["status_bbtb"] == "Gizi buruk"
    assert row["reason"] == "oedema"


def test_it_gives_the_same_result_in_small_chunks(tmp_path, hand_rows):
    source = tmp_path / "in.csv"
    write_csv(source, hand_rows * 5)
    assert run_zscore(str(source), "-o", str(tmp_path / "one.csv"), "-q") == 0
    assert run_zscore(str(source), "-o", str(tmp_path / "two.csv"), "-q", "--chunk-size", "2") == 0
    assert (tmp_path / "one.csv").read_text() == (tmp_path / "two.csv").read_text()


def test_it_notes_rows_with_a_wrong_number_of_fields(tmp_path):
    source, target = tmp_path / "ragged.csv", tmp_path / "out.csv"
    source.write_text("sex,age_days,weight\n1,0,3.3464,extra\n1,0\n\n", encoding="utf-8")
    assert run_zscore(str(source), "-o", str(target), "-q") == 0
    rows = read_output(target)
    assert len(rows) == 2
    assert rows[0]["zwei"] == "0"
    assert rows[0]["reason"] == "field_count_mismatch"
    assert rows[1]["reason"] == "field_count_mismatch"


def test_it_reads_a_cp1252_file(tmp_path):
    source, target = tmp_path / "ansi.csv", tmp_path / "out.csv"
    source.write_bytes("nama,sex,age_days,weight\nRen\xe9,1,0,3.3464\n".encode("cp1252"))
    assert run_zscore(str(source), "-o", str(target), "-q") == 0
    (row,) = read_output(target)
    assert row["nama"] == "René"


def test_it_writes_only_the_header_for_a_file_without_rows(tmp_path):
    source, target = tmp_path / "header.csv", tmp_path / "out.csv"
    source.write_text("sex,age_days,weight\n", encoding="utf-8")
    assert run_zscore(str(source), "-o", str(target), "-q") == 0
    assert target.read_text(encoding="utf-8").splitlines() == [
        ",".join(["sex", "age_days", "weight", *OUTPUT_COLUMNS])
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "age_days,weight,height\n1,2,3\n",
            "lacks required column(s): sex. Columns found: age_days, weight, height",
            id="missing-sex",
        ),
        pytest.param(
            "sex,weight\n1,2\n",
            "no age column: add age_days (age in days) or age_months",
            id="no-age",
        ),
        pytest.param("", "input file is empty", id="empty"),
        pytest.param("\n\n", "input file is empty", id="blank-lines"),
    ],
)
def test_it_exits_2_on_an_unusable_input(tmp_path, capsys, content, expected):
    source, target = tmp_path / "bad.csv", tmp_path / "out.csv"
    source.write_text(content, encoding="utf-8")
    assert run_zscore(str(source), "-o", str(target)) == 2
    assert expected in capsys.readouterr().err
    assert not target.exists()


def test_it_exits_2_when_the_input_file_is_missing(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    assert run_zscore(str(missing), "-o", str(tmp_path / "out.csv")) == 2
    assert f"input file not found: {missing}" in capsys.readouterr().err


def test_it_exits_2_when_the_input_is_a_directory(tmp_path, capsys):
    assert run_zscore(str(tmp_path), "-o", str(tmp_path / "out.csv")) == 2
    assert "is a directory" in capsys.readouterr().err


def test_it_exits_2_when_the_output_cannot_be_written(tmp_path, capsys, hand_rows):
    source = tmp_path / "in.csv"
    write_csv(source, hand_rows)
    assert run_zscore(str(source), "-o", str(tmp_path / "no" / "such" / "dir.csv")) == 2
    assert "cannot write output file" in capsys.readouterr().err


def test_it_refuses_to_overwrite_its_input(tmp_path, capsys, hand_rows):
    source = tmp_path / "in.csv"
    write_csv(source, hand_rows)
    before = source.read_text()
    assert run_zscore(str(source), "-o", str(source)) == 2
    assert "must differ from the input" in capsys.readouterr().err
    assert source.read_text() == before


def test_it_is_quiet_when_asked(tmp_path, capsys, hand_rows):
    source = tmp_path / "in.csv"
    write_csv(source, hand_rows)
    assert run_zscore(str(source), "-o", str(tmp_path / "out.csv"), "--quiet") == 0
    assert capsys.readouterr().err == ""


def test_it_rejects_a_chunk_size_below_1():
    parser = argparse.ArgumentParser(prog="ranting zscore")
    zscore.add_arguments(parser)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["in.csv", "-o", "out.csv", "--chunk-size", "0"])
    assert exit_info.value.code == 2


def test_it_runs_through_the_ranting_console_script(tmp_path, hand_rows):
    from ranting.cli import main

    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    write_csv(source, hand_rows)
    assert main(["zscore", str(source), "-o", str(target), "-q"]) == 0
    assert read_output(target)[0]["status_tbu"] == "Pendek"

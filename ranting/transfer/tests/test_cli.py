"""`ranting import FILE --kelurahan CODE`: exit codes, the report next to the file, scope."""

from __future__ import annotations

from ranting.children.models import Child
from ranting.cli import main
from ranting.measurements.models import Measurement
from ranting.transfer.tests.conftest import BUDI
from ranting.transfer.tests.test_import import BAD, GOOD


def test_it_imports_a_register_and_exits_0(register, regions, capsys):
    path = register(GOOD)
    assert main(["import", str(path), "--kelurahan", "32.75.06.1001", "-q"]) == 0
    assert Child.objects.count() == 2
    assert Measurement.objects.count() == 5
    out = capsys.readouterr().out
    assert "anak baru: 2" in out
    assert "pengukuran baru: 5" in out
    assert "tersimpan" in out
    assert not (path.parent / "register.csv.ditolak.csv").exists()


def test_it_accepts_the_kelurahan_code_without_dots(register, regions):
    assert main(["import", str(register(GOOD)), "--kelurahan", "3275061001", "-q"]) == 0
    assert Measurement.objects.count() == 5


def test_refused_rows_exit_2_write_nothing_and_go_to_the_report(register, regions, capsys):
    path = register([*GOOD, BAD])
    assert main(["import", str(path), "--kelurahan", "32.75.06.1001", "-q"]) == 2
    assert Child.objects.count() == 0
    assert Measurement.objects.count() == 0
    report = path.parent / "register.csv.ditolak.csv"
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith('7;ditolak;"JK: “X” bukan jenis kelamin')
    assert "TIDAK ADA yang disimpan" in capsys.readouterr().err


def test_valid_only_saves_the_good_rows(register, regions):
    path = register([*GOOD, BAD])
    assert main(["import", str(path), "--kelurahan", "32.75.06.1001", "--valid-only", "-q"]) == 0
    assert Measurement.objects.count() == 5


def test_a_dry_run_writes_nothing(register, regions, capsys):
    path = register(GOOD)
    assert main(["import", str(path), "--kelurahan", "32.75.06.1001", "--dry-run", "-q"]) == 0
    assert Child.objects.count() == 0
    assert "pengukuran baru: 5" in capsys.readouterr().out


def test_as_a_user_it_keeps_to_their_posyandu(register, people):
    path = register(GOOD)
    code = main(["import", str(path), "--kelurahan", "32.75.06.1001", "--user", "kader", "-q"])
    assert code == 2  # Ani's rows are for Melati, not the kader's Mawar
    assert Measurement.objects.count() == 0
    assert main(["import", str(path), "--kelurahan", "32.75.06.1004", "--user", "kader"]) == 2


def test_columns_can_be_mapped_by_hand(register, regions):
    headers = ["NIK", "Nama", "JK", "Tgl Lahir", "Nama Ortu", "Posyandu", "Tgl Ukur", "Timbangan"]
    path = register([[*BUDI, "10/05/2025", "9,5"]], headers=headers)
    argv = ["import", str(path), "--kelurahan", "32.75.06.1001", "-q"]
    assert main(argv) == 2  # "Timbangan" is not a known header: no weight column
    assert main([*argv, "--column", "Timbangan=weight_kg"]) == 0
    assert Measurement.objects.get().weight_kg == 9.5


def test_it_explains_unusable_input(tmp_path, regions, capsys):
    missing = tmp_path / "tidak-ada.csv"
    assert main(["import", str(missing), "--kelurahan", "32.75.06.1001"]) == 2
    assert main(["import", str(missing), "--kelurahan", "32.75.99.9999"]) == 2
    err = capsys.readouterr().err
    assert "File tidak dapat dibuka" in err
    assert "tidak ditemukan" in err

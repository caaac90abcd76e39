"""`ranting import FILE --kelurahan CODE`: import a register (xlsx/CSV) from the shell.

For files too large for the web page. Same code path as the web import (transfer.importer):
every row checked with the form rules, then everything saved in one transaction, or nothing.
Refused and conflicting rows go to FILE's name + ".ditolak.csv" next to FILE.

Exit status: 0 saved (or, with --dry-run, nothing refused); 2 rows refused without
--valid-only (nothing saved), or the file, kelurahan, user or columns cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from ranting.commands import django_setup

HELP = "Import a posyandu register / e-PPGBM export (xlsx or CSV) into one kelurahan"
EPILOG = """\
Columns are matched by their headers (e.g. NIK, Nama, JK, Tgl Lahir, Nama Ortu, Posyandu,
Tgl Ukur, BB, TB, Cara Ukur, LiLA, Vit A, ASI). Override with --column "Header=field", e.g.
--column "BB Sekarang=weight_kg"; field keys: nik name sex birth_date birth_weight_kg
birth_length_cm mother_name mother_nik father_name no_kk phone address rt rw posyandu
measured_on weight_kg lenhei_cm position armc_cm headc_cm vitamin_a exclusive_breastfeeding,
or "" to skip a column.

Without --user the import is done as the operator, into every posyandu of the kelurahan.
"""

EXIT_OK = 0
EXIT_REFUSED = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", help="register file (.xlsx or .csv)")
    parser.add_argument(
        "--kelurahan", required=True, help="Kemendagri code, e.g. 32.75.06.1001 or 3275061001"
    )
    parser.add_argument("--user", help="import as this user (their posyandu only)")
    parser.add_argument(
        "--valid-only",
        action="store_true",
        help="save the valid rows even when others are refused",
    )
    parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="map a column by hand (repeatable)",
    )
    parser.add_argument("--progress-file", help="also write progress as JSON to this file")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _kelurahan_code(raw: str) -> str:
    digits = raw.replace(".", "").strip()
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return raw.strip()


def run(args: argparse.Namespace) -> int:
    django_setup()
    from django.utils import timezone

    from ranting.accounts.models import User
    from ranting.regions.models import Region
    from ranting.transfer import access, jobs
    from ranting.transfer.columns import BY_KEY, IGNORE, suggest_mapping
    from ranting.transfer.importer import (
        PHASE_LABELS,
        ImportInterrupted,
        MappingError,
        import_posyandus,
        run_import,
    )
    from ranting.transfer.plan import Context
    from ranting.transfer.reading import FileError, open_table

    path = Path(args.file)
    kelurahan = Region.objects.filter(
        code=_kelurahan_code(args.kelurahan), level=Region.Level.KELURAHAN
    ).first()
    if kelurahan is None:
        return _fail(f"kelurahan {args.kelurahan!r} tidak ditemukan (kode Kemendagri)")
    posyandus = import_posyandus(kelurahan)
    user = None
    importable = {p.pk for p in posyandus}
    if args.user:
        user = User.objects.filter(username=args.user, is_active=True).first()
        if user is None:
            return _fail(f"pengguna {args.user!r} tidak ditemukan atau nonaktif")
        importable = set(access.importable_posyandus(user, kelurahan).values_list("pk", flat=True))
        if not importable:
            return _fail(f"{args.user} tidak boleh mengimpor ke Kelurahan {kelurahan.label}")
    try:
        table = open_table(path)
    except FileError as err:
        return _fail(err.message)
    mapping = suggest_mapping(table.headers)
    for item in args.column:
        header, sep, key = item.partition("=")
        if not sep or header not in table.headers or (key and key not in BY_KEY):
            return _fail(f"--column {item!r}: kolom atau nama field tidak dikenal")
        mapping = [IGNORE if k == key and key else k for k in mapping]
        mapping[table.headers.index(header)] = key
    report = path.with_name(path.name + ".ditolak.csv")
    report.unlink(missing_ok=True)
    ctx = Context(
        kelurahan=kelurahan,
        posyandus=posyandus,
        importable_ids=importable,
        user=user,
        today=timezone.localdate(),
    )
    progress = _Progress(not args.quiet, args.progress_file, PHASE_LABELS, jobs.write_progress)
    try:
        result = run_import(
            path,
            mapping,
            ctx,
            write=not args.dry_run,
            valid_only=args.valid_only,
            progress=progress,
            report_path=report,
        )
    except MappingError as err:
        return _fail(" ".join(err.messages))
    except ImportInterrupted as err:
        return _fail(err.message)
    finally:
        progress.close()
    return _print_summary(result.summary, args, report if result.report else None)


class _Progress:
    """One tqdm bar per phase on stderr, plus the optional JSON progress file."""

    def __init__(self, show: bool, json_path: str | None, labels, write_json):
        self.show = show
        self.json_path = Path(json_path) if json_path else None
        self.labels = labels
        self.write_json = write_json
        self.phase = None
        self.bar = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if self.json_path is not None:
            self.write_json(self.json_path, phase, done, total)
        if not self.show:
            return
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = tqdm(
                total=total, desc=str(self.labels.get(phase, phase)), unit="baris", file=sys.stderr
            )
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _print_summary(summary, args: argparse.Namespace, report: Path | None) -> int:
    lines = [
        f"baris: {summary.rows:,}",
        f"ditolak: {summary.rejected:,}",
        f"konflik (tidak ditimpa): {summary.conflicts:,}",
        f"sudah ada (dilewati): {summary.skipped:,}",
        f"anak baru: {summary.children_created:,}",
        f"pengukuran baru: {summary.measurements_created:,}",
        f"bulan berikutnya dihitung ulang: {summary.measurements_updated:,}",
        f"baris dengan peringatan: {summary.warned:,}",
    ]
    print("ranting import: " + "; ".join(lines))
    if report is not None:
        print(f"ranting import: baris ditolak/konflik ditulis ke {report}")
    if args.dry_run:
        print("ranting import: --dry-run, tidak ada yang disimpan")
        return EXIT_REFUSED if summary.rejected else EXIT_OK
    if not summary.written:
        print(
            "ranting import: TIDAK ADA yang disimpan karena ada baris ditolak; perbaiki file "
            "atau pakai --valid-only",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    print("ranting import: tersimpan")
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"ranting import: error: {message}", file=sys.stderr)
    return EXIT_REFUSED

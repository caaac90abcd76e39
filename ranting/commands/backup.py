"""`ranting backup [-o FILE]`: one consistent, portable backup file of the whole database."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Back up every table into one file (restorable into SQLite or PostgreSQL)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, help="target file (default: var/backup/ranting-<time>.zip)"
    )


def run(args: argparse.Namespace) -> int:
    from ranting.commands import django_setup

    django_setup()
    from django.conf import settings
    from django.db import DatabaseError
    from django.utils import timezone

    from ranting.interop.backup import BackupError, write_backup

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = args.output or settings.VAR_DIR / "backup" / f"ranting-{stamp}.zip"
    try:
        tables = write_backup(target)
    except (BackupError, OSError, DatabaseError) as err:
        print(f"Gagal membuat cadangan: {err}")
        return 1
    rows = sum(t.rows for t in tables)
    print(f"Cadangan tersimpan: {target} ({len(tables)} tabel, {rows} baris).")
    return 0

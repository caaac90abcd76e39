"""`ranting restore FILE [--force]`: load a `ranting backup` file, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Restore a `ranting backup` file into an empty database (all rows or nothing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="backup file made by `ranting backup`")
    parser.add_argument(
        "--force", action="store_true", help="replace the data of a database that is not empty"
    )


def run(args: argparse.Namespace) -> int:
    from ranting.commands import django_setup

    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.recorder import MigrationRecorder

    from ranting.interop.backup import BackupError, restore_backup

    try:
        if not MigrationRecorder(connection).has_table():
            # A brand-new database: create the schema of this version first.
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            call_command("migrate", verbosity=0)
        tables = restore_backup(args.file, force=args.force)
    except BackupError as err:
        print(err)
        return 1
    except DatabaseError as err:
        print(f"Basis data tujuan tidak dapat dibuka atau ditulis: {err}")
        return 1
    rows = sum(t.rows for t in tables)
    print(f"Cadangan {args.file} dipulihkan: {len(tables)} tabel, {rows} baris.")
    return 0

"""`manage.py citus_prepare [--sql | --apply]`: make the PostgreSQL schema distributable by
`kota_code` in a Citus cluster (docs/scaling.md, section 4; `ranting.cluster.citus`).

Without an option it says what it would change. `--sql` prints the whole script; `--apply` runs
it in one transaction, the Citus calls only where the citus extension is installed. What is
already converted generates nothing, so it can run again after new tables or keys.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ranting.cluster import citus


class Command(BaseCommand):
    help = "Siapkan skema PostgreSQL untuk Citus, didistribusikan menurut kota_code."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--sql", action="store_true", help="cetak skripnya tanpa menjalankan apa pun"
        )
        mode.add_argument("--apply", action="store_true", help="jalankan dalam satu transaksi")

    def handle(self, *args, sql: bool, apply: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"citus_prepare memerlukan PostgreSQL (DB=postgres); basis data ini "
                f"{connection.vendor}. Citus adalah ekstensi PostgreSQL."
            )
        plan = citus.plan(connection)
        if sql:
            self.stdout.write(plan.script(), ending="")
            return
        for note in plan.notes:
            self.stderr.write(f"catatan: {note}")
        for problem in plan.problems:
            self.stderr.write(f"tidak dapat diubah: {problem}")
        if not apply:
            self.stdout.write(
                f"{len(plan.ddl)} perintah DDL dan {len(plan.citus)} perintah Citus akan "
                "dijalankan (--sql mencetaknya, --apply menjalankannya)."
            )
            return
        if plan.problems:
            raise CommandError(
                f"{len(plan.problems)} masalah akan ditolak Citus; tidak ada yang dijalankan."
            )
        ran = citus.apply(connection, plan)
        self.stdout.write(f"{len(plan.ddl)} perintah DDL dijalankan.")
        if plan.citus and not plan.citus_installed:
            self.stdout.write(
                f"{len(plan.citus)} perintah Citus dilewati: ekstensi citus belum dipasang di "
                "basis data ini (jalankan CREATE EXTENSION citus di koordinator, lalu --apply "
                "lagi)."
            )
        elif plan.citus:
            self.stdout.write(f"{ran - len(plan.ddl)} perintah Citus dijalankan.")

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
    help = "Prepare the PostgreSQL schema for Citus, distributed by kota_code."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--sql", action="store_true", help="print the script, run nothing")
        mode.add_argument("--apply", action="store_true", help="run it in one transaction")

    def handle(self, *args, sql: bool, apply: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"citus_prepare needs PostgreSQL (DB=postgres); this database is "
                f"{connection.vendor}. Citus is a PostgreSQL extension."
            )
        plan = citus.plan(connection)
        if sql:
            self.stdout.write(plan.script(), ending="")
            return
        for note in plan.notes:
            self.stderr.write(f"note: {note}")
        for problem in plan.problems:
            self.stderr.write(f"not convertible: {problem}")
        if not apply:
            self.stdout.write(
                f"{len(plan.ddl)} DDL statements and {len(plan.citus)} Citus statements to run "
                "(--sql prints them, --apply runs them)."
            )
            return
        if plan.problems:
            raise CommandError(f"{len(plan.problems)} problems Citus would refuse; nothing run.")
        ran = citus.apply(connection, plan)
        self.stdout.write(f"{len(plan.ddl)} DDL statements run.")
        if plan.citus and not plan.citus_installed:
            self.stdout.write(
                f"{len(plan.citus)} Citus statements skipped: the citus extension is not "
                "installed in this database (CREATE EXTENSION citus on the coordinator, then "
                "run --apply again)."
            )
        elif plan.citus:
            self.stdout.write(f"{ran - len(plan.ddl)} Citus statements run.")

"""`manage.py measurement_partitions [--months N]`: create the monthly partitions of the
measurement table for this month and the months ahead, and for every month whose rows wait in
the DEFAULT partition (PostgreSQL; docs/scaling.md).

Run it monthly (cron or a systemd timer) and after importing past months. Forgetting it loses
nothing: rows of a month without its partition wait in the DEFAULT partition and move into their
partition when it is made.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from ranting.measurements import partitions
from ranting.recaps.deadlines import shift_month


class Command(BaseCommand):
    help = "Buat partisi bulanan tabel pengukuran (PostgreSQL) untuk bulan ini dan ke depan."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=partitions.MONTHS_AHEAD,
            help=f"bulan ke depan (bawaan {partitions.MONTHS_AHEAD})",
        )

    def handle(self, *args, months: int, **options):
        if months < 0:
            raise CommandError("--months: isi 0 atau lebih.")
        if connection.vendor != "postgresql":
            self.stdout.write("Basis data bukan PostgreSQL: tabel pengukuran tidak dipartisi.")
            return
        first = timezone.localdate().replace(day=1)
        made = partitions.split_default(connection)
        made += partitions.ensure_partitions(connection, first, shift_month(first, months))
        with connection.cursor() as cursor:
            total = len(partitions.existing_partitions(cursor))
        self.stdout.write(f"{len(made)} partisi baru dibuat; {total} partisi seluruhnya.")
        for name in made:
            self.stdout.write(f"  {name}")

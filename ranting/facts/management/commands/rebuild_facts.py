"""`manage.py rebuild_facts [--kota 32.75] [--from 2025-01] [--to 2025-12]`: recompute the
monthly facts from the measurements and the child register. `--stale`: only the posyandu-months
queued by writers (FACTS_REFRESH=queued), until the queue is empty; with `--follow` it keeps
running, draining the queue every FACTS_REFRESH_SECONDS until SIGTERM or Ctrl+C: the refresher as
a service of its own, for a site served by something other than `ranting serve`.

Run it after a bulk write that did not refresh the facts itself, after moving a posyandu to
another kelurahan, and nightly as a safety net (cron or a systemd timer). With --from/--to it is
the monthly aggregation of those months only.
"""

from __future__ import annotations

import datetime as dt
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ranting.facts.refresher import Refresher
from ranting.facts.services import default_periods, rebuild_facts, refresh_stale
from ranting.recaps.deadlines import shift_month
from ranting.regions.models import Posyandu


def _month(text: str, option: str) -> dt.date:
    try:
        if len(text) != len("2025-05"):
            raise ValueError(text)
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise CommandError(
            f"{option}: bulan harus berformat TAHUN-BULAN, misalnya 2025-05 (bukan {text!r})."
        ) from None


class Command(BaseCommand):
    help = "Bangun ulang fakta bulanan (ringkasan per posyandu per bulan) untuk dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--kota", help="kode kota, misalnya 32.75 (bawaan: semua kota)")
        parser.add_argument("--from", dest="start", help="bulan pertama, TAHUN-BULAN")
        parser.add_argument("--to", dest="end", help="bulan terakhir, TAHUN-BULAN")
        parser.add_argument(
            "--stale", action="store_true", help="hanya antrean bulan yang berubah, lalu selesai"
        )
        parser.add_argument(
            "--follow",
            action="store_true",
            help="dengan --stale: terus berjalan, mengosongkan antrean setiap "
            "RANTING_FACTS_REFRESH_SECONDS detik sampai dihentikan (SIGTERM atau Ctrl+C)",
        )

    def handle(self, *args, kota=None, start=None, end=None, stale=False, follow=False, **options):
        if follow and not stale:
            raise CommandError("--follow hanya dapat dipakai bersama --stale.")
        if stale:
            if kota or start or end:
                raise CommandError("--stale tidak dapat digabung dengan --kota, --from atau --to.")
            if follow:
                self._follow()
                return
            taken = 0
            while (rows := refresh_stale()) > 0:
                taken += rows
            self.stdout.write(f"{taken} antrean fakta bulanan diperbarui.")
            return
        if kota is not None and not Posyandu.objects.filter(kota_code=kota).exists():
            raise CommandError(f"--kota: tidak ada posyandu dengan kode kota {kota!r}.")
        periods = None
        if start or end:
            known = default_periods(kota)
            first = _month(start, "--from") if start else known[0]
            last = _month(end, "--to") if end else known[-1]
            if last < first:
                raise CommandError("--to: bulan terakhir tidak boleh sebelum bulan pertama.")
            periods = []
            while first <= last:
                periods.append(first)
                first = shift_month(first, 1)
        began = time.perf_counter()
        written = rebuild_facts(kota, periods)
        seconds = time.perf_counter() - began
        self.stdout.write(f"{written} baris fakta bulanan dibangun dalam {seconds:.2f} detik.")

    def _follow(self) -> None:
        if settings.FACTS_REFRESH != "queued":
            # Writers refresh inline: nothing would ever be queued for this process to drain.
            raise CommandError(
                "--follow: RANTING_FACTS_REFRESH bukan queued, antrean selalu kosong."
            )
        refresher = Refresher()
        # SIGTERM (systemd, docker stop) ends the loop after the pass under way, like Ctrl+C.
        signal.signal(signal.SIGTERM, lambda *_: refresher.stop())
        self.stdout.write(
            f"Antrean fakta bulanan diperbarui setiap {refresher.seconds} detik; "
            "hentikan dengan Ctrl+C.",
        )
        self.stdout.flush()
        try:
            refresher.drain()
            refresher.run()
        except KeyboardInterrupt:
            refresher.stop()
        self.stdout.write("Berhenti.")

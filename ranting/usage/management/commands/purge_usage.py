"""`manage.py purge_usage`: delete usage rows older than RANTING_USAGE_RETENTION_DAYS.

Run it daily (cron or a systemd timer); the middleware never deletes, so a report view stays one
INSERT.
"""

from django.core.management.base import BaseCommand

from ranting.usage.services import purge_expired, retention_days


class Command(BaseCommand):
    help = "Hapus catatan penggunaan laporan yang lebih tua dari masa simpan."

    def handle(self, *args, **options):
        days = retention_days()
        if days == 0:
            self.stdout.write("Masa simpan 0: catatan penggunaan disimpan selamanya.")
            return
        deleted = purge_expired()
        self.stdout.write(f"{deleted} catatan penggunaan lebih tua dari {days} hari dihapus.")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ranting.regions.loading import LoadError, load_posyandu


class Command(BaseCommand):
    help = "Load posyandu master data from a CSV file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("csv_path", type=Path)

    def handle(self, *args, csv_path: Path, **options):
        try:
            result = load_posyandu(csv_path)
        except LoadError as err:
            raise CommandError(str(err)) from err
        self.stdout.write(f"posyandu: {result.created} baru, {result.updated} diperbarui")

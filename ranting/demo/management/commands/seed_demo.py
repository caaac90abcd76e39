from django.core.management.base import BaseCommand, CommandError

from ranting.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Seed fictional Kota Bekasi demo data (empty database only) and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--per-kelurahan", type=int, default=3, help="posyandu per kelurahan")
        parser.add_argument("--per-posyandu", type=int, default=30, help="children per posyandu")
        parser.add_argument("--months", type=int, default=12)
        parser.add_argument("--seed", type=int, default=20260223)

    def handle(self, *args, **options):
        try:
            result = seed_demo(
                seed=options["seed"],
                per_kelurahan=options["per_kelurahan"],
                per_posyandu=options["per_posyandu"],
                months=options["months"],
            )
        except RuntimeError as err:
            raise CommandError(str(err)) from err
        self.stdout.write(
            f"{result.posyandu} posyandu, {result.children} anak, {result.measurements} pengukuran"
        )
        for role, username, password in result.logins:
            self.stdout.write(f"  {role:<22} {username:<12} {password}")

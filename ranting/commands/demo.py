"""`ranting demo`: migrate, seed Kota Bekasi demo data once, print the logins, serve the app."""

from __future__ import annotations

import argparse

HELP = "Start the demo on SQLite with seeded Kota Bekasi data (http://127.0.0.1:8000/)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to listen on")
    parser.add_argument("--no-serve", action="store_true", help="prepare the data, do not serve")


def run(args: argparse.Namespace) -> int:
    from ranting.commands import django_setup

    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    from ranting.demo.seed import DEMO_PASSWORD
    from ranting.regions.models import Posyandu

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if not Posyandu.objects.exists():
        print("Menyiapkan data demo Kota Bekasi (sekali saja)...", flush=True)
        call_command("seed_demo")
    else:
        print(
            f"Data demo sudah ada. Login: kader, adminkel, kecamatan, dinas, superadmin "
            f"— kata sandi {DEMO_PASSWORD}"
        )
    if args.no_serve:
        return 0
    print(f"RANTING demo: http://{args.addr}/", flush=True)
    call_command("runserver", args.addr, use_reloader=False)
    return 0

"""The `ranting` console script.

Each subcommand lives in `ranting/commands/<name>.py` and exposes `HELP`, `add_arguments(parser)`
and `run(args) -> int`. Commands that need Django call `ranting.commands.django_setup()` themselves,
so pure data commands such as `zscore` start fast and work without a database.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS: tuple[str, ...] = ("zscore", "demo", "import")
COMMANDS += ("backup", "restore", "fhir")  # backup; FHIR R4 export (ranting.interop)
COMMANDS += ("serve",)  # production server: gunicorn + WhiteNoise (docs/deployment.md)
# Commands whose module is named differently (`import` is a Python keyword).
MODULES = {"import": "import_register"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ranting", description="RANTING — Pelaporan Stunting Digital"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"ranting.commands.{MODULES.get(name, name)}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

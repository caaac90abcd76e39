"""`ranting fhir export|send`: FHIR R4 bundles of children and measurements (SATUSEHAT ids).

ranting fhir export --child ID | --posyandu ID [--month YYYY-MM] -o FILE.json
ranting fhir send FILE.json        (only when RANTING_FHIR_SEND_ENABLED=1)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

HELP = "Export a child or a posyandu as a validated FHIR R4 Bundle; send one when enabled."


def _month(value: str) -> dt.date:
    year, _, month = value.partition("-")
    try:
        return dt.date(int(year), int(month), 1)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"bulan harus ditulis TTTT-BB, misalnya 2025-06 (tertulis {value!r})"
        ) from err


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write a Bundle to a JSON file")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--child", type=int, metavar="ID", help="one child (its id in RANTING)")
    which.add_argument("--posyandu", type=int, metavar="ID", help="every child of a posyandu")
    export.add_argument("--month", type=_month, metavar="YYYY-MM", help="only this month")
    export.add_argument("-o", "--output", type=Path, required=True, help="target .json file")
    send = actions.add_parser("send", help="POST a Bundle file to RANTING_FHIR_BASE_URL")
    send.add_argument("file", type=Path, help="a Bundle written by `ranting fhir export`")


def _export(args: argparse.Namespace) -> int:
    from auditlog.signals import accessed

    from ranting.children.models import Child
    from ranting.interop.fhir import FhirExportError, child_bundle, posyandu_bundle, to_json
    from ranting.regions.models import Posyandu

    try:
        if args.child is not None:
            child = Child.objects.get(pk=args.child)
            bundle = child_bundle(child, args.month)
        else:
            posyandu = Posyandu.objects.get(pk=args.posyandu)
            bundle = posyandu_bundle(posyandu, args.month)
    except Child.DoesNotExist:
        print(f"Anak dengan id {args.child} tidak ada.")
        return 1
    except Posyandu.DoesNotExist:
        print(f"Posyandu dengan id {args.posyandu} tidak ada.")
        return 1
    except FhirExportError as err:
        print(err.message)
        return 1
    args.output.write_text(to_json(bundle), encoding="utf-8")
    for child in Child.objects.filter(pk__in=_patient_pks(bundle)):
        accessed.send(sender=Child, instance=child)  # audit: personal data left the system
    counts: dict[str, int] = {}
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    print(f"Bundle FHIR R4 valid tersimpan: {args.output} ({summary}).")
    return 0


def _patient_pks(bundle: dict) -> list[int]:
    from ranting.interop.fhir import system

    local = system("anak")
    return [
        int(identifier["value"])
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Patient"
        for identifier in entry["resource"].get("identifier", [])
        if identifier.get("system") == local
    ]


def _send(args: argparse.Namespace) -> int:
    from ranting.interop.fhir import FhirExportError
    from ranting.interop.send import SendFailed, SendRefused, send_bundle

    try:
        bundle = json.loads(args.file.read_text(encoding="utf-8"))
        result = send_bundle(bundle)
    except FileNotFoundError:
        print(f"Berkas {args.file} tidak ditemukan.")
        return 1
    except json.JSONDecodeError as err:
        print(f"Berkas {args.file} bukan JSON yang utuh (baris {err.lineno}).")
        return 1
    except (SendRefused, SendFailed) as err:
        print(err)
        return 1
    except FhirExportError as err:
        print(err.message)
        return 1
    where = f": {result.location}" if result.location else ""
    print(f"Bundle terkirim (HTTP {result.status}){where}.")
    return 0


def run(args: argparse.Namespace) -> int:
    from ranting.commands import django_setup

    django_setup()
    return _export(args) if args.action == "export" else _send(args)

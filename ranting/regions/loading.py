"""Load wilayah and posyandu master data from CSV (all-or-nothing, validated row by row)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ranting.regions.models import Posyandu, Region

# Kemendagri code shapes per level (Permendagri 58/2021): PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD.
CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    Region.Level.PROVINSI: re.compile(r"^\d{2}$"),
    Region.Level.KOTA: re.compile(r"^\d{2}\.\d{2}$"),
    Region.Level.KECAMATAN: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    Region.Level.KELURAHAN: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}
BUNDLED_BEKASI = Path(__file__).with_name("data") / "bekasi_wilayah.csv"


class LoadError(ValueError):
    """Raised with every bad row listed; nothing is written when it is raised."""


@dataclass
class LoadResult:
    created: int
    updated: int


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))
    except OSError as err:
        raise LoadError(f"Berkas tidak dapat dibaca: {path} ({err.strerror})") from err


def _parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def load_wilayah(path: Path) -> LoadResult:
    rows = _read_rows(path)
    missing = {"kode", "nama", "level"} - set(rows[0] if rows else {})
    if missing:
        raise LoadError(f"Kolom wajib tidak ada: {', '.join(sorted(missing))}")
    errors: list[str] = []
    known = set(Region.objects.values_list("code", flat=True))
    codes_in_file = {row["kode"].strip() for row in rows}
    for number, row in enumerate(rows, start=2):
        code, level = row["kode"].strip(), row["level"].strip().lower()
        if level not in CODE_PATTERNS:
            errors.append(f"baris {number}: level '{level}' tidak dikenal")
        elif not CODE_PATTERNS[level].match(code):
            errors.append(f"baris {number}: kode '{code}' tidak sesuai format {level}")
        parent = _parent_code(code)
        if parent and parent not in codes_in_file and parent not in known and len(parent) > 2:
            errors.append(f"baris {number}: induk '{parent}' dari '{code}' tidak ada")
        if not row["nama"].strip():
            errors.append(f"baris {number}: nama kosong")
    if errors:
        raise LoadError("; ".join(errors))
    created = updated = 0
    with transaction.atomic():
        for row in sorted(rows, key=lambda r: len(r["kode"].strip())):
            code = row["kode"].strip()
            parent = _parent_code(code)
            _, was_created = Region.objects.update_or_create(
                code=code,
                defaults={
                    "name": row["nama"].strip(),
                    "display_name": (row.get("nama_lazim") or "").strip(),
                    "level": row["level"].strip().lower(),
                    "parent_id": parent if parent and len(parent) > 2 else None,
                    "kota_code": code[:5],
                },
            )
            created += was_created
            updated += not was_created
    return LoadResult(created, updated)


def load_posyandu(path: Path) -> LoadResult:
    rows = _read_rows(path)
    missing = {"kode", "nama", "kelurahan"} - set(rows[0] if rows else {})
    if missing:
        raise LoadError(f"Kolom wajib tidak ada: {', '.join(sorted(missing))}")
    kelurahan = set(
        Region.objects.filter(level=Region.Level.KELURAHAN).values_list("code", flat=True)
    )
    errors = [
        f"baris {n}: kelurahan '{row['kelurahan']}' belum dimuat"
        for n, row in enumerate(rows, start=2)
        if row["kelurahan"].strip() not in kelurahan
    ]
    if errors:
        raise LoadError("; ".join(errors))
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            _, was_created = Posyandu.objects.update_or_create(
                code=row["kode"].strip(),
                defaults={
                    "name": row["nama"].strip(),
                    "kelurahan_id": row["kelurahan"].strip(),
                    "rw": (row.get("rw") or "").strip(),
                    "address": (row.get("alamat") or "").strip(),
                },
            )
            created += was_created
            updated += not was_created
    return LoadResult(created, updated)

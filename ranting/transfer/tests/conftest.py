"""Transfer fixtures: a fixed 'today', uploads under a temporary VAR_DIR, register files."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
import time_machine

TODAY = dt.date(2025, 6, 20)
HEADERS = ["NIK", "Nama", "JK", "Tgl Lahir", "Nama Ortu", "Posyandu", "Tgl Ukur", "BB", "TB",
           "Cara Ukur"]  # fmt: skip


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def write_csv(path, rows, headers=HEADERS, delimiter=";", encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


@pytest.fixture
def register(tmp_path):
    """register(rows, headers=HEADERS, name="register.csv") → path of a `;` CSV register."""

    def _register(rows, headers=HEADERS, name="register.csv", **kwargs):
        return write_csv(tmp_path / name, rows, headers, **kwargs)

    return _register


@pytest.fixture
def context(regions):
    """context(user=None, kelurahan="32.75.06.1001") → import Context (all posyandu if no user)."""
    from ranting.transfer.access import importable_posyandus
    from ranting.transfer.importer import import_posyandus
    from ranting.transfer.plan import Context

    def _context(user=None, kelurahan="32.75.06.1001"):
        kel = regions[kelurahan]
        posyandus = import_posyandus(kel)
        ids = (
            {p.pk for p in posyandus}
            if user is None
            else set(importable_posyandus(user, kel).values_list("pk", flat=True))
        )
        return Context(kel, posyandus, ids, user, TODAY)

    return _context


# A boy born 15 March 2024 (NIK day 15, month 03, year 24) at posyandu Mawar; Budi's weighings.
BUDI_NIK = "3275061503240001"
BUDI = [BUDI_NIK, "Budi Santoso", "L", "15/03/2024", "Siti Aminah", "Mawar"]

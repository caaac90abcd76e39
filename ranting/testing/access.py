"""What the role × region matrix tests share: the personas of the root conftest in one order,
the test tree's regions by name, and the expansion of a matrix into test cases."""

from __future__ import annotations

import pytest
from django.urls import reverse

# The order of the status lists in every MATRIX (personas of the root conftest's `people`).
PERSONAS = [
    "kader",
    "kader_b",
    "admin_kelurahan",
    "admin_other",
    "kecamatan",
    "kecamatan_other",
    "dinas",
    "superadmin",
]

# Regions of the root conftest's tree, by the names the matrices give their rows.
REGION_OF = {
    "kota": "32.75",
    "kecamatan_medansatria": "32.75.06",
    "kecamatan_bekasi_timur": "32.75.01",
    "kelurahan_medansatria": "32.75.06.1001",
    "kelurahan_kalibaru": "32.75.06.1004",
    "unknown_region": "32.99",
}
DOWNLOAD_FORMATS = ("csv", "xlsx")


def matrix_cases(matrix: dict, personas: list[str] = PERSONAS) -> list:
    """pytest params (row, persona, status) of a matrix: row → statuses in `personas` order, or
    row → (method, statuses)."""
    cases = []
    for row, value in matrix.items():
        statuses = value[-1] if isinstance(value, tuple) else value
        for persona, status in zip(personas, statuses, strict=True):
            cases.append(pytest.param(row, persona, status, id=f"{row}-{persona}"))
    return cases


def region_report_url(index: str, region_page: str, row: str) -> str:
    """The URL a region report's matrix row names: "index", a REGION_OF name, or such a name
    ending in _csv or _xlsx (the download in that format)."""
    if row == "index":
        return reverse(index)
    base, _sep, fmt = row.rpartition("_")
    if fmt in DOWNLOAD_FORMATS:
        return reverse(region_page, args=[REGION_OF[base]]) + f"?format={fmt}"
    return reverse(region_page, args=[REGION_OF[row]])

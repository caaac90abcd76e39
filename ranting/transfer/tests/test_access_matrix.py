"""Role × region matrix of every transfer view (404 invisible, 403 visible but not allowed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.testing.access import matrix_cases
from ranting.transfer import jobs
from ranting.transfer.models import ImportJob

# view → expected status per persona (same order as PERSONAS). The jobs belong to "kader".
MATRIX = {
    "index": [200, 200, 200, 200, 200, 200, 200, 200],
    "upload": [200, 200, 200, 200, 403, 403, 403, 200],
    "job": [200, 404, 404, 404, 403, 403, 403, 404],
    "columns": [200, 404, 404, 404, 403, 403, 403, 404],
    "status": [200, 404, 404, 404, 403, 403, 403, 404],
    "report": [200, 404, 404, 404, 403, 403, 403, 404],
    "save": [302, 404, 404, 404, 403, 403, 403, 404],
    "export": [200, 200, 200, 200, 200, 200, 200, 200],
    "download_posyandu_a": [200, 404, 200, 404, 200, 404, 200, 200],
    "download_kelurahan": [403, 404, 200, 404, 200, 404, 200, 200],
    "download_kecamatan": [404, 404, 404, 404, 200, 404, 200, 200],
    "download_kota": [404, 404, 404, 404, 404, 404, 200, 200],
}


@pytest.fixture
def kader_jobs(people, regions):
    """A checked job (with a report of refused rows) and a finished one, both the kader's."""
    make = {"user": people["kader"], "kelurahan": regions["32.75.06.1001"],
            "original_name": "r.csv", "headers": ["Nama"], "mapping": ["name"]}  # fmt: skip
    checked = ImportJob.objects.create(stored_name="a.csv", state="checked", **make)
    done = ImportJob.objects.create(stored_name="b.csv", state="done", **make)
    jobs.upload_path(checked).write_text("Nama\nBudi\n")
    jobs.report_path(checked).write_text("Baris;Hasil;Alasan\n")
    return {"checked": checked, "done": done}


def _request(client, view, regions, kader_jobs):
    checked, done = kader_jobs["checked"], kader_jobs["done"]
    match view:
        case "index" | "upload" | "export":
            return client.get(reverse(f"transfer:{view}"))
        case "job" | "columns" | "status" | "report":
            return client.get(reverse(f"transfer:{view}", args=[checked.pk]))
        case "save":
            return client.post(reverse("transfer:save", args=[done.pk]))
    unit = {
        "download_posyandu_a": f"p:{regions['posyandu_a'].pk}",
        "download_kelurahan": "r:32.75.06.1001",
        "download_kecamatan": "r:32.75.06",
        "download_kota": "r:32.75",
    }[view]
    return client.get(reverse("transfer:download"), {"unit": unit, "data": "anak", "format": "csv"})


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    matrix_cases(MATRIX),
)
def test_it_applies_the_role_region_matrix(
    regions, people, login, kader_jobs, view, persona, expected
):
    response = _request(login(people[persona]), view, regions, kader_jobs)
    assert response.status_code == expected


@pytest.mark.parametrize("view", list(MATRIX))
def test_it_sends_anonymous_users_to_login(regions, people, client, kader_jobs, view):
    response = _request(client, view, regions, kader_jobs)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]

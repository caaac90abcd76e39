"""The web import: upload → columns → check (background thread) → save → result and report."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.transfer import jobs
from ranting.transfer.models import ImportJob
from ranting.transfer.tests.conftest import HEADERS
from ranting.transfer.tests.test_import import BAD, GOOD


def csv_upload(rows, headers=HEADERS, name="register.csv"):
    lines = [";".join(headers)] + [";".join(row) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), "text/csv")


def upload(client, rows, **extra):
    return client.post(reverse("transfer:upload"), {"file": csv_upload(rows), **extra})


def mapping_post(job):
    return {f"col_{i}": key for i, key in enumerate(job.mapping)}


@pytest.fixture
def admin(people, login):
    return login(people["admin_kelurahan"])


@pytest.mark.django_db(transaction=True)
def test_the_whole_import_in_the_browser_flow(regions, people, login):
    client = login(people["admin_kelurahan"])
    response = upload(client, [*GOOD, BAD])
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:columns", args=[job.pk])
    assert job.headers == HEADERS
    assert job.kelurahan == regions["32.75.06.1001"]
    assert job.mapping == ["nik", "name", "sex", "birth_date", "mother_name", "posyandu",
                           "measured_on", "weight_kg", "lenhei_cm", "position"]  # fmt: skip

    page = client.get(reverse("transfer:columns", args=[job.pk]))
    assert page.status_code == 200
    assert "Budi Santoso" in page.content.decode()  # sample values under each column

    response = client.post(reverse("transfer:columns", args=[job.pk]), mapping_post(job))
    assert response.status_code == 302
    jobs.wait(job.pk)
    job.refresh_from_db()
    assert job.state == "checked"
    assert job.summary["rejected"] == 1
    assert job.summary["measurements_created"] == 5
    assert Measurement.objects.count() == 0  # checking writes nothing

    page = client.get(reverse("transfer:job", args=[job.pk])).content.decode()
    assert "Hasil pemeriksaan" in page
    assert '<td class="bad">X</td>' in page  # the refused cell is marked
    assert "JK: “X” bukan jenis kelamin" in page
    # Every refused row is listed (not only those among the first rows), with its reasons.
    assert job.problems == [
        {"number": 7, "outcome": "ditolak", "outcome_label": "ditolak",
         "reasons": [["JK", "“X” bukan jenis kelamin; isi L (laki-laki) atau P (perempuan)."]]}
    ]  # fmt: skip
    assert "<strong>JK</strong>: “X” bukan jenis kelamin" in page

    # Without "valid rows only" nothing is saved while a row is refused.
    response = client.post(reverse("transfer:save", args=[job.pk]), {}, follow=True)
    assert "Ada 1 baris ditolak" in response.content.decode()
    job.refresh_from_db()
    assert job.state == "checked"
    assert Measurement.objects.count() == 0

    client.post(reverse("transfer:save", args=[job.pk]), {"valid_only": "on"})
    jobs.wait(job.pk)
    job.refresh_from_db()
    assert job.state == "done"
    assert job.summary["written"]
    assert Child.objects.count() == 2
    assert Measurement.objects.count() == 5
    assert not jobs.upload_path(job).exists()  # the personal data file is gone

    page = client.get(reverse("transfer:job", args=[job.pk])).content.decode()
    assert "Hasil impor" in page
    assert "Pengukuran disimpan" in page
    report = client.get(reverse("transfer:report", args=[job.pk]))
    body = b"".join(report.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[1].startswith('7;ditolak;"JK: ')


@pytest.mark.django_db(transaction=True)
def test_the_status_view_reports_progress_as_json(regions, people, login):
    client = login(people["kader"])
    upload(client, GOOD[:3])
    job = ImportJob.objects.get()
    jobs.write_progress(jobs.progress_path(job), "baca", 250, 1000)
    ImportJob.objects.filter(pk=job.pk).update(state="checking")
    data = client.get(reverse("transfer:status", args=[job.pk])).json()
    assert data == {"state": "checking", "running": True, "phase": "baca",
                    "label": "Membaca dan memeriksa baris", "done": 250, "total": 1000,
                    "percent": 25}  # fmt: skip


def test_a_job_whose_thread_died_is_marked_failed(regions, people, login):
    client = login(people["kader"])
    upload(client, GOOD[:1])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state="saving")
    progress = jobs.progress_path(job)
    jobs.write_progress(progress, "simpan", 10, 100)
    old = time.time() - jobs.STALE_SECONDS - 5
    os.utime(progress, (old, old))
    page = client.get(reverse("transfer:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.state == "failed"
    assert "Tidak ada data yang tersimpan sebagian" in page


def test_an_unreadable_file_is_refused_on_the_upload_form(regions, admin):
    bad = SimpleUploadedFile("lama.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 50)
    page = admin.post(reverse("transfer:upload"), {"file": bad}).content.decode()
    assert "File Excel lama (.xls, Excel 97–2003) belum dapat dibaca" in page
    assert ImportJob.objects.count() == 0
    assert list(jobs.imports_dir().iterdir()) == []


def test_a_file_over_the_size_limit_is_refused(regions, admin, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0
    page = upload(admin, GOOD).content.decode()
    assert "File terlalu besar" in page
    assert ImportJob.objects.count() == 0


def test_the_column_step_explains_a_missing_required_column(regions, admin):
    upload(admin, GOOD)
    job = ImportJob.objects.get()
    data = mapping_post(job)
    data["col_3"] = ""  # no birth date column
    page = admin.post(reverse("transfer:columns", args=[job.pk]), data)
    assert page.status_code == 200
    assert "Pilih kolom untuk “Tanggal lahir” (wajib)." in page.content.decode()
    job.refresh_from_db()
    assert job.state == "uploaded"


def test_a_kader_with_one_posyandu_needs_no_kelurahan_choice(regions, people, login):
    page = login(people["kader"]).get(reverse("transfer:upload")).content.decode()
    assert 'type="hidden" name="kelurahan"' in page


def test_the_upload_page_lists_the_recognised_columns(regions, admin):
    page = admin.get(reverse("transfer:upload")).content.decode()
    assert "Berat badan (kg)" in page
    assert "bb, berat, berat badan" in page


def test_an_excel_upload_is_read(regions, admin):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append(GOOD[0])
    buffer = io.BytesIO()
    book.save(buffer)
    response = admin.post(
        reverse("transfer:upload"),
        {"file": SimpleUploadedFile("r.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert ImportJob.objects.get().preview[0][:2] == ["3275061503240001", "Budi Santoso"]

"""/penggunaan/: access by role, the page, its downloads and the retention purge."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ranting.testing.access import PERSONAS
from ranting.usage.models import ReportUsage

EXPECTED = [403, 403, 403, 403, 403, 403, 200, 200]
URLS = {"page": "", "xlsx": "?format=xlsx", "csv": "?format=csv"}


@pytest.mark.parametrize(
    ("view", "persona", "expected"),
    [
        pytest.param(view, persona, status, id=f"{view}-{persona}")
        for view in URLS
        for persona, status in zip(PERSONAS, EXPECTED, strict=True)
    ],
)
def test_it_applies_the_role_matrix(regions, people, login, view, persona, expected):
    response = login(people[persona]).get(reverse("usage:index") + URLS[view])
    assert response.status_code == expected


def test_it_sends_anonymous_users_to_login(client):
    response = client.get(reverse("usage:index"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_shows_the_months_figures(usage_rows, people, login):
    html = login(people["dinas"]).get(reverse("usage:index") + "?bulan=2025-05").content.decode()
    assert 'id="total-views">7<' in html
    assert 'id="total-downloads">2<' in html
    assert 'id="total-users">3<' in html
    assert "Kota Bekasi (32.75)" in html
    assert "F1/SKDN wilayah" in html
    assert "Medansatria (32.75.06)" in html
    assert "Catatan disimpan 730 hari" in html


def test_viewing_the_usage_page_is_not_itself_counted(usage_rows, people, login):
    before = ReportUsage.objects.count()
    login(people["dinas"]).get(reverse("usage:index") + "?bulan=2025-05&format=csv")
    assert ReportUsage.objects.count() == before


def test_the_xlsx_has_one_sheet_per_table(usage_rows, people, login):
    response = login(people["dinas"]).get(reverse("usage:index") + "?bulan=2025-05&format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="penggunaan_32.75_2025-05.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Per laporan",
        "Per peran",
        "Per wilayah",
        "Per bulan",
        "Pengguna teratas",
        "Unduhan",
    ]
    rows = [[c.value for c in r] for r in book["Per laporan"].iter_rows(min_row=5)]
    assert rows[0] == ["Laporan", "Dilihat", "Diunduh", "Jumlah", "Pengguna"]
    assert rows[1] == ["F1/SKDN wilayah", 3, 0, 3, 1]
    assert rows[2] == ["F1/SKDN posyandu", 1, 1, 2, 1]
    assert len(rows) == 6
    months = [[c.value for c in r] for r in book["Per bulan"].iter_rows(min_row=6)]
    assert months[-1] == ["2025-05", 7, 2, 9, 3]
    assert len(months) == 12


def test_the_csv_lists_the_months_rows_without_names(usage_rows, people, login):
    response = login(people["dinas"]).get(reverse("usage:index") + "?bulan=2025-05&format=csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["waktu", "user_id", "peran", "wilayah_pengguna", "laporan"]
    assert len(rows) == 1 + 9  # the nine May rows of Kota Bekasi, Bogor's excluded
    first = rows[1]
    # Oldest first: the recaps view at 00:30 WIB on 1 May.
    assert first[0] == "2025-05-01T00:30:00+07:00"
    assert first[1] == str(people["dinas"].pk)
    assert first[2:5] == ["dinas", "32.75", "recaps:index"]
    assert "dinas" not in [r[1] for r in rows[1:]]  # ids, not usernames
    kader_rows = [r for r in rows[1:] if r[2] == "kader"]
    assert sorted(r[8] for r in kader_rows) == ["lihat", "unduh"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?format=pdf", "Format unduhan: pilih 'xlsx' atau 'csv'."),
        ("?bulan=2025-13&format=csv", "Bulan laporan: tulis bulan dengan format TTTT-BB"),
    ],
)
def test_a_bad_download_request_says_which_field(regions, people, login, query, message):
    response = login(people["dinas"]).get(reverse("usage:index") + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_month_on_the_page_falls_back_to_this_month(usage_rows, people, login):
    html = login(people["dinas"]).get(reverse("usage:index") + "?bulan=kemarin").content.decode()
    assert "Bulan laporan: tulis bulan dengan format TTTT-BB" in html
    assert "Ditampilkan bulan ini." in html


def test_the_page_costs_the_same_queries_for_more_rows(usage_rows, people, login):
    client = login(people["dinas"])
    url = reverse("usage:index") + "?bulan=2025-05"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    count = len(few)
    extra = list(ReportUsage.objects.all())
    for row in extra:
        row.pk = None
        row.save()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == count


def test_purge_deletes_rows_older_than_the_retention(regions, people, settings):
    now = timezone.now()
    old = ReportUsage.objects.create(
        created_at=now - dt.timedelta(days=31), report="analysis:skdn", kind="lihat", format="html"
    )
    recent = ReportUsage.objects.create(
        created_at=now - dt.timedelta(days=29), report="analysis:skdn", kind="lihat", format="html"
    )
    settings.USAGE_RETENTION_DAYS = 0
    call_command("purge_usage", stdout=io.StringIO())
    assert ReportUsage.objects.count() == 2
    settings.USAGE_RETENTION_DAYS = 30
    out = io.StringIO()
    call_command("purge_usage", stdout=out)
    assert list(ReportUsage.objects.all()) == [recent]
    assert not ReportUsage.objects.filter(pk=old.pk).exists()
    assert "1 catatan" in out.getvalue()

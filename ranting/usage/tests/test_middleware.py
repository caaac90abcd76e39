"""The usage middleware records successful report views and downloads, and nothing else."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ranting.usage.models import ReportUsage

MIDDLEWARE = "ranting.usage.middleware.UsageMiddleware"
BULAN = "?bulan=2025-05"


def test_it_records_a_page_view_with_the_user_role_and_regions(regions, people, login):
    url = reverse("analysis:skdn_region", args=["32.75.06"])
    response = login(people["kecamatan"]).get(url + BULAN)
    assert response.status_code == 200
    row = ReportUsage.objects.get()
    assert row.user == people["kecamatan"]
    assert row.role == "kecamatan"
    assert row.user_region_code == "32.75.06"
    assert row.region_code == "32.75.06"
    assert row.kota_code == "32.75"
    assert row.posyandu_id is None
    assert row.report == "analysis:skdn_region"
    assert (row.kind, row.format) == ("lihat", "html")


def test_it_records_a_csv_download_of_a_posyandu_page(regions, people, login):
    posyandu = regions["posyandu_a"]
    url = reverse("analysis:skdn_posyandu", args=[posyandu.pk])
    response = login(people["kader"]).get(url + BULAN + "&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    row = ReportUsage.objects.get()
    assert (row.kind, row.format) == ("unduh", "csv")
    assert row.posyandu_id == posyandu.pk
    assert row.role == "kader"
    # A kader has no region; the posyandu names the kota when the page is counted.
    assert (row.user_region_code, row.region_code, row.kota_code) == ("", "", "")


def test_it_records_an_xlsx_download(regions, people, login):
    url = reverse("analysis:prevalence_region", args=["32.75"])
    response = login(people["dinas"]).get(url + BULAN + "&format=xlsx")
    assert response.status_code == 200
    row = ReportUsage.objects.get()
    assert (row.kind, row.format, row.report) == ("unduh", "xlsx", "analysis:prevalence_region")


def test_each_report_namespace_counts(regions, people, login):
    client = login(people["dinas"])
    for name, args in [
        ("dashboards:region", ["32.75"]),
        ("recaps:index", []),
        ("analysis:prevalence_region", ["32.75.01"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200
    assert sorted(ReportUsage.objects.values_list("report", "region_code")) == [
        ("analysis:prevalence_region", "32.75.01"),
        ("dashboards:region", "32.75"),
        ("recaps:index", ""),
    ]


@pytest.mark.parametrize(
    ("persona", "name", "args", "status"),
    [
        ("kecamatan_other", "analysis:skdn_region", ["32.75.06"], 404),
        ("kader", "analysis:skdn_region", ["32.75.06.1001"], 403),
        ("kader", "analysis:prevalence", [], 403),
    ],
)
def test_it_ignores_failed_requests(regions, people, login, persona, name, args, status):
    response = login(people[persona]).get(reverse(name, args=args))
    assert response.status_code == status
    assert not ReportUsage.objects.exists()


def test_it_ignores_redirects_and_anonymous_visits(regions, people, client, login):
    assert client.get(reverse("analysis:skdn_region", args=["32.75"])).status_code == 302
    # The SKDN start page sends a dinas user on to the kota page: only the page itself counts.
    response = login(people["dinas"]).get(reverse("analysis:skdn"), follow=True)
    assert response.redirect_chain
    assert list(ReportUsage.objects.values_list("report", flat=True)) == ["analysis:skdn_region"]


def test_it_ignores_a_bad_download_request(regions, people, login):
    url = reverse("analysis:skdn_region", args=["32.75"])
    response = login(people["dinas"]).get(url + "?bulan=2025-13&format=xlsx")
    assert response.status_code == 400
    assert not ReportUsage.objects.exists()


def test_it_ignores_pages_that_are_not_reports(regions, people, login):
    kader = login(people["kader"])
    assert kader.get(reverse("guide:index")).status_code == 200
    assert kader.get(reverse("children:list")).status_code == 200
    assert not ReportUsage.objects.exists()


def test_it_ignores_static_files(regions, people, login):
    response = login(people["dinas"]).get(settings.STATIC_URL + "css/ranting.css")
    assert response.status_code in (200, 404)
    assert not ReportUsage.objects.exists()


def test_it_ignores_a_chart_image_inside_a_report_page(regions, people, login, make_child):
    child = make_child()
    url = reverse("dashboards:growth_chart", args=[child.pk, "wfa"])
    response = login(people["kader"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert not ReportUsage.objects.exists()


def test_it_ignores_post_requests(regions, people, login):
    # The report pages only answer GET; a POST is refused and never counted.
    response = login(people["dinas"]).post(reverse("analysis:skdn_region", args=["32.75"]))
    assert response.status_code == 405
    assert not ReportUsage.objects.exists()


def test_it_costs_one_insert(regions, people, login, settings):
    client = login(people["dinas"])
    url = reverse("analysis:skdn_region", args=["32.75"]) + BULAN
    client.get(url)  # warm caches (session, content types) before counting
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Copied now: the next request outside a capture resets Django's query log.
    with_usage = [q["sql"] for q in captured]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    # A new client builds its middleware chain from the changed setting.
    plain = Client()
    plain.force_login(people["dinas"])
    plain.get(url)
    with CaptureQueriesContext(connection) as captured:
        plain.get(url)
    without_usage = [q["sql"] for q in captured]
    inserts = [sql for sql in with_usage if 'INSERT INTO "usage_reportusage"' in sql]
    assert len(inserts) == 1
    # The test runs inside a transaction, so the INSERT is wrapped in a savepoint (two more
    # statements); a real request runs in autocommit and costs the INSERT alone.
    savepoints = [sql for sql in with_usage if "SAVEPOINT" in sql]
    assert len(savepoints) == 2
    assert len(with_usage) - len(without_usage) == 1 + len(savepoints)


@pytest.mark.django_db(transaction=True)
def test_a_failing_insert_never_breaks_the_page(regions, people, client, caplog):
    client.force_login(people["dinas"])
    url = reverse("analysis:skdn_region", args=["32.75"]) + BULAN
    with connection.schema_editor() as editor:
        editor.delete_model(ReportUsage)
    try:
        with caplog.at_level(logging.ERROR, logger="ranting.usage.middleware"):
            response = client.get(url)
    finally:
        with connection.schema_editor() as editor:
            editor.create_model(ReportUsage)
    assert response.status_code == 200
    assert "Laporan F1/SKDN" in response.content.decode()
    assert "could not record" in caplog.text
    assert not ReportUsage.objects.exists()


def test_review_pages_and_their_excel_are_counted(regions, people, login):
    from ranting.review.models import ReviewYear

    review = ReviewYear.objects.create(kota_code="32.75", year=2024)
    client = login(people["kecamatan"])
    assert client.get(reverse("review:matrix", args=[review.pk])).status_code == 200
    url = reverse("review:matrix", args=[review.pk]) + "?format=xlsx"
    assert client.get(url).status_code == 200
    # The review's edit pages are not reports; kecamatan may not open them anyway (403).
    assert client.get(reverse("review:edit", args=[review.pk])).status_code == 403
    rows = ReportUsage.objects.order_by("id")
    assert [(r.report, r.kind, r.format, r.kota_code) for r in rows] == [
        ("review:matrix", "lihat", "html", "32.75"),
        ("review:matrix", "unduh", "xlsx", "32.75"),
    ]


def test_forms_of_a_report_app_are_not_counted(regions, people, login):
    from ranting.review.models import ReviewYear

    review = ReviewYear.objects.create(kota_code="32.75", year=2024)
    client = login(people["dinas"])
    for name, args in [
        ("review:create", []),
        ("review:edit", [review.pk]),
        ("review:row_create", [review.pk]),
        ("review:delete", [review.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200
    assert not ReportUsage.objects.exists()
    client.get(reverse("review:index"))
    assert list(ReportUsage.objects.values_list("report", flat=True)) == ["review:index"]


def _token_client(user) -> Client:
    from ranting.api.tokens import create_token

    _row, raw = create_token(user, "uji")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_an_api_report_read_with_a_token_is_a_json_download(regions, people, settings):
    settings.API_RATE_USER = ""
    response = _token_client(people["dinas"]).get("/api/v1/aggregates/prevalence?region=32.75.06")
    assert response.status_code == 200
    row = ReportUsage.objects.get()
    assert row.user == people["dinas"]
    assert (row.role, row.user_region_code) == ("dinas", "32.75")
    assert (row.report, row.kind, row.format) == ("api_v1:prevalence", "unduh", "json")
    assert (row.region_code, row.kota_code, row.posyandu_id) == ("32.75.06", "32.75", None)


def test_an_api_skdn_read_of_a_posyandu_names_the_posyandu(regions, people, settings):
    settings.API_RATE_USER = ""
    posyandu = regions["posyandu_a"]
    response = _token_client(people["kader"]).get(f"/api/v1/aggregates/skdn?posyandu={posyandu.pk}")
    assert response.status_code == 200
    row = ReportUsage.objects.get()
    assert (row.report, row.user, row.posyandu_id) == (
        "api_v1:skdn_aggregate",
        people["kader"],
        posyandu.pk,
    )


def test_api_calls_that_fail_or_are_not_reports_are_not_counted(regions, people, settings):
    settings.API_RATE_USER = ""
    client = _token_client(people["kader"])
    assert client.get("/api/v1/children").status_code == 200
    # Another kader's posyandu: refused, so nothing was read.
    other = regions["posyandu_b"]
    assert client.get(f"/api/v1/aggregates/skdn?posyandu={other.pk}").status_code == 404
    assert Client().get("/api/v1/aggregates/prevalence").status_code == 401
    assert not ReportUsage.objects.exists()

"""Another region's data through every endpoint: 404 (invisible) or 403 (visible, not allowed).

The objects all belong to posyandu Mawar (kelurahan Medansatria, kecamatan Medansatria) or to
the kota (review, publication). The three outsiders work elsewhere: a kader of another
posyandu, the admin of another kelurahan, the officer of another kecamatan. Every URL pattern
with a parameter (pages and /api/v1/, signed in with the browser session) must be listed in
CASES, so a new endpoint cannot escape this test; writes must leave the database unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ranting.api.tokens import create_token
from ranting.audit.models import LogEntry
from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.measurements.services import record_measurement
from ranting.publication.models import PublicationSnapshot
from ranting.publication.rounds import Round
from ranting.publication.services import freeze
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Region
from ranting.review.models import ReviewRow, ReviewYear
from ranting.transfer.jobs import report_path
from ranting.transfer.models import ImportJob

OUTSIDERS = ["kader_b", "admin_other", "kecamatan_other"]
NIK = "3275061503240001"
AUG = dt.date(2025, 8, 1)
# Patterns with a parameter that are public on purpose (no region data behind the parameter).
PUBLIC = {
    "guide:topic",  # the in-app guide
    "publication:public",  # published figures with small-cell suppression (Aksi 7)
    "publication:public_pdf",
    "publication:public_version",
    "publication:public_version_pdf",
    "api_v1:None",  # the API's catch-all that answers 404 in JSON
}
# Tables whose rows an outsider's request must not change.
WATCHED = [
    "children.Child",
    "children.ChildTransfer",
    "measurements.Measurement",
    "measurements.MeasurementRevision",
    "recaps.MonthlyReport",
    "recaps.ReportEvent",
    "review.ReviewYear",
    "review.ReviewRow",
    "publication.PublicationSnapshot",
    "transfer.ImportJob",
    "ranting_api.ApiToken",
]


@pytest.fixture
def world(regions, people, make_child, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    child = make_child(name="Anak Mawar", nik=NIK)
    weighing = {
        "measured_on": last_month,
        "weight_kg": Decimal("11.0"),
        "lenhei_cm": Decimal("84"),
        "position": "h",
    }
    measurement = record_measurement(child, people["kader"], weighing)
    report = MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=last_month.replace(day=1), status="submitted"
    )
    # Review and publication belong to a whole kota, readable by everyone working in it: the
    # outsiders' case is another kota's (Kabupaten Bekasi), with a real frozen payload.
    Region.objects.create(code="32.16", name="Kabupaten Bekasi", level="kota", kota_code="32.16")
    review = ReviewYear.objects.create(kota_code="32.16", year=2025)
    row = ReviewRow.objects.create(
        review=review, kota_code="32.16", section="A", indicator="Balita ditimbang", opd="Dinkes"
    )
    MonthlyReport.objects.create(posyandu=regions["posyandu_a"], period=AUG, status="approved")
    Measurement.objects.create(
        child=child, posyandu=child.posyandu, period=AUG, measured_on=AUG.replace(day=10),
        weight_kg=Decimal("10.5"), age_months=16, zlen=0.0, zwei=0.0, zwfl=0.0,
    )  # fmt: skip
    frozen = freeze(people["dinas"], regions["kota"], Round(2025, 8))
    snapshot = PublicationSnapshot.objects.create(
        kota_code="32.16", year=2025, month=8, version=1, payload=frozen.payload,
        checksum=frozen.checksum,
    )  # fmt: skip
    job = ImportJob.objects.create(
        user=people["kader"],
        kelurahan=regions["32.75.06.1001"],
        original_name="register.csv",
        stored_name="tidak-ada.csv",
    )
    report_path(job).write_text(f"Nama;NIK;Alasan\nAnak Mawar;{NIK};tanggal lahir\n")
    token, _raw = create_token(people["kader"], "ponsel kader")
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Child), object_pk=str(child.pk)
    ).first()
    return {
        "child": child,
        "m": measurement,
        "report": report,
        "posyandu": regions["posyandu_a"],
        "review": review,
        "row": row,
        "snapshot": snapshot,
        "job": job,
        "token": token,
        "entry": entry,
    }


def _recap(name, w):
    return reverse(name, args=[w["posyandu"].pk, w["report"].period.strftime("%Y-%m")])


ROUND = {"tahun": "2025", "ronde": "8"}
# name → (method, url builder, data). Data of POSTs is valid input, so only access can refuse.
CASES = {
    "children:detail": ("get", lambda w: reverse("children:detail", args=[w["child"].pk]), {}),
    "children:edit": ("post", lambda w: reverse("children:edit", args=[w["child"].pk]),
                      {"name": "Diubah", "sex": "L", "birth_date": "2024-03-15",
                       "mother_name": "Ibu"}),
    "children:move": ("post", lambda w: reverse("children:move", args=[w["child"].pk]),
                      {"posyandu": "1", "reason": "pindah"}),
    "children:deactivate": ("post", lambda w: reverse("children:deactivate", args=[w["child"].pk]),
                            {"reason": "pindah", "note": "uji"}),
    "children:reactivate": ("post", lambda w: reverse("children:reactivate", args=[w["child"].pk]),
                            {}),
    "measurements:create": ("post", lambda w: reverse("measurements:create", args=[w["child"].pk]),
                            {"measured_on": timezone.localdate().isoformat(), "weight_kg": "11.2"}),
    "measurements:result": ("get", lambda w: reverse("measurements:result", args=[w["m"].pk]), {}),
    "measurements:correct": ("post", lambda w: reverse("measurements:correct", args=[w["m"].pk]),
                             {"weight_kg": "11.3", "reason": "salah ketik"}),
    "recaps:detail": ("get", lambda w: _recap("recaps:detail", w), {}),
    "recaps:submit": ("post", lambda w: _recap("recaps:submit", w), {}),
    "recaps:return": ("post", lambda w: _recap("recaps:return", w), {"comment": "cek lagi"}),
    "recaps:approve": ("post", lambda w: _recap("recaps:approve", w), {}),
    "recaps:reopen": ("post", lambda w: _recap("recaps:reopen", w), {"reason": "salah"}),
    "dashboards:region": ("get", lambda w: reverse("dashboards:region", args=["32.75.06.1001"]),
                          {}),
    "dashboards:posyandu": ("get", lambda w: reverse("dashboards:posyandu",
                                                     args=[w["posyandu"].pk]), {}),
    "dashboards:growth_chart": ("get", lambda w: reverse("dashboards:growth_chart",
                                                         args=[w["child"].pk, "wfa"]), {}),
    "analysis:skdn_region": ("get", lambda w: reverse("analysis:skdn_region",
                                                      args=["32.75.06.1001"]), {}),
    "analysis:skdn_posyandu": ("get", lambda w: reverse("analysis:skdn_posyandu",
                                                        args=[w["posyandu"].pk]), {}),
    "analysis:prevalence_region": ("get", lambda w: reverse("analysis:prevalence_region",
                                                            args=["32.75.06.1001"]), {}),
    "analysis:lokus_region": ("get", lambda w: reverse("analysis:lokus_region",
                                                       args=["32.75.06"]), {}),
    "quality:region": ("get", lambda w: reverse("quality:region", args=["32.75.06.1001"]), {}),
    "publication:round": ("get", lambda w: reverse("publication:round", args=["32.75.06"]),
                          ROUND),
    "publication:freeze": ("post", lambda w: reverse("publication:freeze", args=["32.75"]),
                           {**ROUND, "aksi": "terbitkan"}),
    "publication:version": ("get", lambda w: reverse("publication:version",
                                                     args=[w["snapshot"].pk]), {}),
    "publication:version_pdf": ("get", lambda w: reverse("publication:version_pdf",
                                                         args=[w["snapshot"].pk]), {}),
    "publication:publish": ("post", lambda w: reverse("publication:publish",
                                                      args=[w["snapshot"].pk]), {}),
    "publication:withdraw": ("post", lambda w: reverse("publication:withdraw",
                                                       args=[w["snapshot"].pk]),
                             {"alasan": "uji"}),
    "review:matrix": ("get", lambda w: reverse("review:matrix", args=[w["review"].pk]), {}),
    "review:edit": ("post", lambda w: reverse("review:edit", args=[w["review"].pk]),
                    {"year": "2025", "notes": "diubah"}),
    "review:delete": ("post", lambda w: reverse("review:delete", args=[w["review"].pk]), {}),
    "review:row_create": ("post", lambda w: reverse("review:row_create", args=[w["review"].pk]),
                          {"section": "A", "indicator": "Baru", "opd": "Dinkes"}),
    "review:row_edit": ("post", lambda w: reverse("review:row_edit",
                                                  args=[w["review"].pk, w["row"].pk]),
                        {"section": "A", "indicator": "Diubah", "opd": "Dinkes"}),
    "review:row_delete": ("post", lambda w: reverse("review:row_delete",
                                                    args=[w["review"].pk, w["row"].pk]), {}),
    "review:row_fill": ("post", lambda w: reverse("review:row_fill",
                                                  args=[w["review"].pk, w["row"].pk]), {}),
    "transfer:job": ("get", lambda w: reverse("transfer:job", args=[w["job"].pk]), {}),
    "transfer:columns": ("post", lambda w: reverse("transfer:columns", args=[w["job"].pk]), {}),
    "transfer:status": ("get", lambda w: reverse("transfer:status", args=[w["job"].pk]), {}),
    "transfer:save": ("post", lambda w: reverse("transfer:save", args=[w["job"].pk]), {}),
    "transfer:report": ("get", lambda w: reverse("transfer:report", args=[w["job"].pk]), {}),
    "audit:detail": ("get", lambda w: reverse("audit:detail", args=[w["entry"].pk]), {}),
    "interop:child_export": ("get", lambda w: reverse("interop:child_export",
                                                      args=[w["child"].pk]), {}),
    "api:revoke": ("post", lambda w: reverse("api:revoke", args=[w["token"].pk]), {}),
    # JSON API through the browser session (the offline form's way in).
    "api_v1:get_region": ("get", lambda w: "/api/v1/regions/32.75.06.1001", {}),
    "api_v1:get_child": ("get", lambda w: f"/api/v1/children/{w['child'].pk}", {}),
    "api_v1:update_child": ("patch", lambda w: f"/api/v1/children/{w['child'].pk}",
                            {"address": "Jl. Lain"}),
    "api_v1:get_measurement": ("get", lambda w: f"/api/v1/measurements/{w['m'].pk}", {}),
    "api_v1:correct_measurement": ("patch", lambda w: f"/api/v1/measurements/{w['m'].pk}",
                                   {"client_id": "16fd2706-8baf-433b-82eb-8c7fada847da",
                                    "weight_kg": 11.4, "reason": "salah ketik"}),
    "api_v1:get_recap": ("get", lambda w: f"/api/v1/recaps/{w['report'].pk}", {}),
    "api_v1:submit_recap": ("post", lambda w: f"/api/v1/recaps/{w['report'].pk}/submit", {}),
    "api_v1:return_recap": ("post", lambda w: f"/api/v1/recaps/{w['report'].pk}/return",
                            {"comment": "cek"}),
    "api_v1:approve_recap": ("post", lambda w: f"/api/v1/recaps/{w['report'].pk}/approve", {}),
    "api_v1:reopen_recap": ("post", lambda w: f"/api/v1/recaps/{w['report'].pk}/reopen",
                            {"reason": "salah"}),
}  # fmt: skip
# Endpoints that name the other region's object in the query or body instead of the path.
BODY_CASES = {
    "children:list": ("get", lambda w: reverse("children:list"),
                      lambda w: {"posyandu": w["posyandu"].pk}),
    "transfer:download": ("get", lambda w: reverse("transfer:download"),
                          lambda w: {"unit": f"p:{w['posyandu'].pk}", "data": "anak",
                                     "format": "csv"}),
    "api_v1:create_child": ("post", lambda w: "/api/v1/children",
                            lambda w: {"client_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
                                       "posyandu_id": w["posyandu"].pk, "name": "Baru",
                                       "sex": "P", "birth_date": "2025-01-02",
                                       "mother_name": "Ibu"}),
    "api_v1:create_measurement": ("post", lambda w: "/api/v1/measurements",
                                  lambda w: {"client_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                                             "child_id": w["child"].pk,
                                             "measured_on": timezone.localdate().isoformat(),
                                             "weight_kg": 11.2}),
    "api_v1:open_recap": ("post", lambda w: "/api/v1/recaps",
                          lambda w: {"posyandu_id": w["posyandu"].pk,
                                     "period": w["report"].period.strftime("%Y-%m")}),
    "api_v1:skdn_aggregate": ("get", lambda w: "/api/v1/aggregates/skdn",
                              lambda w: {"posyandu": w["posyandu"].pk}),
    "api_v1:prevalence": ("get", lambda w: "/api/v1/aggregates/prevalence",
                          lambda w: {"region": "32.75.06.1001"}),
}  # fmt: skip


def _patterns(resolvers, namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _patterns(entry.url_patterns, inner if entry.namespace else namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield name, str(entry.pattern)


def test_every_endpoint_with_a_parameter_is_covered():
    with_parameter = {
        name for name, pattern in _patterns(get_resolver().url_patterns) if "<" in pattern
    }
    assert with_parameter - PUBLIC - set(CASES) == set()
    assert set(CASES) - with_parameter == set()  # no stale names


def _fingerprint() -> dict[str, list[dict]]:
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in WATCHED}


def _send(client, method, url, data):
    if url.startswith("/api/"):
        body = json.dumps(data, default=str)
        return client.generic(method.upper(), url + _query(method, data), body,
                              "application/json")  # fmt: skip
    return getattr(client, method)(url, data)


def _query(method, data):
    if method != "get" or not data:
        return ""
    return "?" + "&".join(f"{k}={v}" for k, v in data.items())


ALL = {**{k: (m, u, lambda w, d=d: d) for k, (m, u, d) in CASES.items()}, **BODY_CASES}


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(ALL))
def test_an_outsider_gets_403_or_404_and_changes_nothing(world, people, login, name, persona):
    method, url, data = ALL[name]
    before = _fingerprint()

    response = _send(login(people[persona]), method, url(world), data(world))

    assert response.status_code in (403, 404), (name, persona, response.status_code)
    assert _fingerprint() == before
    assert NIK not in response.content.decode(errors="replace")


READS = sorted(name for name, (method, _url, _data) in ALL.items() if method == "get")


# Import jobs are their uploader's own, not even the superadmin's.
OWNER = {"transfer:job": "kader", "transfer:status": "kader", "transfer:report": "kader"}


@pytest.mark.parametrize("name", READS)
def test_the_same_reads_work_for_those_allowed(world, people, login, name):
    # Proves the URLs above address real objects: the refusals come from the access rules.
    method, url, data = ALL[name]
    insider = people[OWNER.get(name, "superadmin")]

    response = _send(login(insider), method, url(world), data(world))

    assert response.status_code in (200, 302), (name, response.status_code)

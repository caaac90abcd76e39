"""/recaps: open a month's report, the workflow transitions, idempotent by state."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ranting.api.tests.conftest import measurement_body
from ranting.recaps.models import MonthlyReport, ReportEvent


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def open_report(api, regions, persona="kader") -> dict:
    response = api(persona).post(
        "/recaps", {"posyandu_id": regions["posyandu_a"].pk, "period": this_month()}
    )
    assert response.status_code in {200, 201}
    return response.json()


def test_opening_a_month_creates_the_draft_once(api, regions):
    first = api("kader").post(
        "/recaps", {"posyandu_id": regions["posyandu_a"].pk, "period": this_month()}
    )
    again = api("kader").post(
        "/recaps", {"posyandu_id": regions["posyandu_a"].pk, "period": this_month()}
    )

    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["status"] == "draft"
    assert first.json()["available_actions"] == ["submit"]
    assert MonthlyReport.objects.count() == 1


def test_a_future_month_cannot_be_opened(api, regions):
    next_month = (timezone.localdate().replace(day=28) + dt.timedelta(days=5)).strftime("%Y-%m")

    response = api("kader").post(
        "/recaps", {"posyandu_id": regions["posyandu_a"].pk, "period": next_month}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "period"


def test_the_workflow_runs_and_repeats_change_nothing(api, regions, make_child):
    child = make_child()
    api("kader").post("/measurements", measurement_body(child))
    report = open_report(api, regions)
    assert report["summary"]["d"] == 1
    assert report["summary"]["s"] == 1

    submitted = api("kader").post(f"/recaps/{report['id']}/submit")
    submitted_again = api("kader").post(f"/recaps/{report['id']}/submit")
    returned = api("admin_kelurahan").post(
        f"/recaps/{report['id']}/return", {"comment": "Berat anak Uji dicek lagi"}
    )
    resubmitted = api("kader").post(f"/recaps/{report['id']}/submit")
    approved = api("admin_kelurahan").post(f"/recaps/{report['id']}/approve", {})
    approved_again = api("admin_kelurahan").post(f"/recaps/{report['id']}/approve", {})

    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["changed"] is True
    assert submitted_again.status_code == 200
    assert submitted_again.json()["changed"] is False
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_comment"] == "Berat anak Uji dicek lagi"
    assert resubmitted.json()["status"] == "submitted"
    assert approved.json()["status"] == "approved"
    assert approved.json()["locked"] is True
    assert approved.json()["approved_by"] == "admin_kel"
    assert approved_again.json()["changed"] is False
    kinds = list(ReportEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "approved"]
    assert [e["kind"] for e in approved.json()["events"]] == kinds


def test_reopening_needs_a_reason_and_unlocks(api, regions, make_child):
    report = open_report(api, regions)
    api("kader").post(f"/recaps/{report['id']}/submit")
    api("admin_kelurahan").post(f"/recaps/{report['id']}/approve", {})

    no_reason = api("admin_kelurahan").post(f"/recaps/{report['id']}/reopen", {"reason": " "})
    reopened = api("admin_kelurahan").post(
        f"/recaps/{report['id']}/reopen", {"reason": "ada anak belum dicatat"}
    )
    child = make_child()
    measured = api("kader").post("/measurements", measurement_body(child))

    assert no_reason.status_code == 422
    assert no_reason.json()["field"] == "reason"
    assert no_reason.json()["message"] == "Alasan: wajib diisi."
    assert reopened.json()["status"] == "returned"
    assert reopened.json()["locked"] is False
    assert measured.status_code == 201


def test_a_wrong_transition_is_a_conflict(api, regions):
    report = open_report(api, regions)

    response = api("admin_kelurahan").post(f"/recaps/{report['id']}/approve", {})

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert "Diisi kader" in response.json()["message"]


def test_returning_needs_a_comment(api, regions):
    report = open_report(api, regions)
    api("kader").post(f"/recaps/{report['id']}/submit")

    response = api("admin_kelurahan").post(f"/recaps/{report['id']}/return", {})

    assert response.status_code == 422
    assert response.json()["field"] == "comment"


def test_the_list_filters_by_status_and_period(api, regions):
    report = open_report(api, regions)
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a2"], period=timezone.localdate().replace(day=1)
    )
    api("kader").post(f"/recaps/{report['id']}/submit")

    submitted = api("admin_kelurahan").get("/recaps", {"status": "submitted"}).json()
    month = api("admin_kelurahan").get("/recaps", {"period": this_month()}).json()
    kader = api("kader").get("/recaps").json()

    assert [r["id"] for r in submitted["items"]] == [report["id"]]
    assert month["count"] == 2
    assert [r["posyandu_id"] for r in kader["items"]] == [regions["posyandu_a"].pk]


def test_approving_needs_no_body(api, regions):
    report = open_report(api, regions)
    api("kader").post(f"/recaps/{report['id']}/submit")

    response = api("admin_kelurahan").client.post(
        f"/api/v1/recaps/{report['id']}/approve", content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "approved"

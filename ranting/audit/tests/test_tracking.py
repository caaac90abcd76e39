"""Each create or change of a child, measurement, user, posyandu or report is recorded."""

import datetime as dt

from django.urls import reverse

from ranting.audit.models import LogEntry
from ranting.audit.tests.conftest import entries_for, regions_of, weighing
from ranting.children import services as children
from ranting.children.models import Child, ChildTransfer
from ranting.children.tests.conftest import child_data
from ranting.measurements.models import Measurement
from ranting.measurements.services import correct_measurement
from ranting.recaps import services as recaps
from ranting.recaps.models import MonthlyReport, ReportEvent

KALIBARU = "32.75.06.1004"
MEDANSATRIA = "32.75.06.1001"
CREATE, UPDATE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE


def test_it_records_a_registration_through_the_page_with_the_actor_and_region(
    people, login, regions
):
    data = child_data(posyandu=regions["posyandu_a"].pk, nik="3275061503240001")
    login(people["kader"]).post(reverse("children:create"), data)
    child = Child.objects.get()
    [entry] = entries_for(child)
    assert entry.action == CREATE
    assert entry.actor == people["kader"]
    assert entry.changes["name"] == ["None", "Budi Santoso"]
    assert entry.changes["nik"] == ["None", "3275061503240001"]
    assert regions_of(entry) == [MEDANSATRIA]


def test_it_records_an_edit_as_old_and_new_values_without_updated_at(people, login, make_child):
    child = make_child(name="Anak Uji")
    data = child_data(name="Anak Baru", birth_date="2024-03-15", sex="L", mother_name="Ibu Uji")
    login(people["kader"]).post(reverse("children:edit", args=[child.pk]), data)
    entry = entries_for(child)[-1]
    assert entry.action == UPDATE
    assert entry.actor == people["kader"]
    assert entry.changes["name"] == ["Anak Uji", "Anak Baru"]
    assert "updated_at" not in entry.changes
    assert regions_of(entry) == [MEDANSATRIA]


def test_it_shows_a_move_to_both_kelurahan(people, make_child, regions):
    child = make_child()
    children.move_child(child, people["kader"], regions["posyandu_b"], "pindah rumah")
    moved = entries_for(child)[-1]
    assert moved.changes["posyandu"] == [
        str(regions["posyandu_a"].pk),
        str(regions["posyandu_b"].pk),
    ]
    assert regions_of(moved) == [MEDANSATRIA, KALIBARU]
    [transfer] = entries_for(ChildTransfer.objects.get())
    assert regions_of(transfer) == [MEDANSATRIA, KALIBARU]


def test_it_records_a_deactivation(people, make_child):
    child = make_child()
    children.deactivate_child(child, people["kader"], "pindah ke luar kota")
    entry = entries_for(child)[-1]
    assert entry.changes["is_active"] == ["True", "False"]
    assert entry.changes["inactive_reason"] == ["", "pindah ke luar kota"]


def test_it_records_the_later_months_a_correction_recomputes(people, make_child, record):
    child = make_child()  # born 2024-03-15: 13 months in May 2025, KBM 200 g (Buku KIA)
    may = record(child, dt.date(2025, 5, 10), 9.0)
    june = record(child, dt.date(2025, 6, 10), 9.5)
    assert Measurement.objects.get(pk=june.pk).growth == "N"  # +500 g >= 200 g
    correct_measurement(may, people["kader"], weighing(dt.date(2025, 5, 10), 9.8), True, "salah")
    # June now weighs 300 g less than May: "T" (tidak naik), written by bulk_update.
    [recomputed] = [e for e in entries_for(june) if (e.additional_data or {}).get("bulk")]
    assert recomputed.action == UPDATE
    assert recomputed.changes["growth"] == ["N", "T"]
    assert regions_of(recomputed) == [MEDANSATRIA]
    corrected = entries_for(may)[-1]
    # auditlog keeps the saved row's text and the typed value's text.
    assert corrected.changes["weight_kg"] == ["9.00", "9.8"]


def test_it_records_nothing_for_a_recomputation_that_changes_nothing(make_child, record):
    child = make_child()
    record(child, dt.date(2025, 5, 10), 9.0)
    june = record(child, dt.date(2025, 6, 10), 9.5)
    # Saving June recomputed May with the same results: no bulk entry for May.
    assert not LogEntry.objects.filter(additional_data__bulk=True).exists()
    assert [e.action for e in entries_for(june)] == [CREATE]


def test_it_records_the_report_workflow(people, regions):
    report = MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=dt.date(2025, 5, 1)
    )
    recaps.submit_report(report, people["kader"])
    recaps.return_report(report, people["admin_kelurahan"], "Berat anak Budi belum diisi")
    changes = [e.changes for e in entries_for(report)]
    assert changes[1]["status"] == ["draft", "submitted"]
    assert changes[2]["status"] == ["submitted", "returned"]
    assert changes[2]["return_comment"] == ["", "Berat anak Budi belum diisi"]
    events = ReportEvent.objects.order_by("pk")
    assert [regions_of(entries_for(e)[0]) for e in events] == [[MEDANSATRIA], [MEDANSATRIA]]


def test_it_records_users_without_password_hash_or_last_login(people, regions):
    user = people["admin_other"]
    user.set_password("kata-sandi-baru-123")
    user.save()
    user.role = "kecamatan"
    user.region = regions["32.75.06"]
    user.save()
    last = entries_for(user)[-1]
    assert last.changes["role"] == ["admin_kelurahan", "kecamatan"]
    assert last.changes["region"] == [KALIBARU, "32.75.06"]
    # The new region and the region the account left.
    assert regions_of(last) == ["32.75.06", KALIBARU]
    assert all("password" not in (e.changes or {}) for e in entries_for(user))
    assert all("last_login" not in (e.changes or {}) for e in entries_for(user))


def test_it_records_the_posyandu_given_to_a_kader(people, regions):
    kader = people["kader_b"]
    kader.posyandus.add(regions["posyandu_c"])
    entry = entries_for(kader)[-1]
    assert entry.changes["posyandus"]["operation"] == "add"
    assert entry.changes["posyandus"]["objects"] == [str(regions["posyandu_c"])]
    assert regions_of(entry) == ["32.75.01.1001", KALIBARU]


def test_it_gives_a_superadmin_account_no_region(people):
    assert regions_of(entries_for(people["superadmin"])[0]) == []


def test_it_gives_recomputed_months_the_actor_of_the_request(people, login, make_child, record):
    child = make_child()
    may = record(child, dt.date(2025, 5, 10), 9.0)
    june = record(child, dt.date(2025, 6, 10), 9.5)
    data = {"measured_on": "2025-05-10", "weight_kg": "9,8", "reason": "salah ketik"}
    login(people["kader"]).post(reverse("measurements:correct", args=[may.pk]), data)
    [recomputed] = [e for e in entries_for(june) if (e.additional_data or {}).get("bulk")]
    assert recomputed.actor == people["kader"]
    assert recomputed.remote_addr == "127.0.0.1"
    # After the request, work outside any request is not credited to that user.
    may.refresh_from_db()
    correct_measurement(may, people["kader"], weighing(dt.date(2025, 5, 10), 9.0), True, "balik")
    latest = [e for e in entries_for(june) if (e.additional_data or {}).get("bulk")][-1]
    assert latest.changes["growth"] == ["T", "N"]
    assert latest.actor is None

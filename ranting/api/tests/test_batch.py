"""POST /measurements/batch: each item answered as alone, independent items, one commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ranting.api.models import ClientWrite
from ranting.api.schemas import MAX_BATCH_ITEMS
from ranting.api.tests.conftest import measurement_body, new_id
from ranting.audit.models import EntryRegion, LogEntry
from ranting.facts import services as facts_services
from ranting.facts.models import MonthlyFact
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport

BATCH = "/measurements/batch"
VARYING = {"id", "child_id", "client_id", "created_at", "updated_at"}


def _strip(body: dict) -> dict:
    # What differs between two equal measurements of two children: their ids and times.
    return {k: v for k, v in body.items() if k not in VARYING}


def test_it_answers_each_item_as_the_single_endpoint_would(api, make_child):
    alone, batched = make_child(name="Sendiri"), make_child(name="Bersama")
    single = api("kader").post("/measurements", measurement_body(alone))

    response = api("kader").post(BATCH, {"items": [measurement_body(batched)]})

    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] == 1
    [result] = body["results"]
    assert result["status"] == single.status_code == 201
    assert _strip(result["body"]) == _strip(single.json())
    assert result["body"]["child_id"] == batched.pk


def test_a_refused_item_does_not_stop_the_others(api, make_child, regions):
    kader = api("kader")
    good, heavy, wrong = (make_child(name=f"Anak {i}") for i in range(3))
    other_region = make_child(posyandu=regions["posyandu_c"], name="Lain")
    first = measurement_body(good)
    items = [
        first,
        dict(first),  # the same client_id again: a retry inside the queue
        measurement_body(heavy, weight_kg=30),  # implausible: needs the kader's confirmation
        measurement_body(wrong, weight_kg=11200),  # grams, not kg
        measurement_body(other_region),
        {"child_id": good.pk, "weight_kg": 11},  # no client_id, no date
        "not an object",
    ]

    response = kader.post(BATCH, {"items": items})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 200, 422, 422, 404, 422, 422]
    assert results[1]["body"]["duplicate"] is True
    assert results[1]["body"]["id"] == results[0]["body"]["id"]
    assert results[2]["body"]["code"] == "needs_confirmation"
    assert results[3]["body"]["field"] == "weight_kg"
    assert "kg, bukan gram" in results[3]["body"]["message"]
    assert results[4]["body"]["code"] == "not_found"
    assert {e["field"] for e in results[5]["body"]["details"]["errors"]} == {
        "client_id",
        "measured_on",
    }
    assert results[5]["body"]["message"].startswith("client_id: wajib diisi")
    assert results[6]["body"]["message"] == "isi permintaan harus berupa objek JSON."
    assert response.json()["accepted"] == 1
    assert list(Measurement.objects.values_list("child_id", flat=True)) == [good.pk]
    assert ClientWrite.objects.count() == 1


def test_a_kader_cannot_write_at_another_posyandu_or_a_locked_month(api, make_child, regions):
    period = timezone.localdate().replace(day=1)
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"], period=period, status=MonthlyReport.Status.APPROVED
    )
    locked = make_child()
    elsewhere = make_child(posyandu=regions["posyandu_b"])  # kader_b's posyandu

    response = api("kader").post(
        BATCH, {"items": [measurement_body(locked), measurement_body(elsewhere)]}
    )
    seen_but_read_only = api("admin_kelurahan").post(
        BATCH, {"items": [measurement_body(make_child(name="Baru"))]}
    )

    assert [r["body"]["code"] for r in response.json()["results"]] == ["locked", "not_found"]
    [result] = seen_but_read_only.json()["results"]
    assert (result["status"], result["body"]["code"]) == (403, "forbidden")
    assert Measurement.objects.count() == 0


def test_a_retried_batch_stores_nothing_twice(api, make_child):
    items = [measurement_body(make_child(name=f"Anak {i}")) for i in range(5)]

    first = api("kader").post(BATCH, {"items": items})
    again = api("kader").post(BATCH, {"items": items})

    assert first.json()["accepted"] == 5
    assert again.json()["accepted"] == 0
    assert {r["status"] for r in again.json()["results"]} == {200}
    assert all(r["body"]["duplicate"] for r in again.json()["results"])
    assert Measurement.objects.count() == ClientWrite.objects.count() == 5
    kotas = set(ClientWrite.objects.values_list("kota_code", flat=True))
    assert kotas == set(Measurement.objects.values_list("kota_code", flat=True)) == {"32.75"}


def test_a_resent_batch_is_answered_item_by_item_as_single_retries(api, make_child, regions):
    children = [make_child(name=f"Anak {i}") for i in range(3)]
    items = [measurement_body(child) for child in children]
    api("kader").post(BATCH, {"items": items})
    corrected = Measurement.objects.get(client_id=items[1]["client_id"])
    change = {"client_id": new_id(), "weight_kg": 11.4, "reason": "salah ketik"}
    assert api("kader").patch(f"/measurements/{corrected.pk}", change).status_code == 200
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"],
        period=timezone.localdate().replace(day=1),
        status=MonthlyReport.Status.APPROVED,
    )
    # The same three again, the last with other values under its client_id.
    resent = [items[0], items[1], {**items[2], "weight_kg": 12.0}]

    response = api("kader").post(BATCH, {"items": resent})

    singles = [api("kader").post("/measurements", item) for item in resent]
    results = response.json()["results"]
    assert [(r["status"], r["body"]) for r in results] == [
        (s.status_code, s.json()) for s in singles
    ]
    assert [r["status"] for r in results] == [200, 200, 409]
    assert results[0]["body"]["duplicate"] is True
    assert results[0]["body"]["locked"] is True
    assert (results[1]["body"]["weight_kg"], results[1]["body"]["revisions"]) == (11.4, 1)
    assert results[2]["body"]["code"] == "client_id_conflict"
    assert results[2]["body"]["details"]["existing"]["weight_kg"] == 11.2
    assert Measurement.objects.count() == 3


@pytest.mark.parametrize("persona", ["kader_b", "admin_kelurahan", "dinas"])
def test_someone_else_resending_a_kaders_batch_is_refused_as_alone(api, make_child, persona):
    items = [measurement_body(make_child(name=f"Anak {i}")) for i in range(2)]
    api("kader").post(BATCH, {"items": items})

    response = api(persona).post(BATCH, {"items": items})

    singles = [api(persona).post("/measurements", item) for item in items]
    results = response.json()["results"]
    # (A batch names the item's field, child_id, where the single endpoint names none.)
    assert [(r["status"], r["body"]["code"]) for r in results] == [
        (s.status_code, s.json()["code"]) for s in singles
    ]
    assert {r["status"] for r in results} <= {403, 404}
    assert {r["body"]["field"] for r in results} == {"child_id"}


def test_a_resent_batch_costs_the_same_queries_for_two_items_or_eight(api, make_child):
    def queries_to_resend(n: int) -> int:
        items = [measurement_body(make_child(name=f"Anak {n}-{i}")) for i in range(n)]
        api("kader").post(BATCH, {"items": items})
        with CaptureQueriesContext(connection) as queries:
            again = api("kader").post(BATCH, {"items": items})
        assert [r["body"]["duplicate"] for r in again.json()["results"]] == [True] * n
        return len(queries)

    assert queries_to_resend(2) == queries_to_resend(8)


def test_the_same_child_twice_in_a_batch_is_a_conflict(api, make_child):
    child = make_child()
    items = [measurement_body(child), measurement_body(child, weight_kg=11.4)]

    results = api("kader").post(BATCH, {"items": items}).json()["results"]

    assert [r["status"] for r in results] == [201, 409]
    assert results[1]["body"]["code"] == "already_measured"
    assert results[1]["body"]["details"]["existing"]["id"] == results[0]["body"]["id"]


def test_the_facts_are_refreshed_once_for_the_batch(api, make_child, regions):
    children = [make_child(name=f"Anak {i}") for i in range(6)]
    items = [measurement_body(c) for c in children]

    with CaptureQueriesContext(connection) as queries:
        response = api("kader").post(BATCH, {"items": items})

    assert response.json()["accepted"] == 6
    fact = MonthlyFact.objects.get(
        posyandu=regions["posyandu_a"], period=timezone.localdate().replace(day=1)
    )
    assert (fact.s, fact.d) == (6, 6)
    upserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "facts_monthlyfact"')
    ]
    assert len(upserts) == 1


def test_a_crash_before_the_commit_stores_none_of_the_batch(api, make_child, monkeypatch):
    children = [make_child(name=f"Anak {i}") for i in range(3)]

    def dies(pairs):
        # The last step before the commit: every item is written by now.
        assert Measurement.objects.count() == 3
        raise RuntimeError("server mati")

    monkeypatch.setattr(facts_services, "refresh_facts", dies)

    response = api("kader").post(BATCH, {"items": [measurement_body(c) for c in children]})

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert Measurement.objects.count() == ClientWrite.objects.count() == 0
    assert not LogEntry.objects.get_for_model(Measurement).exists()


def test_an_earlier_month_recomputes_the_later_one_as_alone(api, make_child):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    alone, batched = make_child(name="Sendiri"), make_child(name="Bersama")
    for child in (alone, batched):
        api("kader").post("/measurements", measurement_body(child, weight_kg=11.6))
    earlier = {"measured_on": last_month.isoformat(), "weight_kg": 11.2}

    single = api("kader").post("/measurements", measurement_body(alone, **earlier))
    response = api("kader").post(BATCH, {"items": [measurement_body(batched, **earlier)]})

    [result] = response.json()["results"]
    assert result["status"] == single.status_code == 201
    assert _strip(result["body"]) == _strip(single.json())
    # This month's row now has a previous weighing: 11.2 → 11.6 kg is "naik" (N) for both.
    newest = Measurement.objects.filter(period=today.replace(day=1))
    assert dict(newest.values_list("child_id", "growth")) == {alone.pk: "N", batched.pk: "N"}


def _months_ago(months: int) -> str:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 10).isoformat()


def _length(cm: float | None) -> dict:
    return {"lenhei_cm": cm, "position": "h"} if cm is not None else {"lenhei_cm": None}


@pytest.mark.parametrize(
    ("history", "new", "expected"),
    [
        # (months ago, kg, cm) already saved; this month's kg and cm; what the answer shows.
        pytest.param(
            [(m, round(9.0 + 0.2 * (8 - m), 1), 78.0 + 0.5 * (8 - m)) for m in range(8, 0, -1)],
            (10.8, 83.0),
            {"status": 201, "growth": "N"},
            id="weighed-every-month",
        ),
        pytest.param(
            [(4, 10.0, 80.0), (3, 10.4, 80.2), (2, 10.45, 80.3), (1, 10.5, 80.4)],
            (10.55, 80.5),
            {"status": 201, "growth": "T", "two_t": True},
            id="2T-from-the-last-two",
        ),
        pytest.param(
            [(7, 10.0, 80.0), (6, 10.2, 80.6)],
            (10.9, 83.0),
            {"status": 201, "growth": "O"},
            id="a-gap-longer-than-the-recent-months",
        ),
        pytest.param(
            [(6, 10.2, 84.0), (2, 10.5, None), (1, 10.6, None)],
            (10.8, 81.0),
            {"status": 422, "warning": "Panjang/tinggi badan berkurang: 84,0 cm"},
            id="the-last-length-long-ago",
        ),
    ],
)
def test_a_long_or_gapped_history_is_derived_as_alone(api, make_child, history, new, expected):
    # The batch reads the recent months of each child, and the older ones only when those are
    # too few to derive from: the answers must still be those of POST /measurements.
    alone, batched = make_child(name="Sendiri"), make_child(name="Bersama")
    for months, kg, cm in history:
        for child in (alone, batched):
            body = measurement_body(child, measured_on=_months_ago(months), weight_kg=kg)
            saved = api("kader").post("/measurements", {**body, **_length(cm)})
            assert saved.status_code == 201, saved.json()
    kg, cm = new

    single = api("kader").post(
        "/measurements", {**measurement_body(alone, weight_kg=kg), **_length(cm)}
    )
    response = api("kader").post(
        BATCH, {"items": [{**measurement_body(batched, weight_kg=kg), **_length(cm)}]}
    )

    [result] = response.json()["results"]
    assert result["status"] == single.status_code == expected["status"]
    if expected["status"] == 201:
        assert _strip(result["body"]) == _strip(single.json())
        assert result["body"]["growth"]["code"] == expected["growth"]
        assert result["body"]["two_t"] is expected.get("two_t", False)
    else:
        warnings = result["body"]["details"]["warnings"]
        assert warnings == single.json()["details"]["warnings"]
        assert any(expected["warning"] in w for w in warnings)


def test_batch_rows_are_audited_under_the_kader(api, people, make_child):
    children = [make_child(name=f"Anak {i}") for i in range(2)]

    api("kader").post(BATCH, {"items": [measurement_body(c) for c in children]})

    for m in Measurement.objects.all():
        [entry] = LogEntry.objects.get_for_object(m)
        assert entry.action == LogEntry.Action.CREATE
        assert entry.actor == people["kader"]
        assert not (entry.additional_data or {}).get("bulk")  # not "dihitung ulang otomatis"
        assert set(EntryRegion.objects.filter(entry=entry).values_list("code", flat=True)) >= {
            "32.75.06.1001"
        }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"items": []}, "items", id="empty"),
        pytest.param({"items": [{}] * (MAX_BATCH_ITEMS + 1)}, "items", id="too-many"),
        pytest.param({"items": {"client_id": new_id()}}, "items", id="not-a-list"),
        pytest.param({}, "items", id="missing"),
    ],
)
def test_a_malformed_batch_is_refused_whole(api, make_child, body, field):
    response = api("kader").post(BATCH, body)

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert Measurement.objects.count() == 0


def test_it_needs_a_signed_in_caller(anonymous, make_child):
    response = anonymous.post(BATCH, {"items": [measurement_body(make_child())]})

    assert response.status_code == 401
    assert Measurement.objects.count() == 0


def test_a_weight_loss_needs_confirmation_as_alone(api, make_child):
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    alone, batched = make_child(name="Sendiri"), make_child(name="Bersama")
    for child in (alone, batched):
        api("kader").post(
            "/measurements",
            measurement_body(child, measured_on=last_month.isoformat(), weight_kg=12.8),
        )

    single = api("kader").post("/measurements", measurement_body(alone))
    response = api("kader").post(BATCH, {"items": [measurement_body(batched)]})

    [result] = response.json()["results"]
    assert result["status"] == single.status_code == 422
    assert result["body"]["details"]["warnings"] == single.json()["details"]["warnings"]
    assert any("Berat turun 1,60 kg" in w for w in result["body"]["details"]["warnings"])
    assert Measurement.objects.filter(period=timezone.localdate().replace(day=1)).count() == 0


def test_a_locked_month_is_named_before_an_existing_measurement(api, make_child, regions):
    alone, batched = make_child(name="Sendiri"), make_child(name="Bersama")
    for child in (alone, batched):
        api("kader").post("/measurements", measurement_body(child))
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"],
        period=timezone.localdate().replace(day=1),
        status=MonthlyReport.Status.APPROVED,
    )

    single = api("kader").post("/measurements", measurement_body(alone, weight_kg=11.5))
    response = api("kader").post(BATCH, {"items": [measurement_body(batched, weight_kg=11.5)]})

    [result] = response.json()["results"]
    assert (result["status"], result["body"]) == (single.status_code, single.json())
    assert result["body"]["code"] == "locked"


def test_a_kaders_batch_asks_once_which_posyandus_it_may_write(api, make_child):
    items = [measurement_body(make_child(name=f"Anak {i}")) for i in range(3)]

    with CaptureQueriesContext(connection) as queries:
        response = api("kader").post(BATCH, {"items": items})

    assert response.json()["accepted"] == 3
    asked = [q for q in queries.captured_queries if '"accounts_user_posyandus"' in q["sql"]]
    assert len(asked) == 1

"""/luring/data/anak.json: the child list the phone keeps, with the history its rules need."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ranting.offline.roster import HISTORY_ROWS
from ranting.offline.tests.conftest import months_before


def _get(client, posyandu):
    return client.get(reverse("offline:children") + f"?posyandu={posyandu.pk}")


@pytest.fixture
def long_history(make_child, record, today):
    """Rani: weighed every month for 20 months, length measured only in the first month."""
    rani = make_child(name="Rani", sex="P", birth_date=months_before(today, 30))
    for k in range(20, 0, -1):
        length = ("80.0", "l") if k == 20 else (None, "")
        record(rani, months_before(today, k), f"{9 + (20 - k) * 0.1:.2f}", *length)
    return rani


def test_it_lists_the_active_children_of_the_posyandu(regions, people, login, family, make_child):
    gone = make_child(name="Anak Pindah")
    gone.is_active = False
    gone.save()
    data = _get(login(people["kader"]), regions["posyandu_a"]).json()
    assert data["posyandu"] == {"id": regions["posyandu_a"].pk, "label": "Posyandu Mawar (RW 01)"}
    assert [c["name"] for c in data["children"]] == ["Budi Santoso", "Citra Lestari"]
    budi = data["children"][0]
    assert budi["sex"] == "L"
    assert budi["birth_date"] == family["budi"].birth_date.isoformat()
    assert budi["weighed_before"] is False
    (row,) = budi["history"]
    saved = family["budi"].measurements.get()
    assert row["period"] == saved.period.strftime("%Y-%m")
    assert (row["weight_kg"], row["lenhei_cm"], row["position"]) == (9.1, 76.0, "l")
    assert row["clenhei_cm"] == 76.0  # lying down before 24 months: no correction
    assert row["growth"] == "B"
    assert (row["zwei"], row["zlen"]) == (saved.zwei, saved.zlen)
    assert data["children"][1]["history"] == []


def test_it_sends_a_year_of_history_and_the_last_length(regions, people, login, long_history):
    data = _get(login(people["kader"]), regions["posyandu_a"]).json()
    rani = next(c for c in data["children"] if c["name"] == "Rani")
    periods = [row["period"] for row in rani["history"]]
    all_periods = [
        m.period.strftime("%Y-%m") for m in long_history.measurements.order_by("-period")
    ]
    # The newest 13 months, then the month with the last measured length (20 months ago).
    assert periods == all_periods[:HISTORY_ROWS] + [all_periods[-1]]
    assert rani["history"][-1]["clenhei_cm"] == 80.0
    assert all(row["clenhei_cm"] is None for row in rani["history"][:-1])
    assert rani["weighed_before"] is True  # 6 older weighings were left out


def test_it_needs_the_same_queries_for_more_children(regions, people, login, family, make_child):
    client = login(people["kader"])
    with CaptureQueriesContext(connection) as few:
        _get(client, regions["posyandu_a"])
    for i in range(5):
        make_child(name=f"Anak {i}")
    with CaptureQueriesContext(connection) as more:
        data = _get(client, regions["posyandu_a"]).json()
    assert len(data["children"]) == 7
    assert len(more.captured_queries) == len(few.captured_queries)


def test_it_needs_a_posyandu(regions, people, login):
    response = login(people["kader"]).get(reverse("offline:children"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"

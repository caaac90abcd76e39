"""Concurrent duplicates: the same submission sent at once from several connections makes one
row (PostgreSQL only: SQLite serialises writers, so nothing would race)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ranting.api.models import ClientWrite
from ranting.api.tests.conftest import JsonClient, measurement_body, new_id
from ranting.api.tokens import create_token
from ranting.children.models import Child
from ranting.measurements.models import Measurement

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DB=postgres)"),
]
SENDERS = 6


def _send_together(path: str, body: dict, token: str, answers: list | None = None) -> list[int]:
    """POST `body` from SENDERS connections at once; the statuses, sorted (bodies to `answers`)."""
    barrier = threading.Barrier(SENDERS)
    statuses: list[int] = []

    def send() -> None:
        try:
            client = JsonClient(token)
            barrier.wait()
            response = client.post(path, body)
            statuses.append(response.status_code)
            if answers is not None:
                answers.append(response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_concurrent_measurement_duplicates_make_one_row(people, make_child):
    child = make_child()
    token = create_token(people["kader"], "HP")[1]

    statuses = _send_together("/measurements", measurement_body(child), token)

    assert statuses == [200] * (SENDERS - 1) + [201]
    assert Measurement.objects.filter(child=child).count() == 1


def test_concurrent_registrations_make_one_child(people, regions):
    token = create_token(people["kader"], "HP")[1]
    body = {
        "client_id": new_id(),
        "posyandu_id": regions["posyandu_a"].pk,
        "name": "Serentak",
        "sex": "P",
        "birth_date": "2025-02-03",
        "mother_name": "Ibu Serentak",
    }

    statuses = _send_together("/children", body, token)

    assert statuses == [200] * (SENDERS - 1) + [201]
    assert Child.objects.filter(name="Serentak").count() == 1


def test_concurrent_copies_of_a_batch_store_each_item_once(people, make_child):
    children = [make_child(name=f"Anak {i}") for i in range(5)]
    token = create_token(people["kader"], "HP")[1]
    answers: list[dict] = []

    statuses = _send_together(
        "/measurements/batch", {"items": [measurement_body(c) for c in children]}, token, answers
    )

    assert statuses == [200] * SENDERS
    for results in zip(*(a["results"] for a in answers), strict=True):
        # Each item: stored by one sender, recognised as a duplicate by the others.
        assert sorted(r["status"] for r in results) == [200] * (SENDERS - 1) + [201]
        assert len({r["body"]["id"] for r in results}) == 1
    assert Measurement.objects.count() == ClientWrite.objects.count() == 5

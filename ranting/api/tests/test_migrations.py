"""Migration 0002 fills the kota code of the client writes already stored."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from ranting.api.models import ClientWrite
from ranting.api.tests.conftest import measurement_body
from ranting.testing.migrations import migrate, migrate_to_latest

BEFORE = ("ranting_api", "0001_initial")


def _write_as_of_0001(kind: str, object_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ranting_api_clientwrite (client_id, kind, object_id, fingerprint, "
            "created_at) VALUES (%s, %s, %s, %s, CURRENT_TIMESTAMP)",
            [uuid.uuid4().hex, kind, object_id, "f" * 64],
        )


@pytest.mark.django_db(transaction=True)
def test_old_writes_take_the_kota_of_their_child_or_measurement(api, make_child, regions):
    child = make_child(posyandu=regions["posyandu_a"])
    measured = api("kader").post("/measurements", measurement_body(child)).json()
    ClientWrite.objects.all().delete()
    migrate(*BEFORE)
    try:
        _write_as_of_0001("child_create", child.pk)
        _write_as_of_0001("measurement_create", measured["id"])
        _write_as_of_0001("measurement_correct", 10**9)  # its measurement is gone
    finally:
        migrate_to_latest()

    codes = sorted(ClientWrite.objects.values_list("kind", "kota_code"))
    assert codes == [
        ("child_create", "32.75"),
        ("measurement_correct", ""),
        ("measurement_create", "32.75"),
    ]

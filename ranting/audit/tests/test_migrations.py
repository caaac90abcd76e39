"""Migration 0002 moves the entries of auditlog's table into ours with their ids and kota, and
drops auditlog's table (going back restores it)."""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from ranting.audit.models import LogEntry
from ranting.audit.tests.conftest import entries_for
from ranting.children.models import Child
from ranting.testing.migrations import migrate, migrate_to_latest

BEFORE = ("audit", "0001_initial")
OLD_IDS = (9001, 9002, 9003)


def _entry_as_of_0001(pk: int, child: Child, codes: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auditlog_logentry (id, content_type_id, object_pk, object_id, "
            "object_repr, action, changes_text, changes, timestamp) "
            "VALUES (%s, %s, %s, %s, %s, 1, '', %s, CURRENT_TIMESTAMP)",
            [
                pk,
                ContentType.objects.get_for_model(Child).pk,
                str(child.pk),
                child.pk,
                str(child),
                json.dumps({"name": ["Lama", "Baru"]}),
            ],
        )
        for code in codes:
            cursor.execute(
                "INSERT INTO audit_entryregion (entry_id, code) VALUES (%s, %s)", [pk, code]
            )


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_old_entries_keep_their_ids_and_regions_and_get_a_kota(make_child, people):
    child = make_child()
    [created] = entries_for(child)  # already in our table: goes back and forth with the rest
    before = {e.pk: (e.kota_code, e.changes) for e in LogEntry.objects.all()}
    migrate(*BEFORE)
    try:
        assert _count("auditlog_logentry") == len(before)
        _entry_as_of_0001(OLD_IDS[0], child, ["32.75.06.1001"])
        _entry_as_of_0001(OLD_IDS[1], child, ["32.75.06.1004", "32.73.01.1001"])  # two kota
        _entry_as_of_0001(OLD_IDS[2], child, [])
    finally:
        migrate_to_latest()

    assert "auditlog_logentry" not in connection.introspection.table_names()
    moved = {e.pk: e for e in LogEntry.objects.all()}
    assert {pk: (moved[pk].kota_code, moved[pk].changes) for pk in before} == before
    assert created.kota_code == "32.75"
    old = [moved[pk] for pk in OLD_IDS]
    assert [e.kota_code for e in old] == ["32.75", "32.73", ""]
    assert [sorted(e.regions.values_list("code", "kota_code")) for e in old] == [
        [("32.75.06.1001", "32.75")],
        [("32.73.01.1001", "32.73"), ("32.75.06.1004", "32.73")],
        [],
    ]
    assert old[0].changes == {"name": ["Lama", "Baru"]}
    assert old[0].content_type.model_class() is Child
    # New entries are numbered after the copied ones.
    child.name = "Anak Baru"
    child.save()
    newest = LogEntry.objects.latest("pk")
    assert newest.changes["name"] == ["Anak Uji", "Anak Baru"]
    assert newest.pk > max(OLD_IDS)

"""Every entry, and each of its region rows, carries the kota of the object it is about, so the
audit trail is distributed with the city data (docs/scaling.md, Citus)."""

import datetime as dt

import pytest

from ranting.audit import bulk
from ranting.audit.models import LogEntry
from ranting.audit.tests.conftest import entries_for, weighing
from ranting.children import services as children
from ranting.children.models import ChildTransfer
from ranting.measurements.models import Measurement
from ranting.regions.models import Posyandu, Region

BEKASI, BANDUNG = "32.75", "32.73"


def places(entry):
    """(entry kota, [(code, kota) of its region rows])."""
    return entry.kota_code, sorted(entry.regions.values_list("code", "kota_code"))


@pytest.fixture
def bandung(db):
    """A posyandu in another kota: kelurahan 32.73.01.1001 (Kota Bandung)."""
    kota = Region.objects.create(code=BANDUNG, name="Kota Bandung", level="kota", kota_code=BANDUNG)
    kecamatan = Region.objects.create(
        code="32.73.01", name="Sukasari", level="kecamatan", parent=kota, kota_code=BANDUNG
    )
    kelurahan = Region.objects.create(
        code="32.73.01.1001", name="Gegerkalong", level="kelurahan", parent=kecamatan,
        kota_code=BANDUNG,
    )  # fmt: skip
    return Posyandu.objects.create(code="32.73.01.1001.01", name="Kenanga", kelurahan=kelurahan)


def test_a_measurement_saved_through_the_service_has_its_kota(make_child, record):
    m = record(make_child(), dt.date(2025, 6, 10), 9.0)
    [entry] = entries_for(m)
    assert places(entry) == (BEKASI, [("32.75.06.1001", BEKASI)])


def test_a_move_to_another_kota_takes_the_new_kota_on_every_row(people, make_child, bandung):
    child = make_child()
    children.move_child(child, people["kader"], bandung, "pindah kota")
    moved = entries_for(child)[-1]
    both = [("32.73.01.1001", BANDUNG), ("32.75.06.1001", BANDUNG)]
    assert places(moved) == (BANDUNG, both)
    assert places(entries_for(ChildTransfer.objects.get())[0]) == (BANDUNG, both)


def test_users_take_the_kota_of_their_region_or_posyandu_and_superadmin_none(people):
    assert places(entries_for(people["admin_other"])[0]) == (BEKASI, [("32.75.06.1004", BEKASI)])
    assert entries_for(people["dinas"])[0].kota_code == BEKASI
    # A kader has no region: the kota of the posyandu given (the m2m entry).
    assert [e.kota_code for e in entries_for(people["kader"])] == ["", BEKASI]
    assert places(entries_for(people["superadmin"])[0]) == ("", [])


def test_a_delete_keeps_the_kota_it_was_in(make_child, bandung):
    child = make_child(posyandu=bandung)
    pk = child.pk
    child.delete()
    child.pk = pk
    entry = entries_for(child)[-1]
    assert entry.action == LogEntry.Action.DELETE
    assert places(entry) == (BANDUNG, [("32.73.01.1001", BANDUNG)])


def test_bulk_entries_have_their_kota(make_child, record, bandung):
    here, there = make_child(), make_child(posyandu=bandung)
    rows = [
        Measurement(
            child=c, posyandu=c.posyandu, kota_code=c.posyandu.kelurahan_id[:5], created_by=None,
            period=dt.date(2025, 6, 1), **weighing(dt.date(2025, 6, 10), 9.0),
        )
        for c in (here, there)
    ]  # fmt: skip
    Measurement.objects.bulk_create(rows)
    created = bulk.log_bulk_create(rows, recomputed=False)
    assert [places(e) for e in created] == [
        (BEKASI, [("32.75.06.1001", BEKASI)]),
        (BANDUNG, [("32.73.01.1001", BANDUNG)]),
    ]
    # Recording May recomputes June (bulk_update): logged with June's kota, read from the row.
    record(there, dt.date(2025, 5, 10), 8.5)
    recomputed = [e for e in entries_for(rows[1]) if (e.additional_data or {}).get("bulk")]
    assert recomputed
    assert {places(e) == (BANDUNG, [("32.73.01.1001", BANDUNG)]) for e in recomputed} == {True}

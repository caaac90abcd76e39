"""A write made with a token is audited under the token's user (not as anonymous)."""

from __future__ import annotations

import pytest

from ranting.api.tests.conftest import measurement_body

auditlog = pytest.importorskip("auditlog.registry").auditlog


def test_a_token_write_names_its_user_in_the_audit_trail(api, people, make_child):
    from ranting.audit.models import LogEntry
    from ranting.measurements.models import Measurement

    if not auditlog.contains(Measurement):
        pytest.skip("measurements are not registered with the audit trail")
    child = make_child()

    created = api("kader").post("/measurements", measurement_body(child)).json()

    entry = LogEntry.objects.get_for_object(Measurement.objects.get(pk=created["id"])).first()
    assert entry is not None
    assert entry.actor == people["kader"]


def test_token_writes_single_and_batched_are_placed_in_their_kota(api, make_child):
    from ranting.audit.models import LogEntry
    from ranting.measurements.models import Measurement

    single, batched = make_child(name="Sendiri"), make_child(name="Bersama")
    api("kader").post("/measurements", measurement_body(single))
    api("kader").post("/measurements/batch", {"items": [measurement_body(batched)]})

    for m in Measurement.objects.all():  # the batch's entry is written by audit.bulk
        [entry] = LogEntry.objects.get_for_object(m)
        assert entry.kota_code == "32.75"
        assert list(entry.regions.values_list("code", "kota_code")) == [("32.75.06.1001", "32.75")]
    assert Measurement.objects.count() == 2

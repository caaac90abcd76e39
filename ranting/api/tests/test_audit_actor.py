"""A write made with a token is audited under the token's user (not as anonymous)."""

from __future__ import annotations

import pytest

from ranting.api.tests.conftest import measurement_body

auditlog = pytest.importorskip("auditlog.registry").auditlog


def test_a_token_write_names_its_user_in_the_audit_trail(api, people, make_child):
    from auditlog.models import LogEntry

    from ranting.measurements.models import Measurement

    if not auditlog.contains(Measurement):
        pytest.skip("measurements are not registered with the audit trail")
    child = make_child()

    created = api("kader").post("/measurements", measurement_body(child)).json()

    entry = LogEntry.objects.get_for_object(Measurement.objects.get(pk=created["id"])).first()
    assert entry is not None
    assert entry.actor == people["kader"]

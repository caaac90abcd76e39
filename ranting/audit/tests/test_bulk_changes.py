"""bulk.create_changes writes what auditlog's model_instance_diff(None, row) would, faster."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from auditlog.diff import model_instance_diff

from ranting.audit import bulk
from ranting.measurements.models import Measurement, MeasurementRevision


@pytest.fixture
def saved_rows(people, make_child):
    """Saved rows of each kind, with every kind of value: decimals, dates, datetimes, None,
    foreign keys set and unset, choices, booleans, a UUID, JSON, excluded and m2m fields."""
    child = make_child(nik="3275061503240001", no_kk="3275060101240002", created_by=people["kader"])
    full = Measurement(
        child=child, posyandu=child.posyandu, created_by=people["kader"], client_id=uuid.uuid4(),
        period=dt.date(2025, 5, 1), measured_on=dt.date(2025, 5, 10), weight_kg=Decimal("9.85"),
        lenhei_cm=Decimal("75.3"), position=Measurement.Position.LENGTH, oedema=True,
        armc_cm=Decimal("14.2"), headc_cm=Decimal("45"), vitamin_a=True,
        exclusive_breastfeeding=True, notes="ditimbang pagi", age_days=421, age_months=13,
        clenhei_cm=75.3, zwei=-1.25, zlen=0.5, zwfl=-2.01, zbmi=-2.2, zac=0.1, zhc=1.0,
        flags="zwfl", status_bbu="berat_badan_normal", growth=Measurement.Growth.BARU,
        two_t=True, bgm=True, referral="bgm", confirmed_implausible=True, warnings="w",
    )  # fmt: skip
    full.save()
    sparse = Measurement(
        child=child, posyandu=child.posyandu, period=dt.date(2025, 6, 1),
        measured_on=dt.date(2025, 6, 10), weight_kg=10,
    )  # fmt: skip
    sparse.save()
    revision = MeasurementRevision(measurement=full, previous={"weight_kg": "9.5", "n": [1]})
    revision.save()
    reread = Measurement.objects.get(pk=full.pk)  # values as the database gives them back
    return [full, sparse, reread, revision, child, people["kader"], people["admin_kelurahan"]]


@pytest.mark.parametrize("json_changes", [False, True], ids=["text", "json"])
def test_it_gives_what_model_instance_diff_gives(saved_rows, settings, json_changes):
    settings.AUDITLOG_STORE_JSON_CHANGES = json_changes
    for row in saved_rows:
        [changes] = bulk.create_changes([row])
        expected = model_instance_diff(None, row, use_json_for_changes=json_changes) or {}
        assert changes == expected, type(row).__name__
        assert "updated_at" not in changes

"""Citus readiness (docs/scaling.md): every large table carries the kota code it will be
distributed by, every model has a place in the national cluster, and the plan is documented.

A new model fails `test_every_model_has_a_place_in_the_cluster` until it is put in one of the
sets of `ranting/cluster/placement.py` (and in docs/scaling.md); `manage.py citus_prepare`
converts the schema from the same sets (ranting/cluster/tests).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from ranting.cluster.placement import DISTRIBUTED, PLACES

ROOT = Path(__file__).resolve().parent.parent
KOTA_CODE_LENGTH = 5  # "32.75": Kemendagri province.kota


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _kota_field(label: str) -> models.Field | None:
    try:
        return _model(label)._meta.get_field("kota_code")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return None


def test_every_model_has_a_place_in_the_cluster():
    labels = {m._meta.label for m in apps.get_models()}
    placed = [label for group in PLACES.values() for label in group]
    assert sorted(labels - set(placed)) == []
    assert sorted(set(placed) - labels) == []
    assert len(placed) == len(set(placed)), "a model is in two places"


@pytest.mark.parametrize("label", sorted(DISTRIBUTED))
def test_every_large_model_has_a_kota_code_field(label):
    field = _kota_field(label)
    assert isinstance(field, models.CharField), f"{label} has no kota_code"
    assert field.max_length == KOTA_CODE_LENGTH
    assert not field.null
    meta = _model(label)._meta
    indexed = field.db_index or any(
        index.fields and index.fields[0] == "kota_code" for index in meta.indexes
    )
    assert indexed, f"{label}.kota_code is not the first column of any index"


def test_the_plan_is_documented_for_every_model():
    text = (ROOT / "docs" / "scaling.md").read_text()
    tables = {_model(label)._meta.db_table for group in PLACES.values() for label in group}
    missing = sorted(t for t in tables if f"`{t}`" not in text)
    assert missing == []
    assert re.search(r"distribution column.*`kota_code`", text, re.IGNORECASE)


@pytest.mark.django_db
def test_rows_take_the_kota_code_of_their_posyandu(regions, make_child, people):
    """The kota code is filled on save from the posyandu, whatever the caller passed."""
    from ranting.children.models import ChildTransfer
    from ranting.facts.models import MonthlyFact
    from ranting.measurements.models import Measurement, MeasurementRevision
    from ranting.recaps.models import MonthlyReport, ReportEvent

    posyandu = regions["posyandu_c"]  # kelurahan 32.75.01.1001: Kota Bekasi
    child = make_child(posyandu=posyandu, kota_code="99.99")
    measurement = Measurement(
        child=child, posyandu=posyandu, period=dt.date(2025, 5, 1), kota_code="",
        measured_on=dt.date(2025, 5, 10), weight_kg=9,
    )  # fmt: skip
    measurement.save()
    report = MonthlyReport.objects.create(posyandu=posyandu, period=dt.date(2025, 5, 1))
    fact = MonthlyFact.objects.get(posyandu=posyandu, period=dt.date(2025, 5, 1))
    revision = MeasurementRevision(measurement=measurement, previous={}, reason="uji")
    revision.save()
    event = ReportEvent(report=report, kind="submitted", from_status="draft", to_status="x")
    event.save()
    transfer = ChildTransfer(child=child, from_posyandu=regions["posyandu_a"], to_posyandu=posyandu)
    transfer.save()
    codes = {child.kota_code, measurement.kota_code, report.kota_code, fact.kota_code}
    codes |= {revision.kota_code, event.kota_code, transfer.kota_code}
    assert codes == {"32.75"}
    assert posyandu.kelurahan_id == "32.75.01.1001"

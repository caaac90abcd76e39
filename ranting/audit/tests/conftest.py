"""Audit fixtures: a fixed 'today', a weighing helper and quick access to the entries."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

TODAY = dt.date(2025, 6, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def weighing(on, weight, length=None, position=""):
    return {
        "measured_on": on,
        "weight_kg": Decimal(str(weight)),
        "lenhei_cm": None if length is None else Decimal(str(length)),
        "position": position,
        "oedema": False,
        "armc_cm": None,
        "headc_cm": None,
        "vitamin_a": False,
        "exclusive_breastfeeding": False,
        "notes": "",
    }


@pytest.fixture
def record(people):
    """record(child, date, kg) → a Measurement saved by the kader through the service."""
    from ranting.measurements.services import record_measurement

    def _record(child, on, weight, user=None):
        return record_measurement(child, user or people["kader"], weighing(on, weight), True)

    return _record


def entries_for(obj):
    """Audit entries of one object, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    from ranting.audit.models import LogEntry

    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        ).order_by("timestamp", "pk")
    )


def regions_of(entry):
    return sorted(entry.regions.values_list("code", flat=True))

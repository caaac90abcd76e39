"""What the audit trail records, and where each entry belongs.

django-auditlog writes one entry per create/change/delete of a registered model (from the
model signals, with the signed-in user as actor through its middleware). This module registers
the models and places every new entry (`models.EntryManager` asks it): the Kemendagri codes the
entry is about (EntryRegion rows), found by following the object's relations to its posyandu's
kelurahan or its user's region, and the kota the entry belongs to (`LogEntry.kota_code`).
Bulk writes skip model signals; `ranting.audit.bulk` records those.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from auditlog.registry import auditlog
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from ranting.accounts.models import User
from ranting.audit.models import EntryRegion, LogEntry
from ranting.children.models import Child, ChildTransfer
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.recaps.models import MonthlyReport, ReportEvent
from ranting.regions.models import Posyandu

KOTA_CODE_LENGTH = 5  # "32.75": Kemendagri province.kota

# Model → relation paths (ORM lookups) ending in a Kemendagri region code.
REGION_PATHS: dict[type[Model], tuple[str, ...]] = {
    Child: ("posyandu__kelurahan_id",),
    ChildTransfer: ("from_posyandu__kelurahan_id", "to_posyandu__kelurahan_id"),
    Measurement: ("posyandu__kelurahan_id",),
    MeasurementRevision: ("measurement__posyandu__kelurahan_id",),
    MonthlyReport: ("posyandu__kelurahan_id",),
    ReportEvent: ("report__posyandu__kelurahan_id",),
    Posyandu: ("kelurahan_id",),
    User: ("region_id", "posyandus__kelurahan_id"),
}

# Registration options. `updated_at` changes on every save and says nothing the entry's own
# timestamp does not; a user's password hash and last login are secrets and noise.
OPTIONS: dict[type[Model], dict] = {
    Child: {"exclude_fields": ["updated_at"]},
    Measurement: {"exclude_fields": ["updated_at"]},
    User: {"exclude_fields": ["password", "last_login"], "m2m_fields": {"posyandus"}},
}


class Place(NamedTuple):
    """Where an entry belongs: its kota ("" for none) and the region codes it is about."""

    kota: str
    codes: frozenset[str]


NOWHERE = Place("", frozenset())

Reading = Mapping[str, set[str]]  # what was read of an object: path → the values found there


def register_models() -> None:
    for model in REGION_PATHS:
        if not auditlog.contains(model):
            auditlog.register(model, **OPTIONS.get(model, {}))


def _walk(obj: Model, path: str) -> str | None:
    """Follow `path` ("posyandu__kelurahan_id") on an instance; None where it breaks."""
    value: object = obj
    for part in path.split("__"):
        try:
            value = getattr(value, part)
        except (ObjectDoesNotExist, AttributeError):  # deleted relation, many-to-many manager
            return None
        if value is None:
            return None
    return value if isinstance(value, str) else None


def _paths(model: type[Model]) -> tuple[str, ...]:
    """What is read of an object: its own kota_code (if it has one), then its region paths."""
    own = any(f.name == "kota_code" for f in model._meta.concrete_fields)
    return (("kota_code",) if own else ()) + REGION_PATHS.get(model, ())


def _place(model: type[Model], *readings: Reading) -> Place:
    """The place of an object from readings of it, best first: the region codes of all of
    them; the kota of the first path naming one (the object's own kota_code, its own region
    before those it is linked to) in the first reading that has any."""
    regions = REGION_PATHS.get(model, ())
    codes = frozenset(c for reading in readings for p in regions for c in reading.get(p, ()))
    for reading in readings:
        for path in _paths(model):
            if values := reading.get(path):
                return Place(min(values)[:KOTA_CODE_LENGTH], codes)
    return Place("", codes)


def _read(model: type[Model], obj: Model) -> dict[str, set[str]]:
    return {path: {value} for path in _paths(model) if (value := _walk(obj, path))}


def _read_stored(model: type[Model], pks: Iterable[object]) -> dict[str, dict[str, set[str]]]:
    paths = _paths(model)
    found: dict[str, dict[str, set[str]]] = {}
    if not paths:
        return found
    for pk, *values in model._base_manager.filter(pk__in=list(pks)).values_list("pk", *paths):
        reading = found.setdefault(str(pk), {})
        for path, value in zip(paths, values, strict=True):
            if value:
                reading.setdefault(path, set()).add(value)
    return found


def places_by_pk(model: type[Model], pks: Iterable[object]) -> dict[str, Place]:
    """Where each stored object is (one query for all), keyed by the pk as text."""
    return {pk: _place(model, reading) for pk, reading in _read_stored(model, pks).items()}


def places_of_instances(model: type[Model], rows: Iterable[Model]) -> dict[str, Place] | None:
    """places_by_pk read off the instances themselves (rows just created, relations loaded);
    None when a path does not resolve on one of them (then ask the database)."""
    found = {}
    for row in rows:
        reading = _read(model, row)
        if len(reading) < len(_paths(model)):
            return None
        found[str(row.pk)] = _place(model, reading)
    return found


def place_of(instance: Model) -> Place:
    """Where a new entry about `instance` belongs: where the object is, and where it was.

    auditlog writes update entries before the row is saved, so `instance` (the object being
    saved) gives the new place and the stored row the old one; the kota is the new one. A
    deleted object has only `instance` left.
    """
    model = type(instance)
    stored = _read_stored(model, [instance.pk]).get(str(instance.pk), {})
    return _place(model, _read(model, instance), stored)


def store_regions(entry: LogEntry | None, place: Place) -> LogEntry | None:
    """Writes the region rows of a new entry; returns the entry."""
    if entry is not None:
        kota = entry.kota_code
        rows = [EntryRegion(entry=entry, code=c, kota_code=kota) for c in sorted(place.codes)]
        EntryRegion.objects.bulk_create(rows)
    return entry

"""What the audit trail records, and the region(s) each entry belongs to.

django-auditlog writes one LogEntry per create/change/delete of a registered model (from the
model signals, with the signed-in user as actor through its middleware). This module registers
the models and, for every new entry, stores the Kemendagri codes the entry is about (EntryRegion),
found by following the object's relations to its posyandu's kelurahan or its user's region.
Bulk writes skip model signals; `ranting.audit.bulk` records those.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.db.models.signals import post_save

from ranting.accounts.models import User
from ranting.audit.models import EntryRegion
from ranting.children.models import Child, ChildTransfer
from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.recaps.models import MonthlyReport, ReportEvent
from ranting.regions.models import Posyandu

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

# The object auditlog is logging, from pre_log to the entry's post_save: its new relations (an
# update is logged before the row changes) and, once deleted, the only place they are left.
_saving: ContextVar[Model | None] = ContextVar("audit_saving", default=None)


def register_models() -> None:
    for model in REGION_PATHS:
        if not auditlog.contains(model):
            auditlog.register(model, **OPTIONS.get(model, {}))
    pre_log.connect(_remember_instance, dispatch_uid="ranting.audit.remember_instance")
    post_save.connect(_store_regions, sender=LogEntry, dispatch_uid="ranting.audit.regions")


def _remember_instance(sender, instance, action, **kwargs) -> None:
    # Returning None (not False) keeps auditlog logging.
    _saving.set(instance)


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


def regions_by_pk(model: type[Model], pks: Iterable[object]) -> dict[str, set[str]]:
    """Region codes of each object (one query for all), keyed by the pk as text."""
    paths = REGION_PATHS.get(model, ())
    found: dict[str, set[str]] = {}
    if not paths:
        return found
    rows = model._base_manager.filter(pk__in=list(pks)).values_list("pk", *paths)
    for pk, *codes in rows:
        found.setdefault(str(pk), set()).update(c for c in codes if c)
    return found


def regions_of_instances(model: type[Model], rows: Iterable[Model]) -> dict[str, set[str]] | None:
    """regions_by_pk read off the instances themselves (rows just created, relations loaded);
    None when a path does not resolve on one of them (then ask the database)."""
    found: dict[str, set[str]] = {}
    for row in rows:
        codes = {_walk(row, path) for path in REGION_PATHS.get(model, ())}
        if None in codes:
            return None
        found[str(row.pk)] = codes  # type: ignore[assignment]
    return found


def entry_regions(entry: LogEntry, instance: Model | None = None) -> set[str]:
    """The region codes a new entry is about: where the object is, and where it was.

    auditlog writes update entries before the row is saved, so the stored row gives the old
    place and `instance` (the object being saved, if known) the new one.
    """
    model = entry.content_type.model_class()
    if model is None:
        return set()
    codes = regions_by_pk(model, [entry.object_pk]).get(str(entry.object_pk), set())
    if instance is not None:
        codes |= {c for path in REGION_PATHS.get(model, ()) if (c := _walk(instance, path))}
    return codes


def _store_regions(sender, instance: LogEntry, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    saved = _saving.get()
    _saving.set(None)
    same = (
        saved is not None
        and type(saved) is instance.content_type.model_class()
        and str(saved.pk) == str(instance.object_pk)  # an int until the entry is re-read
    )
    codes = entry_regions(instance, saved if same else None)
    EntryRegion.objects.bulk_create([EntryRegion(entry=instance, code=c) for c in sorted(codes)])

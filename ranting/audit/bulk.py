"""Audit entries for bulk writes, which bypass the model signals django-auditlog listens to.

Usage around a `bulk_update`:

    before = bulk.snapshot(rows)          # before the values change
    ...change rows...; Model.objects.bulk_update(rows, fields)
    bulk.log_bulk_update(rows, fields, before)

and `bulk.log_bulk_create(rows)` after a `bulk_create` (the rows need their pks). Entries get the
same actor, correlation id and address as signal-made ones, one entry per changed row, plus their
region rows, in a constant number of queries per call.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import pre_save

from ranting.audit.models import EntryRegion
from ranting.audit.tracking import regions_by_pk, regions_of_instances

# Marks entries written by this module (additional_data), e.g. a recomputation of later months.
BULK_MARK = {"bulk": True}


def _json_changes() -> bool:
    # auditlog adds its defaults to settings at import; mirror how it stores changes.
    return bool(getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False))


def snapshot(rows: Iterable[Model]) -> dict[object, Model]:
    """Copies of `rows` as they are now, keyed by pk (take it before changing them)."""
    return {row.pk: copy.copy(row) for row in rows}


def _write(
    pairs: Sequence[tuple[Model, Mapping]], action: int, recomputed: bool = True
) -> list[LogEntry]:
    if not pairs or auditlog_disabled.get():
        return []
    model = type(pairs[0][0])
    if not auditlog.contains(model):
        return []
    content_type = ContentType.objects.get_for_model(model)
    cid = get_cid()
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(row.pk),
            object_id=row.pk if isinstance(row.pk, int) else None,
            object_repr=str(row),
            action=action,
            changes=dict(changes),
            cid=cid,
            additional_data=BULK_MARK if recomputed else None,
        )
        for row, changes in pairs
    ]
    for entry in entries:
        # What a save would send: within a request auditlog's middleware fills in the actor and
        # address here (and only then: its context outlives the request, its receiver does not).
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None)
    entries = LogEntry.objects.bulk_create(entries)
    rows = [row for row, _changes in pairs]
    regions = (action == LogEntry.Action.CREATE and regions_of_instances(model, rows)) or (
        regions_by_pk(model, [row.pk for row in rows])
    )
    EntryRegion.objects.bulk_create(
        [
            EntryRegion(entry=entry, code=code)
            for entry in entries
            for code in sorted(regions.get(entry.object_pk, ()))
        ]
    )
    return entries


def log_bulk_update(
    rows: Iterable[Model], fields: Iterable[str], before: Mapping[object, Model]
) -> list[LogEntry]:
    """One UPDATE entry per row whose `fields` differ from its copy in `before`."""
    names = list(fields)
    pairs = []
    for row in rows:
        old = before.get(row.pk)
        if old is None:
            continue
        changes = model_instance_diff(
            old,
            row,
            fields_to_check=names,
            use_json_for_changes=_json_changes(),
        )
        if changes:
            pairs.append((row, changes))
    return _write(pairs, LogEntry.Action.UPDATE)


def log_bulk_create(rows: Iterable[Model], *, recomputed: bool = True) -> list[LogEntry]:
    """One CREATE entry per saved row (as a signal-made create entry would be). `recomputed`
    marks them as written by the system; a user's own batch (the actor's) passes False."""
    pairs = []
    for row in rows:
        changes = model_instance_diff(None, row, use_json_for_changes=_json_changes())
        pairs.append((row, changes or {}))
    return _write(pairs, LogEntry.Action.CREATE, recomputed)

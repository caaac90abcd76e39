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
from auditlog.diff import get_field_value, is_primitive, model_instance_diff, track_field
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, JSONField, Model
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

from ranting.audit.models import EntryRegion, LogEntry
from ranting.audit.tracking import NOWHERE, places_by_pk, places_of_instances

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
    rows = [row for row, _changes in pairs]
    places = (action == LogEntry.Action.CREATE and places_of_instances(model, rows)) or (
        places_by_pk(model, [row.pk for row in rows])
    )
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
            kota_code=places.get(str(row.pk), NOWHERE).kota,
        )
        for row, changes in pairs
    ]
    for entry in entries:
        # What a save would send: within a request auditlog's middleware fills in the actor and
        # address here (and only then: its context outlives the request, its receiver does not).
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None)
    entries = LogEntry.objects.bulk_create(entries)
    EntryRegion.objects.bulk_create(
        [
            EntryRegion(entry=entry, code=code, kota_code=entry.kota_code)
            for entry in entries
            for code in sorted(places.get(entry.object_pk, NOWHERE).codes)
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


def create_changes(rows: Sequence[Model]) -> list[dict]:
    """What `model_instance_diff(None, row)` gives for each saved row (of one model), read
    straight off the fields it compares: each one with a value, as ("None", its text), or as
    (None, value) with AUDITLOG_STORE_JSON_CHANGES. Faster: fields chosen once, no old side."""
    if not rows or not auditlog.contains(model := type(rows[0])):
        return [{} for _row in rows]
    json, options = _json_changes(), auditlog.get_model_fields(model)
    if options["mask_fields"]:
        return [model_instance_diff(None, row, use_json_for_changes=json) or {} for row in rows]
    include, exclude = options["include_fields"], options["exclude_fields"]
    fields = [
        f
        for f in model._meta.get_fields()
        if track_field(f) and (not include or f.name in include) and f.name not in exclude
    ]
    if not json:
        # A plain field's text is smart_str of its value, as get_field_value gives it; asking
        # get_field_value for each of a batch's ≈ 800 values was ≈ 2 ms of its CPU.
        read = [(f.name, f if _needs_reading(f) else None) for f in fields]
        return [_text_changes(row, read) for row in rows]
    changes = []
    for row in rows:
        values = ((f.name, get_field_value(row, f, json)) for f in fields)
        changes.append(
            {
                name: (None, new if is_primitive(new) else smart_str(new))
                for name, new in values
                if new is not None
            }
        )
    return changes


def _needs_reading(field) -> bool:
    """Datetimes (made naive), JSON (dumped) and relations are read by get_field_value."""
    return not field.concrete or field.is_relation or isinstance(field, (DateTimeField, JSONField))


def _text_changes(row: Model, read: list) -> dict:
    """create_changes of one row in text mode; `read`: (name, the field when get_field_value
    must read it)."""
    changes = {}
    for name, field in read:
        if field is None:
            value = getattr(row, name)
            new = value if type(value) is str else str(smart_str(value))
        else:
            new = get_field_value(row, field)  # an unset relation is None, so it is kept
        if new != "None":  # how model_instance_diff reads the absent old row
            changes[name] = ("None", smart_str(new))
    return changes


def log_bulk_create(rows: Iterable[Model], *, recomputed: bool = True) -> list[LogEntry]:
    """One CREATE entry per saved row (as a signal-made create entry would be). `recomputed`
    marks them as written by the system; a user's own batch (the actor's) passes False."""
    rows = list(rows)
    pairs = list(zip(rows, create_changes(rows), strict=True))
    return _write(pairs, LogEntry.Action.CREATE, recomputed)

"""The audit trail: django-auditlog's entries in a table of our own, and the regions of each.

`LogEntry` is auditlog's entry (who, when, action, old → new per field) swapped in through
`AUDITLOG_LOGENTRY_MODEL`, with the kota it belongs to, so a national cluster keeps a city's
audit trail with the city's data (docs/scaling.md, Citus). A change can concern more than one
region (a child moved from one kelurahan to another), hence one EntryRegion row per Kemendagri
code; an entry without any (a superadmin account) is visible to superadmin only.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models


class EntryManager(LogEntryManager):
    """auditlog's manager: its two writers (every signal-made entry) also place the entry."""

    def log_create(self, instance, force_log=False, **kwargs):
        from ranting.audit import tracking

        place = tracking.place_of(instance)
        kwargs.setdefault("kota_code", place.kota)
        entry = super().log_create(instance, force_log, **kwargs)
        return tracking.store_regions(entry, place)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        from ranting.audit import tracking

        place = tracking.place_of(instance)
        kwargs.setdefault("kota_code", place.kota)
        entry = super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)
        return tracking.store_regions(entry, place)


class LogEntry(AbstractLogEntry):
    # Kota of the object: its own kota_code, else its region's ("32.75"); "" for none.
    kota_code = models.CharField(max_length=5, db_index=True)

    objects = EntryManager()


class EntryRegion(models.Model):
    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="regions")
    kota_code = models.CharField(max_length=5, db_index=True, editable=False)  # the entry's
    # Kemendagri code: the kelurahan of a posyandu, or the region of a user account.
    code = models.CharField(max_length=13, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "code"], name="one_region_row_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.code}"

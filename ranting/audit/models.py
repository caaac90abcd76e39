"""Which regions an audit entry is about, so each admin sees the entries of their own region.

The entries themselves are django-auditlog's LogEntry rows (who, when, action, old → new per
field). A change can concern more than one region (a child moved from one kelurahan to another),
hence one EntryRegion row per Kemendagri code; an entry without any (a superadmin account) is
visible to superadmin only.
"""

from __future__ import annotations

from django.db import models


class EntryRegion(models.Model):
    entry = models.ForeignKey("auditlog.LogEntry", on_delete=models.CASCADE, related_name="regions")
    # Kemendagri code: the kelurahan of a posyandu, or the region of a user account.
    code = models.CharField(max_length=13, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "code"], name="one_region_row_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.code}"

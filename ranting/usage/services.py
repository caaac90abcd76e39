"""State changes of the usage log: only the retention purge (rows are written by the middleware)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ranting.usage.models import ReportUsage


def retention_days() -> int:
    """Days a usage row is kept (settings.USAGE_RETENTION_DAYS); 0 keeps rows for ever."""
    return max(0, int(getattr(settings, "USAGE_RETENTION_DAYS", 0)))


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete rows older than the retention period; returns how many were deleted.

    Nothing is deleted when the retention is 0 (keep for ever).
    """
    days = retention_days()
    if days == 0:
        return 0
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _by_model = ReportUsage.objects.filter(created_at__lt=cutoff).delete()
    return deleted

"""Records each successful view or download of a report (see tracking.py for what counts)."""

from __future__ import annotations

import logging

from django.db import connection, transaction

from ranting.usage.tracking import usage_for

logger = logging.getLogger(__name__)


# What recording one view costs inside a transaction (as in a test): SAVEPOINT, INSERT, RELEASE.
# Query-count tests of report pages add it to their own budget.
RECORD_QUERIES_IN_TRANSACTION = 3


class UsageMiddleware:
    """Runs after authentication, so request.user is known; costs one INSERT per report view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            row = usage_for(request, response)
            if row is not None:
                if connection.in_atomic_block:
                    # Inside a transaction a failed INSERT must not poison what follows.
                    with transaction.atomic():
                        row.save(force_insert=True)
                else:
                    row.save(force_insert=True)
        except Exception:
            # Usage statistics are never worth a failed report page, whatever went wrong (a
            # locked or missing table, an odd URL): log it and answer the request anyway.
            logger.exception("usage: could not record the report view")
        return response

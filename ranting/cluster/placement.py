"""Where every model lives in a Citus cluster distributed by `kota_code` (docs/scaling.md,
section 4), by model label. `tests/test_distribution.py` checks that every model is in exactly
one set; `manage.py citus_prepare` converts the schema from these sets.
"""

from __future__ import annotations

DISTRIBUTION_COLUMN = "kota_code"
# The table every distributed table is co-located with.
COLOCATE_WITH = "children.Child"

# Large (grow with children × months), sharded by kota_code, co-located with each other.
DISTRIBUTED = {
    "children.Child",
    "measurements.Measurement",
    "recaps.MonthlyReport",
    "facts.MonthlyFact",
    "usage.ReportUsage",
    "publication.PublicationSnapshot",
    "review.ReviewYear",
    "review.ReviewRow",
    "measurements.MeasurementRevision",
    "recaps.ReportEvent",
    "children.ChildTransfer",
    "ranting_api.ClientWrite",
    "audit.LogEntry",  # AUDITLOG_LOGENTRY_MODEL: the kota of the object
    "audit.EntryRegion",  # its entry's
}
# Small and read everywhere: replicated to every node (Citus reference tables).
REFERENCE = {
    "regions.Region",
    "regions.Posyandu",
    "accounts.User",
    "auth.Permission",
    "auth.Group",
    "contenttypes.ContentType",
    "ranting_api.ApiToken",
    "otp_totp.TOTPDevice",
}
# Kept on the coordinator only: per-login state and jobs, never joined with city data.
COORDINATOR = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "transfer.ImportJob",
    "facts.StaleFact",  # the facts refresh queue: a few rows at a time, drained every second
}
PLACES = {
    "distributed": DISTRIBUTED,
    "reference": REFERENCE,
    "coordinator": COORDINATOR,
}

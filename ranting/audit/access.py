"""Who may read the audit trail, and which entries: the region rules of `accounts.scope`.

Admin kelurahan see entries about their kelurahan, kecamatan their kecamatan, dinas the city,
superadmin everything (entries about no region too). Kader have no audit page (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.audit.models import EntryRegion, LogEntry
from ranting.children import privacy


def audit_prefix(user: User) -> str:
    """The region prefix of the user's audit view ("" = all); PermissionDenied for kader."""
    prefix = scope.region_prefix(user)
    if prefix is None:
        raise PermissionDenied
    return prefix


def visible_entries(user: User) -> QuerySet[LogEntry]:
    """Audit entries the user may read, newest first (raises PermissionDenied for kader)."""
    prefix = audit_prefix(user)
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if prefix == "":
        return entries
    in_region = EntryRegion.objects.filter(scope.within("code", prefix), entry=OuterRef("pk"))
    return entries.filter(Exists(in_region))


def sees_nik(user: User) -> bool:
    """NIK and KK numbers in clear: the admin kelurahan checks them against the family's
    documents; everyone else reviewing changes needs only to see that they changed (kader have
    no audit page). The rule is children.privacy's, like on every page (see docs/audit.md)."""
    return privacy.role_sees_full_nik(user)

"""Who may see and change publications, built on accounts.scope (the one source of region scope).

- Round pages (live figures): dinas and superadmin for the kota, kecamatan (read-only) for their
  own kecamatan. Admin kelurahan and kader have none (403 on the start page).
- Snapshot pages with every figure (drafts, withdrawn versions, unsuppressed cells): dinas whose
  region contains the kota, and superadmin. Other users working inside that kota see that the
  publication exists (its public page) but not the internal one: 403. Anyone else: 404.
- Freezing, publishing and withdrawing: the same users as the internal snapshot pages.
- The public page needs no login.
"""

from __future__ import annotations

from enum import Enum

from ranting.accounts import scope
from ranting.accounts.models import User

Role = User.Role
ROUND_ROLES = (Role.DINAS, Role.SUPERADMIN, Role.KECAMATAN)
PUBLISHER_ROLES = (Role.DINAS, Role.SUPERADMIN)


class Access(Enum):
    FULL = "full"
    PUBLIC_ONLY = "public_only"
    NONE = "none"


def _covers(prefix: str, code: str) -> bool:
    return prefix == "" or code == prefix or code.startswith(prefix + ".")


def may_use_rounds(user: User) -> bool:
    return user.is_superuser or user.role in ROUND_ROLES


def snapshot_access(user: User, kota_code: str) -> Access:
    if not user.is_authenticated or not user.is_active:
        return Access.NONE
    prefix = scope.region_prefix(user)
    if prefix is None:
        inside = scope.visible_posyandus(user).filter(kota_code=kota_code).exists()
        return Access.PUBLIC_ONLY if inside else Access.NONE
    if _covers(prefix, kota_code):
        if prefix == "" or user.role in PUBLISHER_ROLES:
            return Access.FULL
        return Access.PUBLIC_ONLY
    if _covers(kota_code, prefix):
        return Access.PUBLIC_ONLY
    return Access.NONE


def may_publish(user: User, kota_code: str) -> bool:
    return snapshot_access(user, kota_code) == Access.FULL

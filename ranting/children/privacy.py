"""Who sees a child's NIK, the mother's NIK and the family-card (KK) number in full.

In full: the kader of the child's posyandu (they register the child and check the numbers against
the family card), the admin kelurahan of the child's kelurahan (they verify the register) and the
superadmin. Everyone else who may see the child (kecamatan, dinas) monitors figures, not people,
and sees the numbers masked (`lib.nik.mask_nik`). Pages, exports and the audit trail all decide
through this module; `scope` has already decided whether the child is visible at all.
"""

from __future__ import annotations

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.lib.nik import mask_nik
from ranting.regions.models import Posyandu

Role = User.Role

# Roles whose visible children are all their own to keep or verify: kader see only their
# posyandu and admin kelurahan only their kelurahan (accounts.scope), so for these roles the
# role alone decides, which lists and exports spanning many posyandu rely on.
FULL_NIK_ROLES = frozenset({Role.KADER, Role.ADMIN_KELURAHAN, Role.SUPERADMIN})

IDENTITY_FIELDS = ("nik", "mother_nik", "no_kk")


def role_sees_full_nik(user: User) -> bool:
    """Full numbers in everything this user can see (lists, exports, audit entries)."""
    return user.is_authenticated and (user.is_superuser or user.role in FULL_NIK_ROLES)


def sees_full_nik(user: User, posyandu: Posyandu) -> bool:
    """Full numbers of the children of this posyandu: its kader, its admin kelurahan, superadmin."""
    return scope.can_record(user, posyandu) or scope.can_verify(user, posyandu)


def masked(value: str) -> str:
    """A NIK/KK masked to its province, kota and serial; any other length hidden entirely."""
    return mask_nik(value or "")


def shown(value: str, full: bool) -> str:
    """`value` as this reader may see it."""
    return value if full else masked(value)

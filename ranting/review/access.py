"""Who may read and change a kota's annual review matrix (built on accounts.scope).

- dinas of the kota and superadmin: read, create, change, delete;
- admin kelurahan and kecamatan in the kota: read only (the review is the city's shared
  yardstick, and kelurahan/kecamatan supply its data), 403 on every change;
- kader: 403 everywhere (their work is the posyandu; the review is planning by the city);
- anyone from another kota: 404 (the review is invisible to them).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.review.models import ReviewYear

KOTA_CODE_LENGTH = 5


def user_kota(user: User) -> str | None:
    """The kota the user works in; "" for superadmin (every kota); None for kader and others."""
    prefix = scope.region_prefix(user)
    if prefix is None:
        return None
    return prefix[:KOTA_CODE_LENGTH]


def check_reader(user: User) -> str:
    """The user's kota ("" = all); 403 for users with no region (kader)."""
    kota = user_kota(user)
    if kota is None:
        raise PermissionDenied
    return kota


def is_editor(user: User) -> bool:
    return user.role in (User.Role.DINAS, User.Role.SUPERADMIN) or user.is_superuser


def visible_reviews(user: User) -> QuerySet[ReviewYear]:
    kota = user_kota(user)
    if kota is None:
        return ReviewYear.objects.none()
    if kota == "":
        return ReviewYear.objects.all()
    return ReviewYear.objects.filter(kota_code=kota)


def can_edit(user: User, review: ReviewYear) -> bool:
    kota = user_kota(user)
    return kota is not None and is_editor(user) and kota in ("", review.kota_code)

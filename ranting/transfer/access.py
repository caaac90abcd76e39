"""Who may import into which posyandu, and who may see an import job. Built on accounts.scope.

Importing registers children and records measurements, so it follows the recording rule
(`scope.recordable_posyandus`: the kader of the posyandu, and superadmin), widened for the admin
kelurahan to every posyandu they verify (`scope.can_verify`): the admin enters the registers of
their kelurahan's posyandu from the Excel files the kader hand in. Other roles get 403.
A job belongs to the user who uploaded it; anyone else gets 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.regions.models import Posyandu, Region
from ranting.transfer.models import ImportJob

Role = User.Role
IMPORT_ROLES = frozenset({Role.KADER, Role.ADMIN_KELURAHAN, Role.SUPERADMIN})


def may_import(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in IMPORT_ROLES


def check_may_import(user: User) -> None:
    if not may_import(user):
        raise PermissionDenied


def importable_posyandus(user: User, kelurahan: Region) -> QuerySet[Posyandu]:
    """The posyandu of `kelurahan` that `user` may import rows into."""
    base = Posyandu.objects.filter(kelurahan=kelurahan)
    if not may_import(user):
        return base.none()
    if user.role == Role.ADMIN_KELURAHAN:
        return base.filter(pk__in=[p.pk for p in base if scope.can_verify(user, p)])
    return base.filter(pk__in=scope.recordable_posyandus(user).values("pk"))


def import_kelurahans(user: User) -> QuerySet[Region]:
    """Kelurahan with at least one posyandu the user may import into."""
    if not may_import(user):
        return Region.objects.none()
    if user.role == Role.ADMIN_KELURAHAN:
        return Region.objects.filter(pk=user.region_id, level=Region.Level.KELURAHAN)
    posyandus = scope.recordable_posyandus(user)
    return Region.objects.filter(posyandus__in=posyandus).distinct().order_by("code")


def get_job_for_user(user: User, pk: int) -> ImportJob:
    """The user's own job (403 for roles that cannot import, 404 for anyone else's job)."""
    check_may_import(user)
    return get_object_or_404(ImportJob.objects.select_related("kelurahan"), pk=pk, user=user)

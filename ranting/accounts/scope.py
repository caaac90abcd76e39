"""Who may see and change what: the one place that turns a user into querysets.

Views never filter by role themselves; they ask these functions, so the role × region rules
live (and are tested) in one module. Invisible objects are 404, visible but read-only are 403.

The querysets of children, reports and measurements also fix the kota (`in_kota`). It changes
no result: a child's and a report's kota are their posyandu's. On a Citus cluster, where
`kota_code` is the distribution column (docs/scaling.md section 4), it lets the query go to the
one shard that holds the rows.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ranting.accounts.models import User
from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

Role = User.Role
KOTA_CODE_LENGTH = 5  # "32.75": the province and kota segments of a Kemendagri code
KOTAS_CACHE = "_ranting_kotas"  # attribute of the request's user holding a kader's kotas


def region_prefix(user: User) -> str | None:
    """The Kemendagri code prefix the user is limited to; "" for everything; None for kader."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.SUPERADMIN or user.is_superuser:
        return ""
    if user.role == Role.KADER or user.region_id is None:
        return None
    return user.region_id


def within(field: str, prefix: str) -> Q:
    """Q for rows whose region code `field` is `prefix` or lies below it (whole code segments).

    `field` names a code path such as "kelurahan__code" or "posyandu__kelurahan__code".
    """
    if prefix == "":
        return Q()
    return Q(**{field: prefix}) | Q(**{f"{field}__startswith": prefix + "."})


def visible_posyandus(user: User) -> QuerySet[Posyandu]:
    if not user.is_authenticated or not user.is_active:
        return Posyandu.objects.none()
    prefix = region_prefix(user)
    if prefix is None:
        if user.role == Role.KADER:
            return user.posyandus.all()
        return Posyandu.objects.none()
    if prefix == "":
        return Posyandu.objects.all()
    return Posyandu.objects.filter(within("kelurahan__code", prefix))


def user_kotas(user: User) -> list[str] | None:
    """The kota codes the user's rows lie in; None when the user spans a province or more."""
    prefix = region_prefix(user)
    if prefix is None:
        if user.role != Role.KADER or not user.is_active:
            return []
        # Asked once per request: the user object lives as long as the request.
        kotas: list[str] | None = getattr(user, KOTAS_CACHE, None)
        if kotas is None:
            kotas = sorted(user.posyandus.values_list("kota_code", flat=True).distinct())
            setattr(user, KOTAS_CACHE, kotas)
        return kotas
    if len(prefix) < KOTA_CODE_LENGTH:
        return None
    return [prefix[:KOTA_CODE_LENGTH]]


def in_kota(user: User, field: str = "kota_code") -> Q:
    """Q fixing `field` to the user's kota (see the module docstring); Q() across kota."""
    kotas = user_kotas(user)
    if kotas is None:
        return Q()
    if len(kotas) == 1:
        return Q(**{field: kotas[0]})
    return Q(**{f"{field}__in": kotas})


def visible_children(user: User) -> QuerySet[Child]:
    return Child.objects.filter(in_kota(user), posyandu__in=visible_posyandus(user))


def visible_measurements(user: User) -> QuerySet[Measurement]:
    """Measurements of the children the user may see, wherever they were measured.

    The kota fixed is the child's: a measurement's own `kota_code` is where it was taken, which
    differs for a child that moved from another kota.
    """
    return Measurement.objects.filter(
        in_kota(user, "child__kota_code"), child__posyandu__in=visible_posyandus(user)
    )


def visible_reports(user: User) -> QuerySet[MonthlyReport]:
    return MonthlyReport.objects.filter(in_kota(user), posyandu__in=visible_posyandus(user))


def visible_regions(user: User) -> QuerySet[Region]:
    """Regions the user may browse: their own region and everything below it."""
    prefix = region_prefix(user)
    if prefix is None:
        return Region.objects.filter(posyandus__in=visible_posyandus(user)).distinct()
    if prefix == "":
        return Region.objects.all()
    return Region.objects.filter(within("code", prefix))


def recordable_posyandus(user: User) -> QuerySet[Posyandu]:
    """Posyandu where the user may register children and enter measurements."""
    if user.role == Role.SUPERADMIN or user.is_superuser:
        return Posyandu.objects.all()
    if user.role == Role.KADER and user.is_active:
        return user.posyandus.all()
    return Posyandu.objects.none()


def records_wherever_it_sees(user: User) -> bool:
    """Whether every posyandu of visible_posyandus(user) is in recordable_posyandus(user), so
    a caller that knows what the user sees need not ask what it may record."""
    if not user.is_active:
        return False
    return user.role in (Role.SUPERADMIN, Role.KADER) or user.is_superuser


def can_see_region(user: User, region: Region) -> bool:
    prefix = region_prefix(user)
    if prefix is None:
        return False
    return prefix == "" or region.code == prefix or region.code.startswith(prefix + ".")


def can_see_posyandu(user: User, posyandu: Posyandu) -> bool:
    return visible_posyandus(user).filter(pk=posyandu.pk).exists()


def can_record(user: User, posyandu: Posyandu) -> bool:
    """Kader of this posyandu (and superadmin) enter children and measurements."""
    if user.role == Role.SUPERADMIN or user.is_superuser:
        return True
    return user.role == Role.KADER and user.posyandus.filter(pk=posyandu.pk).exists()


def can_verify(user: User, posyandu: Posyandu) -> bool:
    """The admin of the posyandu's kelurahan (and superadmin) return, approve and reopen."""
    if user.role == Role.SUPERADMIN or user.is_superuser:
        return True
    return user.role == Role.ADMIN_KELURAHAN and user.region_id == posyandu.kelurahan_id

"""GET /regions, /regions/{code}, /posyandu: the wilayah and posyandu the caller may see."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Path, Query, Router

from ranting.accounts import scope
from ranting.api import serialize
from ranting.api.common import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, caller, page
from ranting.api.errors import not_found, responses
from ranting.api.schemas import PosyanduPage, RegionOut, RegionPage

router = Router(tags=["wilayah"])

# Kemendagri codes: digits in dot-separated segments ("32.75.06.1001").
REGION_CODE = r"^[0-9]{2}(\.[0-9]{2,4}){0,3}$"
Level = Literal["provinsi", "kota", "kecamatan", "kelurahan"]


@router.get("/regions", response=responses({200: RegionPage}), summary="Daftar wilayah")
def list_regions(
    request: HttpRequest,
    level: Level | None = None,
    parent: str | None = Query(None, pattern=REGION_CODE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Regions the caller may browse: their own region and everything below it (a kader: the
    kelurahan of their posyandu)."""
    rows = scope.visible_regions(caller(request)).order_by("code")
    if level:
        rows = rows.filter(level=level)
    if parent:
        rows = rows.filter(parent_id=parent)
    return page(rows, limit, offset, lambda items: [serialize.region(r) for r in items])


@router.get("/regions/{code}", response=responses({200: RegionOut}), summary="Satu wilayah")
def get_region(request: HttpRequest, code: str = Path(..., pattern=REGION_CODE)):
    region = scope.visible_regions(caller(request)).filter(code=code).first()
    if region is None:
        raise not_found("code")
    return serialize.region(region)


@router.get("/posyandu", response=responses({200: PosyanduPage}), summary="Daftar posyandu")
def list_posyandu(
    request: HttpRequest,
    kelurahan: str | None = Query(None, pattern=REGION_CODE),
    active: bool | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Posyandu the caller may see; `can_record` says where they may enter data."""
    user = caller(request)
    rows = scope.visible_posyandus(user).select_related("kelurahan").order_by("code")
    if kelurahan:
        rows = rows.filter(scope.within("kelurahan__code", kelurahan))
    if active is not None:
        rows = rows.filter(is_active=active)
    recordable = serialize.can_record_ids(user)

    def render(items: list) -> list[dict]:
        return [serialize.posyandu(p, recordable) for p in items]

    return page(rows, limit, offset, render)

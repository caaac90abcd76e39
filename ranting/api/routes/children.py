"""GET/POST /children, GET/PATCH /children/{id}: the child register.

Validation is the web form's (children.forms.ChildForm: NIK, dates, birth weight, possible
duplicates as warnings that need `confirm`), writes go through children.services, and access
through children.access (404 invisible, 403 visible but read-only).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from ranting.accounts import scope
from ranting.api import idempotency, serialize
from ranting.api.common import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, caller, form_errors, page
from ranting.api.errors import ApiError, forbidden, invalid, not_found, responses
from ranting.api.models import ClientWrite
from ranting.api.routes.regions import REGION_CODE
from ranting.api.schemas import MAX_ID, ChildIn, ChildOut, ChildPage, ChildPatch, Text
from ranting.children import privacy, services
from ranting.children.access import child_for
from ranting.children.forms import ChildForm
from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.regions.models import Posyandu

router = Router(tags=["anak"])
Kind = ClientWrite.Kind
NOT_FINGERPRINTED = {"client_id", "confirm"}
NAME_QUERY = Query(None, max_length=100, description="part of the child's name")


def _out(child: Child, user, duplicate: bool = False) -> dict[str, Any]:
    last = Measurement.objects.filter(child=child).order_by("-period").first()
    data = serialize.child(
        child,
        scope.can_record(user, child.posyandu),
        privacy.sees_full_nik(user, child.posyandu),
        last,
    )
    data["duplicate"] = duplicate
    return data


def _get_child(request: HttpRequest, pk: int, write: bool = False) -> Child:
    return child_for(caller(request), pk, write)


def _needs_confirmation(form: ChildForm, confirm: bool) -> ApiError | None:
    if form.warnings and not confirm and set(form.errors) == {"__all__"}:
        return ApiError(
            422,
            "needs_confirmation",
            _('Periksa peringatan; bila data sudah benar, kirim lagi dengan "confirm": true.'),
            "confirm",
            {"warnings": [str(w) for w in form.warnings]},
        )
    return None


def _replay(write: ClientWrite, kind: str, print_: str, user) -> dict[str, Any]:
    """A retried write: the current child (200), or 409 when the id meant something else."""
    child = Child.objects.select_related("posyandu__kelurahan").filter(pk=write.object_id).first()
    if child is None or not idempotency.is_same(write, kind, print_):
        raise idempotency.conflict()
    if not scope.can_see_posyandu(user, child.posyandu):
        raise idempotency.conflict()
    return _out(child, user, duplicate=True)


@router.get("/children", response=responses({200: ChildPage}), summary="Daftar anak")
def list_children(
    request: HttpRequest,
    posyandu: int | None = Query(None, ge=1, le=MAX_ID),
    kelurahan: str | None = Query(None, pattern=REGION_CODE),
    q: Text | None = NAME_QUERY,
    active: bool | None = Query(True, description="false: deactivated; empty: both"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Children of the posyandu the caller may see, with their latest measurement."""
    user = caller(request)
    rows = scope.visible_children(user)
    if posyandu is not None:
        rows = rows.filter(posyandu_id=posyandu)
    if kelurahan:
        rows = rows.filter(scope.within("posyandu__kelurahan__code", kelurahan))
    if q:
        rows = rows.filter(name__icontains=q.strip())
    if active is not None:
        rows = rows.filter(is_active=active)
    latest = Measurement.objects.filter(child=OuterRef("pk")).order_by("-period")
    rows = (
        rows.select_related("posyandu__kelurahan")
        .annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .order_by("name", "pk")
    )
    recordable = serialize.can_record_ids(user)
    # Kader and admin kelurahan list only their own children, so their role decides for the page.
    full_nik = privacy.role_sees_full_nik(user)

    def render(items: list[Child]) -> list[dict]:
        # The ids come from visible children: the kota only routes the read (scope docstring).
        routed = Measurement.objects.filter(scope.in_kota(user, "child__kota_code"))
        last = routed.in_bulk([c.latest_id for c in items if c.latest_id])
        return [
            serialize.child(c, c.posyandu_id in recordable, full_nik, last.get(c.latest_id))
            for c in items
        ]

    return page(rows, limit, offset, render)


@router.get("/children/{id}", response=responses({200: ChildOut}), summary="Satu anak")
def get_child(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    return _out(_get_child(request, id), caller(request))


@router.post(
    "/children",
    response=responses({200: ChildOut, 201: ChildOut}, 409),
    summary="Daftarkan anak (idempoten dengan client_id)",
)
def create_child(request: HttpRequest, payload: ChildIn):
    """201 with the new child; 200 with `"duplicate": true` when this client_id was already
    registered with the same data; 409 `client_id_conflict` when it was used for other data."""
    user = caller(request)
    posyandu = Posyandu.objects.filter(pk=payload.posyandu_id).first()
    if posyandu is None or not scope.can_see_posyandu(user, posyandu):
        raise not_found("posyandu_id")
    if not scope.can_record(user, posyandu):
        raise forbidden(_("Hanya kader posyandu ini yang dapat mendaftarkan anak."), "posyandu_id")
    values = payload.dict(exclude=NOT_FINGERPRINTED)
    print_ = idempotency.fingerprint(values)
    if (write := idempotency.find(payload.client_id)) is not None:
        return Status(200, _replay(write, Kind.CHILD_CREATE, print_, user))

    data = {**payload.dict(exclude={"client_id", "posyandu_id"}), "posyandu": posyandu.pk}
    form = ChildForm(data, posyandus=Posyandu.objects.filter(pk=posyandu.pk))
    if not form.is_valid():
        raise _needs_confirmation(form, payload.confirm) or form_errors(form)
    try:
        with transaction.atomic():
            child = services.register_child(user, posyandu, form.cleaned_data)
            Child.objects.filter(pk=child.pk).update(client_id=payload.client_id)
            idempotency.remember(payload.client_id, Kind.CHILD_CREATE, child, print_, user)
    except IntegrityError:
        # The same client_id was saved by a concurrent request: answer as its retry.
        write = idempotency.find(payload.client_id)
        if write is None:
            raise
        return Status(200, _replay(write, Kind.CHILD_CREATE, print_, user))
    child.refresh_from_db()
    return Status(201, _out(child, user))


def _apply_patch(child: Child, user, changes: dict[str, Any], confirm: bool) -> None:
    """Register fields through ChildForm + update_child; then (de)activation and moving."""
    register = {k: v for k, v in changes.items() if k in services.CHILD_FIELDS}
    if register:
        data = {**model_to_dict(child, fields=list(ChildForm.Meta.fields)), **register}
        form = ChildForm(data, instance=child)
        if not form.is_valid():
            raise _needs_confirmation(form, confirm) or form_errors(form)
        try:
            services.update_child(child, user, form.cleaned_data)
        except services.ChildError as err:
            raise invalid(err.errors) from err
    target = changes.get("posyandu_id")
    if target is not None and target != child.posyandu_id:
        to = Posyandu.objects.filter(pk=target, is_active=True).first()
        if to is None:
            raise invalid({"posyandu_id": [_("Posyandu tujuan tidak ditemukan atau nonaktif.")]})
        services.move_child(child, user, to, (changes.get("move_reason") or "").strip())
    active = changes.get("is_active")
    if active is False and child.is_active:
        try:
            services.deactivate_child(child, user, changes.get("inactive_reason") or "")
        except services.ChildError as err:
            raise invalid({"inactive_reason": err.errors.get("reason", [])}) from err
    elif active is True and not child.is_active:
        services.reactivate_child(child, user)


@router.patch(
    "/children/{id}",
    response=responses({200: ChildOut}, 409),
    summary="Ubah data anak (sebagian)",
)
def update_child(request: HttpRequest, payload: ChildPatch, id: int = Path(..., ge=1, le=MAX_ID)):
    """Only the fields sent change. Fields are absolute values, so a repeat is harmless; with a
    `client_id` a repeat answers `"duplicate": true` and a reused id with other data gets 409.
    `is_active: false` needs `inactive_reason`; `posyandu_id` moves the child (history stays)."""
    user = caller(request)
    child = _get_child(request, id, write=True)
    changes = payload.dict(exclude_unset=True, exclude=NOT_FINGERPRINTED)
    print_ = idempotency.fingerprint({"child": child.pk, **changes})
    if payload.client_id is not None and (write := idempotency.find(payload.client_id)):
        return _replay(write, Kind.CHILD_UPDATE, print_, user)
    try:
        with transaction.atomic():
            _apply_patch(child, user, changes, payload.confirm)
            if payload.client_id is not None:
                idempotency.remember(payload.client_id, Kind.CHILD_UPDATE, child, print_, user)
    except IntegrityError:
        write = idempotency.find(payload.client_id) if payload.client_id else None
        if write is None:
            raise
        return _replay(write, Kind.CHILD_UPDATE, print_, user)
    child = Child.objects.select_related("posyandu__kelurahan").get(pk=child.pk)
    return _out(child, user)

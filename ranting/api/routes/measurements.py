"""GET/POST /measurements, GET/PATCH /measurements/{id}: monthly weighing and length/height.

POST is what the offline kader form sends, so each outcome has its own answer:
- 201: saved; the body has the z-scores, PMK statuses, N/T/O/B, 2T, BGM and warnings;
- 200 `"duplicate": true`: this client_id was already saved with the same values (a retry);
- 409 `client_id_conflict`: the client_id was used for different values;
- 409 `already_measured`: the child already has a measurement that month under another id
  (details.existing is that row, so the phone can show the conflict);
- 422 `needs_confirmation`: implausible values, send again with `"confirm": true`;
- 422 `invalid` / 409 `locked`: refused, nothing saved.
Validation is the web form's (MeasurementForm / CorrectionForm); writes go through
measurements.services only.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from ranting.accounts import scope
from ranting.api import idempotency, serialize
from ranting.api.common import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    caller,
    form_errors,
    month,
    page,
)
from ranting.api.errors import ApiError, invalid, responses
from ranting.api.models import ClientWrite
from ranting.api.routes.regions import REGION_CODE
from ranting.api.schemas import (
    MAX_ID,
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    MeasurementPatch,
    Month,
)
from ranting.children.access import check_child_access, measurement_for
from ranting.children.models import Child
from ranting.measurements import services
from ranting.measurements.derive import period_of
from ranting.measurements.forms import CorrectionForm, CorrectionInput, MeasurementInput
from ranting.measurements.models import Measurement, MeasurementRevision

router = Router(tags=["pengukuran"])
Kind = ClientWrite.Kind
INPUTS = services.INPUT_FIELDS
PERIOD = Query(None, description="YYYY-MM")


def _out(m: Measurement, duplicate: bool = False) -> dict[str, Any]:
    data = serialize.measurement(m, locked=services.is_locked(m.posyandu_id, m.period))
    data["duplicate"] = duplicate
    return data


def _get_measurement(request: HttpRequest, pk: int, write: bool = False) -> Measurement:
    return measurement_for(caller(request), pk, write)


def _inputs(values: dict[str, Any]) -> dict[str, Any]:
    """The measured values in the form the service stores them (for comparing requests)."""
    out = {name: values.get(name) for name in INPUTS}
    out["position"] = (out["position"] or "") if out["lenhei_cm"] is not None else ""
    out["notes"] = (out["notes"] or "").strip()
    for flag in ("oedema", "vitamin_a", "exclusive_breastfeeding"):
        out[flag] = bool(out[flag])
    return out


def fingerprint_of(child_id: int, values: dict[str, Any]) -> str:
    """What a retry of a POST must match: the child and the measured values."""
    return idempotency.fingerprint({"child": child_id, **_inputs(values)})


def _row_print(m: Measurement) -> str:
    return idempotency.fingerprint(
        {"child": m.child_id, **_inputs({n: getattr(m, n) for n in INPUTS})}
    )


def _replay(client_id: UUID, print_: str, user) -> dict[str, Any] | None:
    """The answer to a retried POST, or None when the client_id is new.

    The ClientWrite holds the fingerprint of the first request, so a retry still matches after
    the row was corrected; a row that carries the client_id without one is compared as it is.
    """
    rows = Measurement.objects.select_related("child__posyandu")
    write = idempotency.find(client_id)
    if write is not None:
        if write.kind != Kind.MEASUREMENT_CREATE:
            raise idempotency.conflict()
        row = rows.filter(pk=write.object_id).first()
        same = write.fingerprint == print_
    else:
        row = rows.filter(client_id=client_id).first()
        if row is None:
            return None
        same = _row_print(row) == print_
    if row is None or not scope.can_see_posyandu(user, row.child.posyandu):
        raise idempotency.conflict()
    if not same:
        raise idempotency.conflict({"existing": _out(row)})
    return _out(row, duplicate=True)


def _refused(err: services.MeasurementRefused) -> ApiError:
    return invalid(err.errors, code="refused" if set(err.errors) == {"__all__"} else "invalid")


def _locked_error() -> ApiError:
    return ApiError(409, "locked", _(services.LOCKED_MESSAGE), "measured_on")


def _needs_confirmation(err: services.NeedsConfirmation) -> ApiError:
    return ApiError(
        422,
        "needs_confirmation",
        _('Nilai ini perlu dicek; bila sudah benar, kirim lagi dengan "confirm": true.'),
        "confirm",
        {"warnings": err.warnings, "preview": serialize.measurement(err.preview, revisions=0)},
    )


def refusal_error(err: services.MeasurementError) -> ApiError:
    """The API's answer to a refusal of measurements.services (nothing was saved)."""
    if isinstance(err, services.AlreadyMeasured):
        return ApiError(
            409,
            "already_measured",
            _(
                "Anak ini sudah diukur pada bulan yang sama (%(date)s). Koreksi data itu "
                "dengan PATCH /measurements/%(id)s bila perlu."
            )
            % {"date": err.existing.measured_on.strftime("%d-%m-%Y"), "id": err.existing.pk},
            "measured_on",
            {"existing": _out(err.existing)},
        )
    if isinstance(err, services.NeedsConfirmation):
        return _needs_confirmation(err)
    if isinstance(err, services.MonthLocked):
        return _locked_error()
    assert isinstance(err, services.MeasurementRefused)
    return _refused(err)


def created(m: Measurement) -> dict[str, Any]:
    """The 201 answer for a row just saved (unlocked, no revision): built without reading."""
    return {**serialize.measurement(m, locked=False, revisions=0), "duplicate": False}


@router.get("/measurements", response=responses({200: MeasurementPage}), summary="Pengukuran")
def list_measurements(
    request: HttpRequest,
    child: int | None = Query(None, ge=1, le=MAX_ID),
    posyandu: int | None = Query(None, ge=1, le=MAX_ID, description="where it was measured"),
    kelurahan: str | None = Query(None, pattern=REGION_CODE),
    period: Month | None = PERIOD,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Measurements of the children the caller may see, newest month first."""
    user = caller(request)
    rows = scope.visible_measurements(user)
    if child is not None:
        rows = rows.filter(child_id=child)
    if posyandu is not None:
        rows = rows.filter(posyandu_id=posyandu)
    if kelurahan:
        rows = rows.filter(scope.within("posyandu__kelurahan__code", kelurahan))
    if period:
        rows = rows.filter(period=month(period, "period", future=True))
    rows = with_revision_counts(rows).order_by("-period", "child_id")

    def render(items: list[Measurement]) -> list[dict]:
        locked = services.locked_months((m.posyandu_id, m.period) for m in items)
        return [serialize.measurement(m, locked=(m.posyandu_id, m.period) in locked) for m in items]

    return page(rows, limit, offset, render)


def with_revision_counts(rows):
    """`rows` annotated with revision_count (what serialize.measurement shows as revisions)."""
    # A subquery, not a join with GROUP BY id: on PostgreSQL the table is partitioned and its
    # primary key is (id, period), so id alone does not determine the other columns.
    revisions = (
        MeasurementRevision.objects.filter(measurement=OuterRef("pk"))
        .order_by()
        .values("measurement")
        .annotate(n=Count("id"))
        .values("n")
    )
    return rows.annotate(
        revision_count=Coalesce(Subquery(revisions, output_field=IntegerField()), 0)
    )


@router.get("/measurements/{id}", response=responses({200: MeasurementOut}), summary="Satu")
def get_measurement(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    return _out(_get_measurement(request, id))


@router.post(
    "/measurements",
    response=responses({200: MeasurementOut, 201: MeasurementOut}, 409),
    summary="Catat pengukuran (idempoten dengan client_id)",
)
def create_measurement(request: HttpRequest, payload: MeasurementIn):
    status, body = create_one(caller(request), payload)
    return Status(status, body)


def create_one(user, payload: MeasurementIn) -> tuple[int, dict[str, Any]]:
    """Record one measurement for `user`: (201, row) or (200, duplicate row); raises ApiError,
    Http404 or PermissionDenied with nothing saved. Also each item of POST /measurements/batch."""
    children = Child.objects.select_related("posyandu__kelurahan")
    child = get_object_or_404(children, pk=payload.child_id)
    check_child_access(user, child, write=True)
    values = payload.dict()
    print_ = fingerprint_of(child.pk, values)
    if (answer := _replay(payload.client_id, print_, user)) is not None:
        return 200, answer

    form = MeasurementInput(values, child=child)
    if not form.is_valid():
        raise form_errors(form)
    if services.is_locked(child.posyandu_id, period_of(form.cleaned_data["measured_on"])):
        raise _locked_error()
    try:
        with transaction.atomic():
            m = services.record_measurement(child, user, form.cleaned_data, payload.confirm)
            Measurement.objects.filter(pk=m.pk).update(client_id=payload.client_id)
            idempotency.remember(payload.client_id, Kind.MEASUREMENT_CREATE, m, print_, user)
    except services.AlreadyMeasured as err:
        if err.existing.client_id == payload.client_id:
            return 200, _replay(payload.client_id, print_, user) or {}
        raise refusal_error(err) from err
    except services.MeasurementError as err:
        raise refusal_error(err) from err
    except IntegrityError:
        # A concurrent request stored the same client_id first: this one is its retry.
        if (answer := _replay(payload.client_id, print_, user)) is None:
            raise
        return 200, answer
    m.client_id = payload.client_id
    return 201, created(m)


@router.patch(
    "/measurements/{id}",
    response=responses({200: MeasurementOut}, 409),
    summary="Koreksi pengukuran (idempoten dengan client_id)",
)
def correct_measurement(
    request: HttpRequest, payload: MeasurementPatch, id: int = Path(..., ge=1, le=MAX_ID)
):
    """The fields sent replace the saved values; the old values are kept as a revision. A retry
    with the same client_id answers `"duplicate": true` with the current row."""
    user = caller(request)
    m = _get_measurement(request, id, write=True)
    changes = payload.dict(exclude_unset=True, exclude={"client_id", "confirm"})
    print_ = idempotency.fingerprint({"measurement": m.pk, **changes})
    if (write := idempotency.find(payload.client_id)) is not None:
        if not idempotency.is_same(write, Kind.MEASUREMENT_CORRECT, print_):
            raise idempotency.conflict()
        return _out(m, duplicate=True)

    data = {**CorrectionForm.initial_from(m), **changes}
    form = CorrectionInput(data, child=m.child)
    if not form.is_valid():
        raise form_errors(form)
    if services.is_locked(m.posyandu_id, m.period):
        raise _locked_error()
    cleaned = form.cleaned_data
    try:
        with transaction.atomic():
            services.correct_measurement(m, user, cleaned, payload.confirm, cleaned["reason"])
            idempotency.remember(payload.client_id, Kind.MEASUREMENT_CORRECT, m, print_, user)
    except services.NeedsConfirmation as err:
        raise _needs_confirmation(err) from err
    except services.MeasurementRefused as err:
        raise _refused(err) from err
    except IntegrityError:
        write = idempotency.find(payload.client_id)
        if write is None or not idempotency.is_same(write, Kind.MEASUREMENT_CORRECT, print_):
            raise idempotency.conflict() from None
        m = _get_measurement(request, id)
        return _out(m, duplicate=True)
    m = _get_measurement(request, id)
    return _out(m)

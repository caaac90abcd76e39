"""POST /measurements/batch: a phone's queue of new measurements in one request.

Each item is answered exactly as POST /measurements would answer it alone ({status, body}, in
the order sent), so a client handles the results as single answers. Items are independent: a
refused item does not stop the others, each runs in its own savepoint, and the monthly facts of
the posyandu-months touched are refreshed once at the end. The accepted items commit together:
if the request dies, none is stored, and the phone's retry (same client_ids) stores them then.
New measurements and items resent under a stored client_id are each answered together; the
rest (repeats within the batch, earlier months) one by one.

Why a batch: a request costs ≈ 6 ms of server CPU before any work, as much as the measurement's
own writes, and the offline form syncs whole queues after a posyandu day (docs/scaling.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router
from pydantic import ValidationError

from ranting.accounts import scope
from ranting.api import idempotency, serialize
from ranting.api.common import caller, form_errors
from ranting.api.errors import ApiError, forbidden, item_validation_error, not_found, responses
from ranting.api.models import ClientWrite
from ranting.api.routes.measurements import (
    create_one,
    created,
    fingerprint_of,
    refusal_error,
    with_revision_counts,
)
from ranting.api.schemas import MeasurementBatchIn, MeasurementBatchOut, MeasurementIn
from ranting.children.models import Child
from ranting.facts import services as facts
from ranting.measurements import services
from ranting.measurements.batch import NewEntry, record_new_measurements
from ranting.measurements.forms import MeasurementInput
from ranting.measurements.models import Measurement
from ranting.measurements.services import AlreadyMeasured

router = Router(tags=["pengukuran"])
Answer = tuple[int, dict[str, Any]]


@router.post(
    "/measurements/batch",
    response=responses({200: MeasurementBatchOut}),
    summary="Kirim banyak pengukuran sekaligus (antrean luring)",
)
def create_measurements(request: HttpRequest, payload: MeasurementBatchIn):
    """Up to 100 POST /measurements bodies; each gets the answer it would get alone."""
    user = caller(request)
    with transaction.atomic(), facts.deferred_refresh():
        answers = _answers(user, payload.items)
    results = [{"status": status, "body": body} for status, body in answers]
    return {"accepted": sum(status == 201 for status, _ in answers), "results": results}


def _answers(user, items: list[Any]) -> list[Answer]:
    """Plain new measurements and resent items together; repeats within the batch and whatever
    the set-wise paths hand back one by one, in order, as POST /measurements does."""
    answers: dict[int, Answer] = {}
    parsed: dict[int, MeasurementIn] = {}
    for i, item in enumerate(items):
        try:
            parsed[i] = MeasurementIn.model_validate(item)
        except ValidationError as err:
            answers[i] = _error(item_validation_error(err.errors()))
    batch = _Batch(user, parsed, answers)
    _retries(batch)
    _together(batch)
    for i in sorted(set(parsed) - set(answers)):
        answers[i] = _alone(user, parsed[i])
    return [answers[i] for i in range(len(items))]


@dataclass
class _Batch:
    """What the set-wise answers share: the parsed items, the answers given so far, and one read
    each of the stored client_ids, the children and the caller's access to their posyandus."""

    user: Any
    parsed: dict[int, MeasurementIn]
    answers: dict[int, Answer]
    client_ids: Counter = field(init=False)
    per_child: Counter = field(init=False)
    known: dict[Any, ClientWrite] = field(init=False)
    children: dict[int, Child] = field(init=False)
    access: dict[int, ApiError | None] = field(init=False)
    visible: set[int] = field(init=False)  # of the posyandus in `access`

    def __post_init__(self) -> None:
        self.client_ids = Counter(p.client_id for p in self.parsed.values())
        self.per_child = Counter(p.child_id for p in self.parsed.values())
        self.known = _known_writes(list(self.client_ids))
        children = Child.objects.select_related("posyandu__kelurahan")
        self.children = children.in_bulk(list(self.per_child))
        ids = {child.posyandu_id for child in self.children.values()}
        self.visible = _visible(self.user, ids)
        self.access = _access(self.user, ids, self.visible)

    def refusal(self, p: MeasurementIn) -> ApiError | None:
        """check_child_access's answer for the item's child (None: the caller may write)."""
        child = self.children.get(p.child_id)
        return not_found("child_id") if child is None else self.access[child.posyandu_id]


def _retries(batch: _Batch) -> None:
    """Answer, in `batch.answers`, the items already stored under their client_id as
    `create_one` answers them (a phone resending a queue whose answer it lost), in a few queries
    for all: one by one, each cost five queries, and a resent batch three to four times a new
    one."""
    parsed, answers = batch.parsed, batch.answers
    writes = {k: w for k, w in batch.known.items() if w.kind == ClientWrite.Kind.MEASUREMENT_CREATE}
    retried = [
        i for i, p in parsed.items() if p.client_id in writes and batch.client_ids[p.client_id] == 1
    ]
    if not retried:
        return
    rows = _stored_rows([writes[parsed[i].client_id] for i in retried])
    # A stored row's posyandu is mostly its item's, whose visibility is known already.
    unknown = {m.child.posyandu_id for m in rows.values()} - set(batch.access)
    visible = batch.visible | (_visible(batch.user, unknown) if unknown else set())
    per_child = batch.per_child
    found: dict[int, tuple[Measurement, bool]] = {}
    for i in retried:
        p, write = parsed[i], writes[parsed[i].client_id]
        row = rows.get(write.object_id)
        if (refused := batch.refusal(p)) is not None:
            answers[i] = _error(refused)
        elif row is None or row.child.posyandu_id not in visible:
            answers[i] = _error(idempotency.conflict())
        elif per_child[p.child_id] == 1 and (
            row.child_id == p.child_id or not per_child[row.child_id]
        ):
            # (Another item of the row's child could change it first: then it goes alone.)
            found[i] = (row, write.fingerprint == fingerprint_of(p.child_id, p.dict()))
    locked = services.locked_months((m.posyandu_id, m.period) for m, _same in found.values())
    for i, (m, same) in found.items():
        body = serialize.measurement(m, locked=(m.posyandu_id, m.period) in locked)
        if same:
            answers[i] = (200, {**body, "duplicate": True})
        else:
            answers[i] = _error(idempotency.conflict({"existing": {**body, "duplicate": False}}))


def _stored_rows(writes: list[ClientWrite]) -> dict[int, Measurement]:
    """The measurements the writes created (with their revision counts), by pk."""
    ids = [w.object_id for w in writes]
    rows = Measurement.objects.filter(pk__in=ids, kota_code__in={w.kota_code for w in writes})
    return {m.pk: m for m in with_revision_counts(rows.select_related("child__posyandu"))}


def _together(batch: _Batch) -> None:
    """Answer, in `batch.answers`, the items measurements.batch takes (plain new
    measurements)."""
    parsed, answers, user = batch.parsed, batch.answers, batch.user
    candidates = [
        i
        for i, p in parsed.items()
        if batch.client_ids[p.client_id] == 1
        and p.client_id not in batch.known
        and batch.per_child[p.child_id] == 1
    ]
    entries: list[tuple[int, NewEntry]] = []
    for i in candidates:
        p = parsed[i]
        if (refused := batch.refusal(p)) is not None:
            answers[i] = _error(refused)
            continue
        child = batch.children[p.child_id]
        form = MeasurementInput(p.dict(), child=child)
        if not form.is_valid():
            answers[i] = _error(form_errors(form))
            continue
        entries.append((i, NewEntry(child, form.cleaned_data, p.confirm, p.client_id)))
    outcomes = record_new_measurements(user, [entry for _i, entry in entries])
    writes = []
    for (i, _entry), outcome in zip(entries, outcomes, strict=True):
        p = parsed[i]
        if isinstance(outcome, Measurement):
            answers[i] = (201, created(outcome))
            writes.append(_client_write(p, outcome, user))
        elif isinstance(outcome, AlreadyMeasured) and outcome.existing.client_id == p.client_id:
            continue  # a row that carries this client_id: answered as a retry, alone
        elif outcome is not None:
            answers[i] = _error(refusal_error(outcome))
    ClientWrite.objects.bulk_create(writes)


def _known_writes(client_ids: list) -> dict[Any, ClientWrite]:
    # A measurement row that carries one of them without a ClientWrite makes the set-wise
    # insert fail on its unique client_id; the items are then answered one by one.
    return {w.client_id: w for w in ClientWrite.objects.filter(client_id__in=client_ids)}


def _client_write(p: MeasurementIn, m: Measurement, user) -> ClientWrite:
    return ClientWrite(
        client_id=p.client_id,
        kind=ClientWrite.Kind.MEASUREMENT_CREATE,
        object_id=m.pk,
        kota_code=m.kota_code,
        fingerprint=fingerprint_of(m.child_id, p.dict()),
        user=user,
    )


def _visible(user, ids: set[int]) -> set[int]:
    """Those of the posyandus `ids` the user may see."""
    return set(scope.visible_posyandus(user).filter(pk__in=ids).values_list("pk", flat=True))


def _access(user, ids: set[int], visible: set[int]) -> dict[int, ApiError | None]:
    """check_child_access's answer for each posyandu `ids` of the batch (`visible`: those the
    user may see)."""
    if scope.records_wherever_it_sees(user):  # a kader: one query less a batch
        writable = visible
    else:
        recordable = scope.recordable_posyandus(user).filter(pk__in=visible)
        writable = set(recordable.values_list("pk", flat=True))
    refusals: dict[int, ApiError | None] = {}
    for pk in ids:
        if pk in writable:
            refusals[pk] = None
        elif pk in visible:
            refusals[pk] = forbidden(field="child_id")
        else:
            refusals[pk] = not_found("child_id")
    return refusals


def _alone(user, payload: MeasurementIn) -> Answer:
    """The item as POST /measurements answers it, in a savepoint of its own."""
    try:
        with transaction.atomic():
            return create_one(user, payload)
    except ApiError as err:
        return _error(err)
    except Http404:
        return _error(not_found("child_id"))
    except PermissionDenied:
        return _error(forbidden(field="child_id"))


def _error(err: ApiError) -> Answer:
    return err.status, err.body()

"""Client-generated ids: a retried write returns what the first one did, never a second row.

The endpoints record each accepted write as a ClientWrite (client_id, kind, object, fingerprint)
in the same transaction as the write itself, so either both exist or neither does. A retry is
recognised by the client_id: the same fingerprint is a duplicate (answer 200 with the current
row), another fingerprint is a conflict (409 client_id_conflict).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from ranting.api.errors import ApiError
from ranting.api.models import ClientWrite


def canonical(value: Any) -> Any:
    """JSON-able, order-independent form of request values (dates ISO, decimals normalised)."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # 8.5 and 8.50 are the same weight.
        return format(value.normalize(), "f")
    if isinstance(value, UUID):
        return str(value)
    return value


def fingerprint(values: dict[str, Any]) -> str:
    text = json.dumps(canonical(values), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def find(client_id: UUID) -> ClientWrite | None:
    return ClientWrite.objects.filter(client_id=client_id).first()


def remember(client_id: UUID, kind: str, written, print_: str, user) -> ClientWrite:
    """Record the write of `written` (a child or a measurement) under the client's id."""
    return ClientWrite.objects.create(
        client_id=client_id,
        kind=kind,
        object_id=written.pk,
        kota_code=written.kota_code,
        fingerprint=print_,
        user=user,
    )


def conflict(details: Any = None) -> ApiError:
    return ApiError(
        409,
        "client_id_conflict",
        _(
            "client_id ini sudah dipakai untuk data lain. Buat client_id baru untuk setiap "
            "data yang berbeda."
        ),
        "client_id",
        details,
    )


def is_same(write: ClientWrite, kind: str, print_: str) -> bool:
    return write.kind == kind and write.fingerprint == print_

"""Small pieces every endpoint module uses: the caller, pagination, months, form errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ranting.accounts.models import User
from ranting.api.errors import ApiError, invalid
from ranting.recaps.deadlines import current_period

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Deep offsets are a crawl, not a page; the cap also keeps OFFSET inside the database's integer.
MAX_OFFSET = 1_000_000


def caller(request: HttpRequest) -> User:
    # The auth classes have run: request.auth is the signed-in User.
    return cast(User, request.auth)  # type: ignore[attr-defined]


def page(
    rows: QuerySet | list, limit: int, offset: int, render: Callable[[list], list[dict]]
) -> dict[str, Any]:
    """{"count", "limit", "offset", "items"}: `render` turns the page's rows into dicts."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": render(list(rows[offset : offset + limit])),
    }


def month(value: str | None, field: str, *, future: bool = False) -> dt.date:
    """A "YYYY-MM" string → the first day of that month (default: this month). A later month
    is refused unless `future` (a list filter, where simply nothing matches)."""
    if not value:
        return current_period()
    try:
        day = dt.date(int(value[:4]), int(value[5:7]), 1)
    except ValueError as err:
        raise invalid({field: [_("tulis bulan dengan format TTTT-BB, misalnya 2025-05.")]}) from err
    if day > current_period() and not future:
        raise invalid({field: [_("bulan tidak boleh melewati bulan ini.")]})
    return day


def form_errors(form: forms.BaseForm) -> ApiError:
    return invalid({name: [str(e) for e in errors] for name, errors in form.errors.items()})


def only(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {k: values[k] for k in names if k in values}

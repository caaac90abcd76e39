"""Sign-in lockout after repeated wrong passwords (django-axes), as the superadmin sees it.

Axes counts failures per username and client IP (settings.AXES_LOCKOUT_PARAMETERS) and refuses
further attempts from that pair for settings.AXES_COOLOFF_TIME (or until reset when it is None).
Failures are counted by the login form's `authenticate()` call and by wrong two-step codes.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone

# Too Many Requests: the client may retry later; not 403, which would read as "no access".
LOCKOUT_STATUS = 429


@dataclass(frozen=True)
class Lock:
    username: str
    ip_address: str
    failures: int
    last_attempt: object
    until: object  # datetime, or None when only a superadmin can lift it


def locked_attempts() -> QuerySet[AccessAttempt]:
    """Username + IP pairs that are locked out now."""
    rows = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off is not None:
        rows = rows.filter(attempt_time__gte=timezone.now() - cool_off)
    return rows.order_by("-attempt_time")


def current_locks() -> list[Lock]:
    cool_off = get_cool_off()
    return [
        Lock(
            username=row.username or "",
            ip_address=row.ip_address or "",
            failures=row.failures_since_start,
            last_attempt=row.attempt_time,
            until=row.attempt_time + cool_off if cool_off is not None else None,
        )
        for row in locked_attempts()
    ]


def unlock(username: str, ip_address: str) -> int:
    """Lift the lock of one username + IP pair; returns the number of attempt rows removed."""
    if not username and not ip_address:
        return 0  # axes would read "no filter" as "everything"
    return reset(ip=ip_address or None, username=username or None)


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (settings.AXES_LOCKOUT_CALLABLE), status 429."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off is not None else None,
    }
    return render(request, "accounts/lockout.html", context, status=LOCKOUT_STATUS)


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP (settings.AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or behind
    settings.PROXY_COUNT proxies the address the outermost trusted proxy saw, read from the
    right of X-Forwarded-For (the left part is whatever the client wrote)."""
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not settings.PROXY_COUNT or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    candidate = hops[-min(settings.PROXY_COUNT, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

"""Who is calling: a Bearer token or the browser session (with CSRF), and the rate limits.

Rate limits (settings.API_RATE_USER, settings.API_RATE_ANON, "count/period" as in "120/m"):
ninja runs throttles only after authentication succeeded, so the anonymous limit is applied
here, when no credential matched; token guessing is slowed down per IP that way.
"""

from __future__ import annotations

import contextlib
from typing import Any, NoReturn

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle, SimpleRateThrottle
from ninja.utils import check_csrf

from ranting.api.tokens import user_for_token

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _SettingsRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is read from Django settings at each request (tests and operators
    can change it without re-importing the API). An empty rate switches the limit off."""

    setting = ""

    def __init__(self) -> None:
        self.rate = None
        self.num_requests, self.duration = None, None

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.setting, "") or None
        if rate is None:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


class UserThrottle(_SettingsRateThrottle):
    """Per authenticated user, whichever way they signed in."""

    scope = "ranting_user"
    setting = "API_RATE_USER"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "auth", None)
        if user is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class AnonThrottle(_SettingsRateThrottle):
    """Per client IP, for requests without a valid credential."""

    scope = "ranting_anon"
    setting = "API_RATE_ANON"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _refuse_anonymous(request: HttpRequest) -> NoReturn:
    """Count an unauthenticated request; 429 beyond the anonymous rate, else 401."""
    throttle = AnonThrottle()
    if not throttle.allow_request(request):
        raise Throttled(wait=throttle.wait())  # type: ignore[arg-type]
    raise AuthenticationError()


def _name_audit_actor(user) -> None:
    """django-auditlog's middleware took the actor from the session before the token was read;
    name the token's user as the actor of this request's audit entries instead."""
    try:
        from auditlog.context import auditlog_value
    except ImportError:
        return
    with contextlib.suppress(LookupError):
        auditlog_value.get()["actor"] = user


class BearerToken(HttpBearer):
    """`Authorization: Bearer rnt_…`: a personal token made on /akun/token/."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header and not header.lower().startswith("bearer "):
            _refuse_anonymous(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token.strip())
        if user is None:
            # A wrong or revoked token is an error even with a session cookie beside it.
            _refuse_anonymous(request)
        # Code shared with the web views reads request.user.
        request.user = user
        _name_audit_actor(user)
        return user


class SessionCookie(APIKeyCookie):
    """The web session; unsafe methods need the CSRF token (X-CSRFToken header)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            _refuse_anonymous(request)
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check Failed")
        return user


AUTH = [BearerToken(), SessionCookie()]
THROTTLE: list[BaseThrottle] = [UserThrottle()]

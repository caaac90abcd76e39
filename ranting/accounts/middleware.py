"""Security middleware: the Permissions-Policy header, and the two-step sign-in gate."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from ranting.accounts import twofactor

# Pages a signed-in user reaches before finishing two-step sign-in (or enrolment).
OPEN_PAGES = frozenset({"accounts:login", "accounts:logout", "accounts:code", "accounts:enrol"})


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY (Django has no setting for this header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response.headers:
            response.headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


class TwoFactorMiddleware:
    """Holds a session whose user enrolled in two-step sign-in until the code is given, and
    sends users of a role in settings.TOTP_REQUIRED_ROLES to enrolment first.

    For the JSON API such a session is no credential at all (401 like anonymous callers);
    Bearer tokens are unaffected (they are made on a page behind this gate). Runs after
    django_otp's OTPMiddleware, which adds `user.is_verified()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            unverified = user.two_factor and not user.is_verified()
            if unverified or twofactor.must_enrol(user):
                if request.path_info.startswith("/api/"):
                    request.user = AnonymousUser()
                elif not self._open(request):
                    return redirect("accounts:code" if unverified else "accounts:enrol")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a 404 page reveals nothing
        return match.view_name in OPEN_PAGES

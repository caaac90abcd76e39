"""Sign-in (password, then the two-step code when enrolled), the account page, password change."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from ranting.accounts import twofactor
from ranting.accounts.forms import CodeForm, LoginForm, PasswordChangeForm
from ranting.accounts.models import User

# Where each role starts its day.
START_PAGE = {
    User.Role.KADER: "children:list",
    User.Role.ADMIN_KELURAHAN: "recaps:index",
    User.Role.KECAMATAN: "dashboards:index",
    User.Role.DINAS: "dashboards:index",
    User.Role.SUPERADMIN: "dashboards:index",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(START_PAGE.get(request.user.role, "guide:index"))


def _next_url(request: HttpRequest) -> str:
    """The page to return to after signing in: only a path on this site, else the start page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if user.two_factor:
            # Not signed in yet: the session only remembers whose code to expect.
            twofactor.start_pending(request, user, next_url)
            return redirect("accounts:code")
        auth_login(request, user)
        return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _code_subject(request: HttpRequest) -> tuple[User | None, dict | None]:
    """Whose code this page asks for: a pending sign-in, or a signed-in, unverified session."""
    pending = twofactor.pending(request)
    if pending is not None:
        return User.objects.filter(pk=pending["user"], is_active=True).first(), pending
    user = request.user
    if user.is_authenticated and user.two_factor and not user.is_verified():
        return user, None
    return None, None


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def code_view(request: HttpRequest) -> HttpResponse:
    user, pending = _code_subject(request)
    device = twofactor.confirmed_device(user) if user is not None else None
    if device is None:
        twofactor.clear_pending(request)
        messages.info(request, _("Silakan masuk dengan nama pengguna dan kata sandi."))
        return redirect("accounts:login")
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(device, form.cleaned_data["code"]):
            if pending is not None:
                twofactor.clear_pending(request)
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"] if pending else resolve_url("home"))
        form.add_error(
            "code",
            _(
                "Kode salah atau sudah kedaluwarsa. Ketik kode yang sedang tampil di aplikasi "
                "(berganti tiap 30 detik); setelah beberapa kali salah, tunggu sebentar."
            ),
        )
        if pending is not None:
            twofactor.count_wrong_code(request)
        # A wrong code counts like a wrong password towards the lockout (django-axes).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "accounts/code.html", {"form": form, "subject": user})


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "may_enrol": twofactor.may_enrol(user),
        "required": user.role in settings.TOTP_REQUIRED_ROLES,
    }
    return render(request, "accounts/account.html", context)


@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Keeps this session (and its two-step verification); other sessions are signed out.
        update_session_auth_hash(request, user)
        messages.success(request, _("Kata sandi sudah diganti. Sesi di perangkat lain berakhir."))
        return redirect("accounts:account")
    return render(request, "accounts/password.html", {"form": form})

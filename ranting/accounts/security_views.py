"""Two-step sign-in enrolment and switch-off, and the superadmin's lockout and 2FA reset page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ranting.accounts import lockout, twofactor
from ranting.accounts.forms import CodeForm, UnlockForm, UserForm
from ranting.accounts.models import User


def _require_superadmin(user: User) -> None:
    if not (user.is_superuser or user.role == User.Role.SUPERADMIN):
        raise PermissionDenied


@login_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not twofactor.may_enrol(user):
        raise PermissionDenied
    if user.two_factor:
        return redirect("accounts:account")
    device = twofactor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.confirm(request, device, form.cleaned_data["code"]):
            messages.success(
                request, _("Masuk dua langkah aktif. Mulai sekarang, masuk meminta kode.")
            )
            return redirect("accounts:account")
        form.add_error(
            "code",
            _(
                "Kode tidak cocok. Pindai kode QR ini lagi (atau ketik kuncinya), lalu ketik kode "
                "yang sedang tampil; pastikan jam ponsel tepat."
            ),
        )
    context = {
        "form": form,
        # segno's SVG of our own otpauth:// URL: markup we built, not user input.
        "qr": mark_safe(twofactor.qr_svg(device)),
        "secret": twofactor.secret_text(device),
        "required": user.role in settings.TOTP_REQUIRED_ROLES,
    }
    return render(request, "accounts/enrol.html", context)


@login_required
@sensitive_post_parameters("code")
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role in settings.TOTP_REQUIRED_ROLES:
        raise PermissionDenied
    device = twofactor.confirmed_device(user)
    form = CodeForm(request.POST)
    if device is None:
        return redirect("accounts:account")
    if form.is_valid() and twofactor.verify(device, form.cleaned_data["code"]):
        twofactor.remove(user)
        messages.success(request, _("Masuk dua langkah dimatikan."))
        return redirect("accounts:account")
    messages.error(
        request,
        _("Masuk dua langkah tetap aktif: kode salah. Ketik kode yang sedang tampil di aplikasi."),
    )
    return redirect("accounts:account")


@login_required
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    _require_superadmin(request.user)
    context = {
        "locks": lockout.current_locks(),
        "enrolled": User.objects.filter(two_factor=True).order_by("username"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    _require_superadmin(request.user)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kunci tidak dikenal; muat ulang halaman."))
        return redirect("accounts:security")
    username, ip = form.cleaned_data["username"], form.cleaned_data["ip_address"] or ""
    if lockout.unlock(username, ip):
        messages.success(
            request, _("Kunci %(user)s dari %(ip)s dibuka.") % {"user": username, "ip": ip or "-"}
        )
    else:
        messages.info(request, _("Tidak ada kunci untuk %(user)s.") % {"user": username})
    return redirect("accounts:security")


@login_required
@require_POST
def reset_two_factor(request: HttpRequest) -> HttpResponse:
    """For someone who lost the phone: they sign in with the password and enrol again."""
    _require_superadmin(request.user)
    form = UserForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pengguna tidak dikenal; muat ulang halaman."))
        return redirect("accounts:security")
    target = get_object_or_404(User, pk=form.cleaned_data["user"])
    twofactor.remove(target)
    messages.success(
        request, _("Masuk dua langkah %(user)s dimatikan.") % {"user": target.username}
    )
    return redirect("accounts:security")

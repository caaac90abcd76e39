"""Optional two-step sign-in with a TOTP authenticator app (django-otp), and who must use it.

Admin kelurahan, kecamatan, dinas and superadmin may enrol; settings.TOTP_REQUIRED_ROLES lists
the roles that must (empty: optional for all). Kader sign in with a password only: they share
phones at the posyandu and work offline, and see only their own posyandu.

`User.two_factor` mirrors "has a confirmed TOTP device" (kept by the receivers below), so the
middleware decides on every request without another query.
"""

from __future__ import annotations

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ranting.accounts.models import User

Role = User.Role

TOTP_ROLES = frozenset({Role.ADMIN_KELURAHAN, Role.KECAMATAN, Role.DINAS, Role.SUPERADMIN})
DEVICE_NAME = "Aplikasi autentikator"
# Session key of a sign-in whose password was right and whose code is still to come.
PENDING_KEY = "ranting_2fa_pending"
# Minutes to type the code after the password; then the password is asked again.
PENDING_MINUTES = 5
# Wrong codes allowed in one pending sign-in before the password is asked again.
PENDING_MAX_TRIES = 5
QR_SCALE = 4  # units per module; the page shows the code 200 px wide (accounts.css)


def may_enrol(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in TOTP_ROLES)


def must_enrol(user: User) -> bool:
    """The role must use two-step sign-in and the user has not enrolled yet."""
    return (
        user.is_authenticated
        and not user.two_factor
        and user.role in settings.TOTP_REQUIRED_ROLES
        and may_enrol(user)
    )


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (a new secret if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed: base32 in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as inline SVG markup (no data: URL, no style attribute: CSP-safe)."""
    code = segno.make(device.config_url, error="m")
    # omitsize: a viewBox instead of a fixed size, so CSS can shrink it on a narrow phone.
    return code.svg_inline(
        scale=QR_SCALE,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr",
        lineclass=None,
        omitsize=True,
    )


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw or "" if ch.isdigit())


def confirm(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Finish an enrolment with the first code the app shows; the session counts as verified."""
    if not device.verify_token(normalise_code(code)):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify(device: TOTPDevice, code: str) -> bool:
    """Check a sign-in code (django-otp refuses a code used before and slows down guessing)."""
    return device.verify_token(normalise_code(code))


def remove(user: User) -> int:
    """Switch two-step sign-in off for `user` (every device, confirmed or not)."""
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    return deleted


# --- the pending sign-in between the password and the code ---------------------------------


def start_pending(request: HttpRequest, user: User, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "at": time.time(),
        "next": next_url,
        "tries": 0,
    }


def pending(request: HttpRequest) -> dict | None:
    """The pending sign-in of this session, or None (also when it timed out)."""
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    if time.time() - data["at"] > PENDING_MINUTES * 60 or data["tries"] >= PENDING_MAX_TRIES:
        clear_pending(request)
        return None
    return data


def count_wrong_code(request: HttpRequest) -> None:
    data = request.session[PENDING_KEY]
    request.session[PENDING_KEY] = {**data, "tries": data["tries"] + 1}


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


# --- User.two_factor follows the devices --------------------------------------------------


@receiver(post_save, sender=TOTPDevice, dispatch_uid="accounts_totp_saved")
@receiver(post_delete, sender=TOTPDevice, dispatch_uid="accounts_totp_deleted")
def _sync_flag(sender, instance: TOTPDevice, **kwargs) -> None:
    enrolled = TOTPDevice.objects.filter(user_id=instance.user_id, confirmed=True).exists()
    User.objects.filter(pk=instance.user_id).exclude(two_factor=enrolled).update(
        two_factor=enrolled
    )

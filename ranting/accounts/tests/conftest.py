"""Helpers of the sign-in tests: the real login form, real TOTP codes from a device's key."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/akun/masuk/"


def fresh_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now (RFC 6238, the device's own key and clock).

    django-otp refuses a code of a time step it already accepted, so right after a successful
    code this returns the next step's code, which it accepts within its tolerance of one step.
    """
    device.refresh_from_db()
    now_step = int((time.time() - device.t0) // device.step) + device.drift
    ahead = max(0, device.last_t + 1 - now_step)
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    right = int(fresh_code(device))
    return f"{(right + 500_000) % 1_000_000:06d}"


@pytest.fixture
def post_login(client):
    """post_login(username, password, **extra) → response of the real sign-in form."""

    def _post(username: str, password: str, *, follow: bool = False, **extra):
        data = {"username": username, "password": password}
        data.update(extra.pop("data", {}))
        return client.post(LOGIN, data, follow=follow, **extra)

    return _post


@pytest.fixture
def enrolled(people):
    """enrolled(persona) → a confirmed TOTP device for that persona."""

    def _enrolled(persona: str) -> TOTPDevice:
        return TOTPDevice.objects.create(user=people[persona], name="uji", confirmed=True)

    return _enrolled


@pytest.fixture
def code_url():
    return reverse("accounts:code")

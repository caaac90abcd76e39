"""Users, their role, and the region or posyandu their access is limited to."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `manage.py createsuperuser` makes the first account of a new server: a superadmin.
        extra_fields.setdefault("role", "superadmin")
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        KADER = "kader", _("Kader posyandu")
        ADMIN_KELURAHAN = "admin_kelurahan", _("Admin kelurahan")
        KECAMATAN = "kecamatan", _("Petugas kecamatan")
        DINAS = "dinas", _("Dinas (DPPKB/Dinkes)")
        SUPERADMIN = "superadmin", _("Superadmin")

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.KADER)
    # The region this user works for: kelurahan for admin kelurahan, kecamatan for kecamatan,
    # kota for dinas. Kader are scoped by `posyandus` instead; superadmin sees everything.
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    posyandus = models.ManyToManyField("regions.Posyandu", blank=True, related_name="kaders")
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    # True while the user has a confirmed TOTP device (kept by accounts.twofactor), so the
    # sign-in gate needs no extra query per request.
    two_factor = models.BooleanField(_("masuk dua langkah"), default=False, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def role_label(self) -> str:
        return self.get_role_display()

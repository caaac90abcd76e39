"""Wilayah: kota → kecamatan → kelurahan (Kemendagri codes) and the posyandu under a kelurahan.

Kemendagri codes are hierarchical prefixes ("32.75" ⊃ "32.75.06" ⊃ "32.75.06.1001"), so a user's
region scope is a `code__startswith` filter. Every row carries `kota_code`, the future Citus
distribution key, so city data stays co-located when the instance grows into a national cluster.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KOTA = "kota", _("Kabupaten/Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan/Desa")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    display_name = models.CharField(_("nama lazim"), max_length=100, blank=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kota_code = models.CharField(max_length=5, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.display_name or self.name

    def is_within(self, other: Region) -> bool:
        """True when this region is `other` or lies inside it."""
        return self.code == other.code or self.code.startswith(other.code + ".")


class Posyandu(models.Model):
    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama posyandu"), max_length=100)
    kelurahan = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="posyandus",
        limit_choices_to={"level": Region.Level.KELURAHAN},
    )
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    kota_code = models.CharField(max_length=5, db_index=True)

    class Meta:
        ordering = ["kelurahan_id", "code"]
        verbose_name = _("posyandu")
        verbose_name_plural = _("posyandu")

    def __str__(self) -> str:
        return f"Posyandu {self.name}" + (f" (RW {self.rw})" if self.rw else "")

    def save(self, *args, **kwargs):
        self.kota_code = self.kelurahan_id[:5]
        super().save(*args, **kwargs)

"""The child register of a posyandu."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Child(models.Model):
    class Sex(models.TextChoices):
        LAKI_LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    kota_code = models.CharField(max_length=5, db_index=True)
    posyandu = models.ForeignKey(
        "regions.Posyandu", on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("nama anak"), max_length=100)
    nik = models.CharField(_("NIK anak"), max_length=16, blank=True, db_index=True)
    no_kk = models.CharField(_("nomor KK"), max_length=16, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    birth_weight_kg = models.DecimalField(
        _("berat lahir (kg)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    birth_length_cm = models.DecimalField(
        _("panjang lahir (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    mother_name = models.CharField(_("nama ibu/wali"), max_length=100)
    mother_nik = models.CharField(_("NIK ibu"), max_length=16, blank=True)
    father_name = models.CharField(_("nama ayah"), max_length=100, blank=True)
    phone = models.CharField(_("nomor HP orang tua"), max_length=20, blank=True)
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    has_kia_book = models.BooleanField(_("punya KMS/Buku KIA"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    inactive_reason = models.CharField(_("alasan nonaktif"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("anak")
        verbose_name_plural = _("anak")
        indexes = [models.Index(fields=["posyandu", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.kota_code = self.posyandu.kelurahan_id[:5]
        super().save(*args, **kwargs)


class ChildTransfer(models.Model):
    """A move to another posyandu; measurements stay with the child, so history is kept."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="transfers")
    from_posyandu = models.ForeignKey(
        "regions.Posyandu", on_delete=models.PROTECT, related_name="+"
    )
    to_posyandu = models.ForeignKey("regions.Posyandu", on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("alasan pindah"), max_length=200, blank=True)

    class Meta:
        ordering = ["-moved_at"]

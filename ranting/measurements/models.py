"""Monthly weighing and length/height of a child, with the z-scores and statuses derived from it.

Derived columns (age, z-scores, PMK status, N/T/O/B, warnings) are stored, not recomputed per
page view, so dashboards and recaps are plain aggregate queries. `services.py` is the only writer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Measurement(models.Model):
    class Position(models.TextChoices):
        LENGTH = "l", _("Terlentang (panjang badan)")
        HEIGHT = "h", _("Berdiri (tinggi badan)")

    class Growth(models.TextChoices):
        NAIK = "N", _("Naik")
        TIDAK_NAIK = "T", _("Tidak naik")
        LALU_TIDAK_DITIMBANG = "O", _("Bulan lalu tidak ditimbang")
        BARU = "B", _("Baru pertama kali ditimbang")

    kota_code = models.CharField(max_length=5, db_index=True)
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="measurements"
    )
    posyandu = models.ForeignKey(
        "regions.Posyandu", on_delete=models.PROTECT, related_name="measurements"
    )
    # First day of the reporting month; one measurement per child per month.
    period = models.DateField(_("bulan laporan"))
    measured_on = models.DateField(_("tanggal ukur"))
    weight_kg = models.DecimalField(_("berat badan (kg)"), max_digits=5, decimal_places=2)
    lenhei_cm = models.DecimalField(
        _("panjang/tinggi badan (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    position = models.CharField(_("cara ukur"), max_length=1, choices=Position.choices, blank=True)
    oedema = models.BooleanField(_("edema"), default=False)
    armc_cm = models.DecimalField(
        _("LiLA (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    headc_cm = models.DecimalField(
        _("lingkar kepala (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    vitamin_a = models.BooleanField(_("mendapat vitamin A"), default=False)
    exclusive_breastfeeding = models.BooleanField(_("ASI eksklusif"), default=False)
    notes = models.CharField(_("catatan"), max_length=300, blank=True)

    # Derived by services.compute_derived().
    age_days = models.PositiveIntegerField(null=True)
    age_months = models.PositiveSmallIntegerField(null=True)
    clenhei_cm = models.FloatField(null=True)
    zwei = models.FloatField(null=True)
    zlen = models.FloatField(null=True)
    zwfl = models.FloatField(null=True)
    zbmi = models.FloatField(null=True)
    zac = models.FloatField(null=True)
    zhc = models.FloatField(null=True)
    flags = models.CharField(max_length=40, blank=True)  # e.g. "zlen,zwfl": WHO implausible flags
    status_bbu = models.CharField(max_length=30, blank=True)
    status_tbu = models.CharField(max_length=30, blank=True)
    status_bbtb = models.CharField(max_length=30, blank=True)
    status_imtu = models.CharField(max_length=30, blank=True)
    growth = models.CharField(_("N/T/O/B"), max_length=1, choices=Growth.choices, blank=True)
    two_t = models.BooleanField(_("2T"), default=False)
    bgm = models.BooleanField(_("BGM"), default=False)
    referral = models.CharField(max_length=200, blank=True)  # comma-separated referral codes
    # The kader confirmed a value the checks called implausible (WHO flag or odd change).
    confirmed_implausible = models.BooleanField(default=False)
    warnings = models.CharField(max_length=200, blank=True)

    client_id = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["child_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["child", "period"], name="one_measurement_per_month")
        ]
        indexes = [models.Index(fields=["posyandu", "period"])]

    def __str__(self) -> str:
        return f"{self.child_id} {self.period:%Y-%m}"

    def save(self, *args, **kwargs):
        self.kota_code = self.posyandu.kelurahan_id[:5]
        super().save(*args, **kwargs)


class MeasurementRevision(models.Model):
    """The values a correction replaced: nothing a kader saved is silently lost."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="revisions")
    kota_code = models.CharField(max_length=5, db_index=True, editable=False)  # the measurement's
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous = models.JSONField()
    reason = models.CharField(_("alasan koreksi"), max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at"]

    def save(self, *args, **kwargs):
        if MeasurementRevision.measurement.is_cached(self):
            self.kota_code = self.measurement.kota_code
        else:
            # By id only: a missing measurement is refused at the commit (foreign key or, on
            # a partitioned table, its trigger), not here.
            rows = Measurement.objects.filter(pk=self.measurement_id)
            self.kota_code = rows.values_list("kota_code", flat=True).first() or ""
        super().save(*args, **kwargs)

"""The monthly report of one posyandu and its verification by the admin kelurahan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Diisi kader")
        SUBMITTED = "submitted", _("Dikirim ke kelurahan")
        RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
        APPROVED = "approved", _("Disetujui (terkunci)")

    kota_code = models.CharField(max_length=5, db_index=True)
    posyandu = models.ForeignKey(
        "regions.Posyandu", on_delete=models.PROTECT, related_name="reports"
    )
    period = models.DateField(_("bulan laporan"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(_("catatan pengembalian"), blank=True)

    class Meta:
        ordering = ["-period", "posyandu_id"]
        constraints = [
            models.UniqueConstraint(fields=["posyandu", "period"], name="one_report_per_month")
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.posyandu} {self.period:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    def save(self, *args, **kwargs):
        self.kota_code = self.posyandu.kelurahan_id[:5]
        super().save(*args, **kwargs)


class ReportEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Dikirim")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")
        REOPENED = "reopened", _("Dibuka kembali")

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="events")
    kota_code = models.CharField(max_length=5, db_index=True, editable=False)  # the report's
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"

    def save(self, *args, **kwargs):
        self.kota_code = self.report.kota_code
        super().save(*args, **kwargs)

    @property
    def from_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return _status_label(self.to_status)


def _status_label(value: str) -> str:
    return str(dict(MonthlyReport.Status.choices).get(value, value))

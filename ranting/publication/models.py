"""A frozen, versioned snapshot of the published figures of one round of one kota (Aksi 7).

The payload holds every figure as published (see figures.py); pages and PDFs of a snapshot are
rendered from it alone, so later corrections of measurements never change what was published.
A correction is published as a new version of the same round, which supersedes the older one.
`services.py` is the only writer; the checksum lets anyone check a payload was not altered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ranting.publication.rounds import MONTH_LABELS, ROUND_MONTHS, Round


class PublicationSnapshot(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Diterbitkan")
        WITHDRAWN = "withdrawn", _("Ditarik")

    kota_code = models.CharField(max_length=5, db_index=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(
        _("bulan penimbangan"), choices=[(m, MONTH_LABELS[m]) for m in ROUND_MONTHS]
    )
    version = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("catatan"), blank=True)
    payload = models.JSONField()
    checksum = models.CharField(max_length=64)  # SHA-256 of the canonical payload JSON
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.CharField(_("alasan penarikan"), max_length=300, blank=True)

    class Meta:
        ordering = ["kota_code", "-year", "-month", "-version"]
        verbose_name = _("publikasi")
        verbose_name_plural = _("publikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["kota_code", "year", "month", "version"], name="one_version_number"
            ),
            models.CheckConstraint(
                condition=models.Q(month__in=ROUND_MONTHS), name="round_month_feb_or_aug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kota_code} {self.round.slug} v{self.version}"

    @property
    def round(self) -> Round:
        return Round(self.year, self.month)

    @property
    def kota_name(self) -> str:
        return self.payload.get("kota", {}).get("name", self.kota_code)

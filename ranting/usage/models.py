"""One row per successful view or download of a report page (Aksi 6: who uses which report).

The row is written by `middleware.UsageMiddleware` in a single INSERT, so it holds only what the
request already knows: the user id (no name, IP or user agent: the only personal datum), the
user's role and region at that moment, the report's URL name and the region or posyandu from the
URL. The posyandu link has no database constraint on purpose: a log row must never make a
request fail, and it should outlive a posyandu that is later removed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportUsage(models.Model):
    class Kind(models.TextChoices):
        VIEW = "lihat", _("Lihat")
        DOWNLOAD = "unduh", _("Unduh")

    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Role and region at the time of the visit: a later change of role does not rewrite history.
    role = models.CharField(_("peran"), max_length=20, blank=True)
    user_region_code = models.CharField(_("wilayah pengguna"), max_length=13, blank=True)
    # Kota of the report (or of the user when the URL names no region); "" when unknown here,
    # e.g. a kader's posyandu page: then the posyandu's kota applies (see summary.scoped).
    kota_code = models.CharField(max_length=5, blank=True, db_index=True)
    report = models.CharField(_("laporan"), max_length=100)  # "namespace:url_name"
    region_code = models.CharField(_("wilayah laporan"), max_length=13, blank=True)
    posyandu = models.ForeignKey(
        "regions.Posyandu",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    kind = models.CharField(_("jenis"), max_length=5, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kota_code", "created_at"])]
        verbose_name = _("penggunaan laporan")
        verbose_name_plural = _("penggunaan laporan")

    def __str__(self) -> str:
        return f"{self.report} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

"""Annual performance review (Aksi 8, Reviu Kinerja Tahunan): one matrix per kota and year.

The matrix follows Tabel 8.1 "Contoh Matriks Reviu Kinerja" of the 8 aksi konvergensi guideline
(seeds/002): program, kegiatan, output indicator, OPD, output target and realisation, budget
allocated and realised (juta rupiah), problems and follow-up recommendations, in two parts:
A (programs/activities tied to the indicators) and B (the 8 aksi integrasi themselves).
Percentages are computed (see `achievement`), never typed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ranting.review import achievement


class ReviewYear(models.Model):
    kota_code = models.CharField(_("kode kota"), max_length=5, db_index=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    notes = models.TextField(_("catatan umum"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kota_code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["kota_code", "year"], name="one_review_per_kota_year")
        ]
        verbose_name = _("reviu kinerja tahunan")
        verbose_name_plural = _("reviu kinerja tahunan")

    def __str__(self) -> str:
        return f"Reviu {self.kota_code} {self.year}"


class ReviewRow(models.Model):
    class Section(models.TextChoices):
        PROGRAM = "A", _("A. Program/kegiatan yang berkaitan dengan indikator")
        ACTIONS = "B", _("B. Pelaksanaan 8 (delapan) aksi integrasi")

    class Direction(models.TextChoices):
        UP = "naik", _("makin tinggi makin baik")
        DOWN = "turun", _("makin rendah makin baik")

    review = models.ForeignKey(ReviewYear, on_delete=models.CASCADE, related_name="rows")
    # Copied from the review: every row carries its kota (the distribution key of every table).
    kota_code = models.CharField(max_length=5, db_index=True)
    section = models.CharField(
        _("bagian"), max_length=1, choices=Section.choices, default=Section.PROGRAM
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    program = models.CharField(_("program"), max_length=200, blank=True)
    activity = models.CharField(_("kegiatan"), max_length=200, blank=True)
    indicator = models.CharField(_("indikator kinerja keluaran (output)"), max_length=300)
    opd = models.CharField(_("OPD"), max_length=120)
    unit = models.CharField(_("satuan"), max_length=40, blank=True)
    direction = models.CharField(
        _("arah indikator"), max_length=5, choices=Direction.choices, default=Direction.UP
    )
    # RANTING figure this indicator is (see ranting_source.SOURCES); "" = filled by hand.
    source = models.CharField(_("sumber data RANTING"), max_length=20, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    realisation = models.DecimalField(
        _("realisasi"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Realisation in words, for an output that is not a number ("Ya, dilaksanakan Maret").
    realisation_text = models.CharField(_("keterangan realisasi"), max_length=300, blank=True)
    # Where a realisation filled from RANTING came from (month, data source, counts).
    realisation_note = models.CharField(_("asal angka realisasi"), max_length=300, blank=True)
    budget_allocated = models.DecimalField(
        _("anggaran dialokasikan (juta rupiah)"),
        max_digits=15,
        decimal_places=3,
        null=True,
        blank=True,
    )
    budget_realised = models.DecimalField(
        _("anggaran terealisasi (juta rupiah)"),
        max_digits=15,
        decimal_places=3,
        null=True,
        blank=True,
    )
    problem = models.TextField(_("permasalahan/kendala"), blank=True)
    recommendation = models.TextField(_("rekomendasi tindak lanjut"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review_id", "section", "order", "id"]
        verbose_name = _("baris reviu kinerja")
        verbose_name_plural = _("baris reviu kinerja")

    def __str__(self) -> str:
        return f"{self.indicator} ({self.opd})"

    @property
    def physical_pct(self) -> Decimal | None:
        return achievement.physical_pct(
            self.target, self.realisation, lower_is_better=self.direction == self.Direction.DOWN
        )

    @property
    def budget_pct(self) -> Decimal | None:
        return achievement.budget_pct(self.budget_allocated, self.budget_realised)

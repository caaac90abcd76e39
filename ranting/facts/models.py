"""MonthlyFact: the pre-aggregated month of one posyandu that the monitoring pages read.

One row per (posyandu, period) holding counts only, so a city page sums ~1,600 rows per month
instead of ~200,000 measurements. The region codes are copied from the posyandu (kota, kecamatan,
kelurahan) so a region is an equality filter on an indexed column, with no join.

What is NOT here: the report's approval state. It changes (approve, reopen) without any
measurement changing, so readers join MonthlyReport at query time (see facts.queries).
`services.py` is the only writer; the definitions of every count live there.
"""

from __future__ import annotations

from django.db import models


class MonthlyFact(models.Model):
    posyandu = models.ForeignKey(
        "regions.Posyandu", on_delete=models.CASCADE, related_name="monthly_facts"
    )
    period = models.DateField()  # first day of the report month
    kota_code = models.CharField(max_length=5)
    kecamatan_code = models.CharField(max_length=8)
    kelurahan_code = models.CharField(max_length=13)

    # SKDN (DOMAIN.md §2.4): S registered active balita; D weighed; N/T/O/B growth codes.
    s = models.PositiveIntegerField(default=0)
    d = models.PositiveIntegerField(default=0)
    n = models.PositiveIntegerField(default=0)
    t = models.PositiveIntegerField(default=0)
    o = models.PositiveIntegerField(default=0)
    b = models.PositiveIntegerField(default=0)
    two_t = models.PositiveIntegerField(default=0)
    bgm = models.PositiveIntegerField(default=0)
    vitamin_a = models.PositiveIntegerField(default=0)
    exclusive_breastfeeding = models.PositiveIntegerField(default=0)
    with_length = models.PositiveIntegerField(default=0)  # measured with length/height

    # Prevalence numerators and denominators (analysis.prevalence.INDICATORS).
    stunting_n = models.PositiveIntegerField(default=0)
    stunting_d = models.PositiveIntegerField(default=0)
    severe_stunting_n = models.PositiveIntegerField(default=0)
    severe_stunting_d = models.PositiveIntegerField(default=0)
    wasting_n = models.PositiveIntegerField(default=0)
    wasting_d = models.PositiveIntegerField(default=0)
    underweight_n = models.PositiveIntegerField(default=0)
    underweight_d = models.PositiveIntegerField(default=0)
    overweight_n = models.PositiveIntegerField(default=0)
    overweight_d = models.PositiveIntegerField(default=0)

    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # The posyandu decides the kota; the kota is in the key because a Citus cluster
            # (docs/scaling.md) demands the distribution column in every unique key.
            models.UniqueConstraint(
                fields=["kota_code", "posyandu", "period"], name="one_fact_per_month"
            )
        ]
        indexes = [
            models.Index(fields=["kota_code", "period"], name="fact_kota_period"),
            models.Index(fields=["period", "kelurahan_code"], name="fact_period_kelurahan"),
        ]

    def __str__(self) -> str:
        return f"{self.posyandu_id} {self.period:%Y-%m}"


class StaleFact(models.Model):
    """A (posyandu, month) whose fact the background refresher recomputes (FACTS_REFRESH =
    "queued"; services.refresh_stale). Writers only add rows and the refresher only deletes
    the ones it took, so the same pair queued twice is harmless and writers never wait on
    each other; a row outlives a crash of either, so no change is forgotten."""

    posyandu_id = models.BigIntegerField()  # no foreign key: a queue row must never block
    period = models.DateField()
    queued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.posyandu_id} {self.period:%Y-%m}"

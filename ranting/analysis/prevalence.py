"""Prevalence of stunting, severe stunting, wasting, underweight and overweight (issue 4).

Definitions (DOMAIN.md §1.2 reporting shorthand, §3.4 prevalence, §7.1 WHO flags):
- stunting: zlen < −2; severe stunting: zlen < −3;
- wasting: zwfl < −2 or oedema; underweight: zwei < −2 or oedema;
- overweight (program sense, BB/PB or BB/TB > +2 SD): zwfl > +2.
- Denominator: children measured in the month (not last-known values) with a valid z-score for
  the index that is not listed in Measurement.flags (WHO implausible value). Oedema blanks the
  weight-based z-scores; as in WHO anthro_prevalence such a child counts below −3 SD for every
  weight-based index, so it is in the denominator of wasting, underweight and overweight, and in
  the numerator of wasting and underweight only.

The stunting, wasting and underweight conditions are the monitoring dashboard's
(dashboards.queries.INDICATOR_CONDITIONS); severe stunting and overweight are added here with the
same building blocks. `prevalence_counts` runs one aggregate query for any number of rows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ranting.analysis.skdn import AGE_GROUPS, MAX_AGE_MONTHS, UNKNOWN_AGE
from ranting.dashboards import indicators as dash_indicators
from ranting.dashboards import queries as dash_queries
from ranting.regions.models import Region

PERCENT = 100.0
# Two-sided 95% confidence: the 97.5th percentile of the standard normal (1.95996…).
CONFIDENCE = 0.95
Z_95 = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)
# PMK 2/2020: "sangat pendek" is z < −3 SD; "gizi lebih" is z > +2 SD on BB/PB or BB/TB.
SEVERE_CUTOFF_SD = -3.0
OVERWEIGHT_CUTOFF_SD = 2.0

# Target prevalence (%) per indicator; None = no target. Stunting 14% is the national target of
# the RPJMN 2020–2024 (Perpres 18/2020, reaffirmed by Perpres 72/2021). Override with
# settings.PREVALENCE_TARGETS = {"stunting": 14.0, "wasting": 7.0, ...}.
DEFAULT_TARGETS: dict[str, float | None] = {"stunting": 14.0}
TARGET_SOURCE = _("target nasional RPJMN 2020–2024 (Perpres 18/2020, Perpres 72/2021)")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    short: str | Promise  # the cut-off, as printed next to the figure
    numerator: str | Promise
    denominator: str | Promise
    numerator_q: Q
    denominator_q: Q


_STUNT_N, _STUNT_D = dash_queries.INDICATOR_CONDITIONS["stunting"]
_WAST_N, _WAST_D = dash_queries.INDICATOR_CONDITIONS["wasting"]
_UNDER_N, _UNDER_D = dash_queries.INDICATOR_CONDITIONS["underweight"]
FLAG_NOTE = _(
    "Nilai yang ditandai tidak wajar (flag WHO) tidak dihitung di pembilang maupun penyebut."
)
_HAZ_DENOMINATOR = _("Anak yang diukur bulan ini dengan z-score PB/U atau TB/U yang sah.")

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "stunting",
        _("Stunting"),
        _("PB/U atau TB/U < −2 SD"),
        _(
            "Anak yang diukur bulan ini dengan z-score PB/U atau TB/U di bawah −2 SD "
            "(pendek dan sangat pendek)."
        ),
        _HAZ_DENOMINATOR,
        _STUNT_N,
        _STUNT_D,
    ),
    Indicator(
        "severe_stunting",
        _("Stunting berat"),
        _("PB/U atau TB/U < −3 SD"),
        _(
            "Anak yang diukur bulan ini dengan z-score PB/U atau TB/U di bawah −3 SD "
            "(sangat pendek)."
        ),
        _HAZ_DENOMINATOR,
        _STUNT_D & Q(zlen__lt=SEVERE_CUTOFF_SD),
        _STUNT_D,
    ),
    Indicator(
        "wasting",
        _("Wasting"),
        _("BB/PB atau BB/TB < −2 SD, atau edema"),
        _(
            "Anak yang diukur bulan ini dengan z-score BB/PB atau BB/TB di bawah −2 SD "
            "(gizi kurang dan gizi buruk), atau dengan edema."
        ),
        _(
            "Anak yang diukur bulan ini dengan z-score BB/PB atau BB/TB yang sah, ditambah "
            "anak dengan edema."
        ),
        _WAST_N,
        _WAST_D,
    ),
    Indicator(
        "underweight",
        _("Underweight"),
        _("BB/U < −2 SD, atau edema"),
        _(
            "Anak yang diukur bulan ini dengan z-score BB/U di bawah −2 SD (berat badan kurang "
            "dan sangat kurang), atau dengan edema."
        ),
        _("Anak yang diukur bulan ini dengan z-score BB/U yang sah, ditambah anak dengan edema."),
        _UNDER_N,
        _UNDER_D,
    ),
    Indicator(
        "overweight",
        _("Gizi lebih (overweight)"),
        _("BB/PB atau BB/TB > +2 SD"),
        _(
            "Anak yang diukur bulan ini dengan z-score BB/PB atau BB/TB di atas +2 SD "
            "(gizi lebih dan obesitas), tanpa edema."
        ),
        _(
            "Anak yang diukur bulan ini dengan z-score BB/PB atau BB/TB yang sah, ditambah anak "
            "dengan edema (dihitung di bawah −3 SD, seperti WHO)."
        ),
        Q(oedema=False) & _WAST_D & Q(zwfl__gt=OVERWEIGHT_CUTOFF_SD),
        _WAST_D,
    ),
)
INDICATOR_BY_CODE = {ind.code: ind for ind in INDICATORS}


# --- pure functions ---------------------------------------------------------------------------


def wilson_interval(count: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score interval for the proportion count/n, in percent (0–100).

    With p = count/n: centre = (p + z²/2n) / (1 + z²/n) and half-width =
    z / (1 + z²/n) × √(p(1−p)/n + z²/4n²) (Wilson 1927; Newcombe 1998, method 3). Unlike the
    normal approximation it stays inside 0–100 % and behaves for small n and for 0 or n cases,
    which is the usual situation for a posyandu or a kelurahan. z defaults to 1.95996 (95%).
    Returns None when n is 0 (nobody could be assessed); raises ValueError when count < 0 or
    count > n.
    """
    if n <= 0:
        return None
    if count < 0 or count > n:
        raise ValueError(f"count must lie between 0 and n ({n}), got {count}")
    p = count / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # Exact 0 and 100 at the ends instead of floating-point dust.
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == n else min(1.0, centre + half)
    return PERCENT * low, PERCENT * high


def is_significantly_above(count: int, n: int, reference_pct: float | None) -> bool:
    """True when the 95% Wilson interval of count/n lies wholly above `reference_pct` (percent).

    The hotspot signal: a unit whose lower confidence bound exceeds the city average is above it
    beyond what chance in a small denominator explains. False when n is 0 or there is no
    reference.
    """
    if reference_pct is None:
        return False
    interval = wilson_interval(count, n)
    return interval is not None and interval[0] > reference_pct


def delta_pp(current: float | None, previous: float | None) -> float | None:
    """current − previous in percentage points; None when either is unknown."""
    if current is None or previous is None:
        return None
    return current - previous


def targets() -> dict[str, float | None]:
    """Target prevalence per indicator code, from settings.PREVALENCE_TARGETS or the default."""
    configured = getattr(settings, "PREVALENCE_TARGETS", DEFAULT_TARGETS)
    return {ind.code: configured.get(ind.code) for ind in INDICATORS}


@dataclass(frozen=True)
class Estimate:
    """count of n children, as a percentage with its 95% Wilson interval."""

    count: int
    n: int

    @property
    def pct(self) -> float | None:
        return dash_indicators.prevalence(self.count, self.n)

    @property
    def ci(self) -> tuple[float, float] | None:
        return wilson_interval(self.count, self.n)

    @property
    def ci_low(self) -> float | None:
        return None if self.ci is None else self.ci[0]

    @property
    def ci_high(self) -> float | None:
        return None if self.ci is None else self.ci[1]

    def above(self, reference_pct: float | None) -> bool:
        return is_significantly_above(self.count, self.n, reference_pct)


# --- counts -----------------------------------------------------------------------------------


@dataclass
class PrevalenceCounts:
    """Counts of one unit keyed by (metric, age group, sex); metrics "<code>_n", "<code>_d",
    "measured"."""

    cells: Counter = field(default_factory=Counter)

    def add(self, other: PrevalenceCounts) -> None:
        self.cells.update(other.cells)

    def value(self, metric: str, groups: Iterable[str] | None = None, sex: str | None = None):
        wanted = None if groups is None else set(groups)
        return sum(
            n
            for (m, group, sx), n in self.cells.items()
            if m == metric and (wanted is None or group in wanted) and (sex is None or sx == sex)
        )

    def estimate(
        self, code: str, groups: Iterable[str] | None = None, sex: str | None = None
    ) -> Estimate:
        """The indicator over `groups` (None: all, unknown age included) and `sex` (None: both)."""
        groups = None if groups is None else tuple(groups)
        return Estimate(self.value(f"{code}_n", groups, sex), self.value(f"{code}_d", groups, sex))

    @property
    def measured(self) -> int:
        return self.value("measured")


def _annotations() -> dict:
    sums = {"measured": dash_queries.count_if(Q(pk__isnull=False))}
    for ind in INDICATORS:
        sums[f"{ind.code}_n"] = dash_queries.count_if(ind.numerator_q)
        sums[f"{ind.code}_d"] = dash_queries.count_if(ind.denominator_q)
    return sums


def _age_group_case() -> Case:
    return Case(
        *[When(age_months__lt=g.stop, then=Value(g.code)) for g in AGE_GROUPS],
        default=Value(UNKNOWN_AGE),
        output_field=CharField(),
    )


def unit_key(region: Region):
    """SQL expression naming the unit one level below `region` a measurement belongs to: the
    child region code, or the posyandu id (as text) under a kelurahan."""
    length = dash_queries.CHILD_CODE_LENGTH.get(region.level)
    if length is None:
        return Cast("posyandu_id", CharField())
    return Substr("posyandu__kelurahan__code", 1, length)


def prevalence_counts(
    periods: Iterable[dt.date],
    region_code: str,
    *,
    by=None,
    approved_only: bool = True,
) -> dict[tuple[dt.date, str], PrevalenceCounts]:
    """Counts per (period, unit) for the months `periods` under `region_code` ("" = everything).

    `by` is an expression giving the unit key (see unit_key); None puts every row under "".
    Balita only (age under 60 completed months, or age not derived). One aggregate query.
    """
    periods = sorted({dash_queries.month_start(p) for p in periods})
    rows = (
        dash_queries.measurements_in(region_code, approved_only=approved_only)
        .filter(Q(age_months__lt=MAX_AGE_MONTHS) | Q(age_months__isnull=True), period__in=periods)
        .annotate(
            unit=by if by is not None else Value(""), grp=_age_group_case(), sx=F("child__sex")
        )
        .values("period", "unit", "grp", "sx")
        .annotate(**_annotations())
        .order_by()
    )
    out: dict[tuple[dt.date, str], PrevalenceCounts] = {}
    metrics = list(_annotations())
    for row in rows:
        counts = out.setdefault((row["period"], str(row["unit"])), PrevalenceCounts())
        values: dict[str, Any] = dict(row)  # the annotations are not in the row's static type
        for metric in metrics:
            if values[metric]:
                counts.cells[(metric, row["grp"], row["sx"])] += values[metric]
    return out

"""The rules of the lokus (focus kelurahan) matrix: classes, thresholds, tests and ranking.

Pure functions and definitions, no queries. Sources:
- Pedoman 8 aksi konvergensi, Aksi 1 (Analisis Situasi), "Kriteria Seleksi dan Prioritisasi Desa
  Lokasi Fokus" and Tabel 1.2 "Matriks Prioritisasi (Traffic Light Tool)" (shared/seeds/002):
  a desa is a lokus candidate when (1) its stunting prevalence or (2) its number of stunting
  cases is above the average, or (3) more than 50% of its key coverage indicators are low even
  though prevalence is low; candidates are ordered by the number of low key indicators, then
  prevalence, then the number of cases. Coverage classes: sangat rendah, rendah, hampir memadai,
  memadai.
- Prevalence classes: de Onis M, Borghi E, Arimond M, et al. "Prevalence thresholds for wasting,
  overweight and stunting in children under 5 years". Public Health Nutrition 2019;22(1):175–179
  (WHO/UNICEF Technical Advisory Group): stunting < 2.5 very low, 2.5–< 10 low, 10–< 20 medium,
  20–< 30 high, ≥ 30 very high.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PERCENT = 100.0
# One-sided significance level of the case-count test: the same 2.5% that the lower bound of the
# two-sided 95% Wilson interval (the prevalence test) leaves on its side.
ALPHA_ONE_SIDED = 0.025
# Aksi 1 criterion 3: "lebih dari 50% indikator utama" with low coverage.
LOW_COVERAGE_SHARE = 0.5
TARGETS_SETTING = "RANTING_LOKUS_TARGETS"


@dataclass(frozen=True)
class Band:
    """A traffic-light class: `tone` names the colour (page and Excel), `label` the text shown
    with it (never colour alone)."""

    code: str
    label: str | Promise
    tone: str
    lower: float  # inclusive lower bound: percent (prevalence) or share of the target (coverage)


# Colours of the tones, shared by the page (lokus.css) and the Excel export. Pale fills with
# dark text keep the WCAG contrast; the label carries the meaning for colour-blind readers.
TONE_FILL = {
    "green": "#C8E6C9",
    "lime": "#E6F2C2",
    "yellow": "#FFF3B0",
    "orange": "#FFD8A8",
    "red": "#F6C1BD",
}

# WHO/UNICEF 2019 stunting prevalence thresholds (percent), lowest class first.
PREVALENCE_BANDS = (
    Band("very_low", _("Sangat rendah"), "green", 0.0),
    Band("low", _("Rendah"), "lime", 2.5),
    Band("medium", _("Sedang"), "yellow", 10.0),
    Band("high", _("Tinggi"), "orange", 20.0),
    Band("very_high", _("Sangat tinggi"), "red", 30.0),
)
PREVALENCE_SOURCE = _(
    "Ambang prevalensi stunting WHO/UNICEF 2019 (de Onis dkk., Public Health Nutrition "
    "2019;22(1):175–179)."
)

# Coverage classes as a share of the indicator's target. The Aksi 1 guideline names the four
# classes but gives no cut-offs; these are RANTING's (documented on the page and in
# docs/lokus.md): at or above the target "memadai", from 80% of it "hampir memadai", from half
# of it "rendah", below half "sangat rendah".
COVERAGE_BANDS = (
    Band("very_low", _("Sangat rendah"), "red", 0.0),
    Band("low", _("Rendah"), "orange", 0.5),
    Band("almost", _("Hampir memadai"), "yellow", 0.8),
    Band("adequate", _("Memadai"), "green", 1.0),
)
# Classes that count as "cakupan tergolong kurang" in criterion 3 and in the ranking.
LOW_COVERAGE_CODES = frozenset({"very_low", "low"})


def prevalence_band(pct: float | None) -> Band | None:
    """WHO/UNICEF 2019 class of a stunting prevalence in percent; None when unknown."""
    if pct is None:
        return None
    found = PREVALENCE_BANDS[0]
    for band in PREVALENCE_BANDS:
        if pct >= band.lower:
            found = band
    return found


def prevalence_ranges() -> list[tuple[Band, float, float | None]]:
    """(class, lowest percent, first percent above it or None) for the legend."""
    uppers: list[float | None] = [band.lower for band in PREVALENCE_BANDS[1:]]
    uppers.append(None)
    return [(band, band.lower, upper) for band, upper in zip(PREVALENCE_BANDS, uppers, strict=True)]


def coverage_band(pct: float | None, target: float) -> Band | None:
    """Class of a coverage percentage against its target (percent, > 0); None when unknown."""
    if pct is None:
        return None
    share = pct / target
    found = COVERAGE_BANDS[0]
    for band in COVERAGE_BANDS:
        if share >= band.lower:
            found = band
    return found


def coverage_lower_bounds(target: float) -> list[tuple[Band, float]]:
    """(class, lowest percentage in it) for a target, for the legend: e.g. 90 → 0, 45, 72, 90."""
    return [(band, band.lower * target) for band in COVERAGE_BANDS]


# --- coverage indicators ------------------------------------------------------------------------


@dataclass
class KelurahanData:
    """The counts one kelurahan contributes to the matrix (see lokus.py for where they come from).

    s, k, d, n: SKDN of the month (F1 rows 01, 02, 07, 03); s_vit_a: S aged 6–59 months;
    vit_a: children 6–59 months weighed and given vitamin A; d_infant and asi: weighed under
    6 months, and of them exclusively breastfed; with_length: measurements with a length/height;
    posyandu_active and posyandu_reported: active posyandu, and of them those whose report for
    the month is in.
    """

    s: int = 0
    k: int = 0
    d: int = 0
    n: int = 0
    s_vit_a: int = 0
    vit_a: int = 0
    d_infant: int = 0
    asi: int = 0
    with_length: int = 0
    posyandu_active: int = 0
    posyandu_reported: int = 0


Fraction = tuple[int, int]


@dataclass(frozen=True)
class CoverageIndicator:
    code: str
    label: str | Promise
    numerator: str | Promise
    denominator: str | Promise
    default_target: float
    source: str | Promise
    # Key indicators ("indikator utama") are intervention coverage and count for criterion 3 and
    # the ranking; the others describe the data and only warn.
    is_key: bool
    fraction: Callable[[KelurahanData], Fraction]
    vitamin_a_months_only: bool = False


COVERAGE_INDICATORS = (
    CoverageIndicator(
        "ds",
        _("Partisipasi D/S"),
        _("D: balita yang ditimbang bulan ini."),
        _("S: semua balita sasaran (0–59 bulan) yang terdaftar aktif di posyandu."),
        90.0,
        _(
            "Perpres 72/2021, indikator no. 17 (Tabel 1.1 pedoman Aksi 1): balita dipantau "
            "pertumbuhan dan perkembangannya 90%"
        ),
        True,
        lambda x: (x.d, x.s),
    ),
    CoverageIndicator(
        "ks",
        _("Liputan K/S"),
        _("K: balita sasaran yang punya KMS/Buku KIA."),
        _("S: semua balita sasaran yang terdaftar aktif."),
        80.0,
        _("target K/S 80%, Indonesia Sehat 2010"),
        True,
        lambda x: (x.k, x.s),
    ),
    CoverageIndicator(
        "nd",
        _("Naik berat badan N/D"),
        _("N: balita yang naik berat badannya bulan ini."),
        _("D: balita yang ditimbang bulan ini."),
        80.0,
        _("SPM Kepmenkes 1457/2003: 80% balita ditimbang dan naik berat badannya"),
        True,
        lambda x: (x.n, x.d),
    ),
    CoverageIndicator(
        "vit_a",
        _("Vitamin A (Feb/Agu)"),
        _("Balita 6–59 bulan yang ditimbang dan mendapat kapsul vitamin A bulan ini."),
        _("Balita sasaran 6–59 bulan (S). Hanya dinilai di bulan Februari dan Agustus."),
        90.0,
        _("target program vitamin A 90% (Profil Kesehatan Indonesia 2014, Kemenkes)"),
        True,
        lambda x: (x.vit_a, x.s_vit_a),
        vitamin_a_months_only=True,
    ),
    CoverageIndicator(
        "asi",
        _("ASI eksklusif"),
        _("Bayi 0–5 bulan yang ditimbang bulan ini dan mendapat ASI eksklusif."),
        _("Bayi 0–5 bulan yang ditimbang bulan ini."),
        80.0,
        _(
            "Perpres 72/2021, indikator no. 14 (Tabel 1.1 pedoman Aksi 1): bayi < 6 bulan "
            "mendapat ASI eksklusif 80%"
        ),
        True,
        lambda x: (x.asi, x.d_infant),
    ),
    CoverageIndicator(
        "length",
        _("Diukur PB/TB"),
        _("Penimbangan bulan ini yang juga mencatat panjang/tinggi badan."),
        _("Semua penimbangan bulan ini (D)."),
        90.0,
        _("tanpa target resmi; disamakan dengan target balita dipantau pertumbuhannya (90%)"),
        False,
        lambda x: (x.with_length, x.d),
    ),
    CoverageIndicator(
        "complete",
        _("Kelengkapan laporan"),
        _(
            "Posyandu aktif yang laporan bulan ini sudah masuk (data terverifikasi: sudah "
            "disetujui kelurahan; semua data: sudah dikirim)."
        ),
        _("Semua posyandu aktif di kelurahan."),
        90.0,
        _("patokan kelengkapan laporan ≥ 90% (WHO Data Quality Review 2017, metrik 1a)"),
        False,
        lambda x: (x.posyandu_reported, x.posyandu_active),
    ),
)
COVERAGE_BY_CODE = {ind.code: ind for ind in COVERAGE_INDICATORS}


def parse_targets(raw: str) -> dict[str, float]:
    """Targets in percent per indicator code from "ds=90,asi=75"; defaults for the rest.

    Raises ImproperlyConfigured naming RANTING_LOKUS_TARGETS for an unknown code or a value
    outside 0 < target ≤ 100.
    """
    targets = {ind.code: ind.default_target for ind in COVERAGE_INDICATORS}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        code, sep, value = item.partition("=")
        code = code.strip()
        if not sep or code not in targets:
            known = ", ".join(targets)
            raise ImproperlyConfigured(
                f"{TARGETS_SETTING}: {item!r} is not code=percent with a code among {known}"
            )
        try:
            target = float(value)
        except ValueError as err:
            raise ImproperlyConfigured(f"{TARGETS_SETTING}: {code} must be a number") from err
        if not 0 < target <= PERCENT:
            raise ImproperlyConfigured(f"{TARGETS_SETTING}: {code} must be > 0 and <= 100")
        targets[code] = target
    return targets


def targets() -> dict[str, float]:
    """The configured coverage targets (settings.LOKUS_TARGETS, from RANTING_LOKUS_TARGETS)."""
    return parse_targets(getattr(settings, "LOKUS_TARGETS", ""))


# --- case-count test ----------------------------------------------------------------------------


def poisson_upper_tail(observed: int, mean: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(mean): the one-sided p-value of an exact Poisson test.

    The terms e^−λ λ^k / k! are computed in log space, so large means (hundreds of cases per
    kelurahan) neither overflow nor underflow. Raises ValueError for a negative argument.
    """
    if observed < 0 or mean < 0:
        raise ValueError(f"observed and mean must be >= 0, got {observed} and {mean}")
    if observed == 0:
        return 1.0
    if mean == 0:
        return 0.0
    log_mean = math.log(mean)

    def term(k: int) -> float:
        return math.exp(k * log_mean - mean - math.lgamma(k + 1))

    if observed <= mean:
        return max(0.0, 1.0 - math.fsum(term(k) for k in range(observed)))
    # Above the mean each term is smaller than the one before: sum until they stop counting.
    total, k = 0.0, observed
    while True:
        t = term(k)
        total += t
        if t <= total * 1e-17:
            return min(1.0, total)
        k += 1


def count_is_significantly_above(observed: int, mean: float | None) -> bool:
    """True when `observed` cases are more than chance around `mean` cases explains (one-sided
    exact Poisson test at ALPHA_ONE_SIDED). False without a mean or at or below it."""
    if mean is None or observed <= mean:
        return False
    return poisson_upper_tail(observed, mean) < ALPHA_ONE_SIDED

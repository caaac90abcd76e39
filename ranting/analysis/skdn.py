"""The monthly F1/SKDN report: counts by posyandu × age group × sex, and the SKDN ratios.

Definitions follow DOMAIN.md §2.4 (F1 rows 01–12, identity D = N + T + O + B, ratios):
- S: active registered children of the posyandu aged 0–59 completed months in the month, i.e.
  born on or before the month's last day and not yet 60 months old on its first day (the same
  rule as recaps). Their age group is their age in completed months on the month's first day
  (a child born during the month is 0). K: those of S holding a KMS/Buku KIA.
- D and rows 03–12: the month's measurements (aged under 60 months), counted under the posyandu
  where they were taken; age group from Measurement.age_months, sex from the child. By default
  only measurements whose posyandu report for the month is approved count (`approved_only`).
- Vitamin A counts only from 6 months (rows 10 and 11), ASI eksklusif only under 6 (row 12).

`skdn_counts` runs two aggregate queries whatever the number of children or posyandu.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ranting.accounts.scope import within
from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.recaps.deadlines import month_end, month_start, shift_month
from ranting.recaps.models import MonthlyReport

# Balita: 0–59 completed months (F1 form, DOMAIN.md §2.4).
MAX_AGE_MONTHS = 60
# Row 10 (vitamin A for bayi 6–11 months) and row 12 (ASI eksklusif 0–5 months) start/stop here.
VITAMIN_A_FROM_MONTHS = 6
EXCLUSIVE_BREASTFEEDING_UNTIL_MONTHS = 6
# Vitamin A capsule months ("Bulan Vitamin A", DOMAIN.md §3.3): February and August.
VITAMIN_A_MONTHS = (2, 8)
PERCENT = 100
# "32.75": the kota part of a Kemendagri code.
KOTA_CODE_LENGTH = 5


@dataclass(frozen=True)
class AgeGroup:
    code: str
    label: str | Promise
    start: int  # completed months, inclusive
    stop: int  # completed months, exclusive


# The F1 form's age columns.
AGE_GROUPS = (
    AgeGroup("0-5", _("0–5 bln"), 0, 6),
    AgeGroup("6-11", _("6–11 bln"), 6, 12),
    AgeGroup("12-23", _("12–23 bln"), 12, 24),
    AgeGroup("24-59", _("24–59 bln"), 24, MAX_AGE_MONTHS),
)
ALL_GROUPS = tuple(g.code for g in AGE_GROUPS)
# A measurement whose age was not derived (age_months empty) counts in the totals only.
UNKNOWN_AGE = "?"
SEXES = (Child.Sex.LAKI_LAKI.value, Child.Sex.PEREMPUAN.value)

Growth = Measurement.Growth

MEASUREMENT_METRICS = {
    "d": Count("id"),
    "n": Count("id", filter=Q(growth=Growth.NAIK)),
    "t": Count("id", filter=Q(growth=Growth.TIDAK_NAIK)),
    "o": Count("id", filter=Q(growth=Growth.LALU_TIDAK_DITIMBANG)),
    "b": Count("id", filter=Q(growth=Growth.BARU)),
    "bgm": Count("id", filter=Q(bgm=True)),
    "two_t": Count("id", filter=Q(two_t=True)),
    "vit_a": Count("id", filter=Q(vitamin_a=True, age_months__gte=VITAMIN_A_FROM_MONTHS)),
    "asi": Count(
        "id",
        filter=Q(exclusive_breastfeeding=True, age_months__lt=EXCLUSIVE_BREASTFEEDING_UNTIL_MONTHS),
    ),
}
CHILD_METRICS = {"s": Count("id"), "k": Count("id", filter=Q(has_kia_book=True))}
METRICS = (*CHILD_METRICS, *MEASUREMENT_METRICS)


# --- counts ----------------------------------------------------------------------------------


@dataclass
class F1Counts:
    """Counts of one unit (posyandu, region or total) keyed by (metric, age group, sex)."""

    cells: Counter = field(default_factory=Counter)

    def add(self, other: F1Counts) -> None:
        self.cells.update(other.cells)

    def value(
        self, metric: str, groups: Iterable[str] | None = None, sex: str | None = None
    ) -> int:
        """Sum of `metric` over `groups` (None: all, unknown age included) and `sex` (None: both).

        "absent" is row 08: K − D.
        """
        if metric == "absent":
            return self.value("k", groups, sex) - self.value("d", groups, sex)
        wanted = None if groups is None else set(groups)
        return sum(
            n
            for (m, group, sx), n in self.cells.items()
            if m == metric and (wanted is None or group in wanted) and (sex is None or sx == sex)
        )

    def totals(self) -> dict[str, int]:
        """Every metric over all age groups and both sexes (what the ratios are computed on)."""
        out = dict.fromkeys(METRICS, 0)
        for (metric, _group, _sex), n in self.cells.items():
            out[metric] += n
        return out

    @property
    def unknown_age(self) -> int:
        return self.value("d", [UNKNOWN_AGE])


def _group_case(bound) -> Case:
    """SQL CASE giving the age-group code; `bound(group)` builds the When condition."""
    return Case(
        *[When(bound(group), then=Value(group.code)) for group in AGE_GROUPS],
        default=Value(UNKNOWN_AGE),
        output_field=CharField(),
    )


def approved_report_exists() -> Exists:
    return Exists(
        MonthlyReport.objects.filter(
            posyandu_id=OuterRef("posyandu_id"),
            period=OuterRef("period"),
            status=MonthlyReport.Status.APPROVED,
        )
    )


def target_children(period: dt.date) -> Q:
    """S: active children born by the month's end and under 60 completed months on its 1st."""
    return Q(
        is_active=True,
        birth_date__lte=month_end(period),
        birth_date__gt=shift_month(period, -MAX_AGE_MONTHS),
    )


def skdn_counts(
    period: dt.date,
    *,
    region_code: str | None = None,
    posyandu_id: int | None = None,
    approved_only: bool = True,
) -> dict[int, F1Counts]:
    """F1 counts for the month of `period` per posyandu id, under a region or for one posyandu.

    region_code is a Kemendagri prefix ("" = everything). Two aggregate queries.
    """
    period = month_start(period)
    where = Q() if posyandu_id is None else Q(posyandu_id=posyandu_id)
    if region_code is not None:
        where &= within("posyandu__kelurahan__code", region_code)
        if len(region_code) >= KOTA_CODE_LENGTH:
            # Every row carries its kota code (the future distribution key): filter on it too.
            where &= Q(kota_code=region_code[:KOTA_CODE_LENGTH])
    out: dict[int, F1Counts] = {}

    # Age in completed months on the 1st is >= m exactly when born on or before 1st − m months.
    child_group = _group_case(lambda g: Q(birth_date__gt=shift_month(period, -g.stop)))
    children = (
        Child.objects.filter(where, target_children(period))
        .annotate(grp=child_group)
        .values("posyandu_id", "grp", "sex")
        .annotate(**CHILD_METRICS)
        .order_by()
    )
    _collect(out, children, CHILD_METRICS, sex_key="sex")

    measurements = Measurement.objects.filter(
        where,
        Q(age_months__lt=MAX_AGE_MONTHS) | Q(age_months__isnull=True),
        period=period,
    )
    if approved_only:
        measurements = measurements.filter(approved_report_exists())
    rows = (
        measurements.annotate(
            grp=_group_case(lambda g: Q(age_months__lt=g.stop)), sx=F("child__sex")
        )
        .values("posyandu_id", "grp", "sx")
        .annotate(**MEASUREMENT_METRICS)
        .order_by()
    )
    _collect(out, rows, MEASUREMENT_METRICS, sex_key="sx")
    return out


def _collect(out: dict[int, F1Counts], rows, metrics: Mapping, sex_key: str) -> None:
    for row in rows:
        counts = out.setdefault(row["posyandu_id"], F1Counts())
        for metric in metrics:
            if row[metric]:
                counts.cells[(metric, row["grp"], row[sex_key])] += row[metric]


# --- F1 rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class F1Row:
    number: str
    label: str | Promise
    code: str
    metric: str
    groups: tuple[str, ...] = ALL_GROUPS

    @property
    def total_groups(self) -> tuple[str, ...] | None:
        """Groups summed in the row's totals; None (everything, unknown age too) for full rows."""
        return None if self.groups == ALL_GROUPS else self.groups


# Form wording of the F1 rows (DOMAIN.md §2.4); 2T has no row number on the form.
F1_ROWS = (
    F1Row("01", _("Jumlah semua balita yang ada di kelompok penimbangan bulan ini"), "S", "s"),
    F1Row("02", _("Jumlah balita yang terdaftar dan mempunyai KMS bulan ini"), "K", "k"),
    F1Row("03", _("Jumlah balita yang naik berat badannya bulan ini"), "N", "n"),
    F1Row("04", _("Jumlah balita yang tidak naik berat badannya bulan ini"), "T", "t"),
    F1Row(
        "05",
        _("Jumlah balita yang ditimbang bulan ini, tetapi tidak ditimbang bulan lalu"),
        "O",
        "o",
    ),
    F1Row("06", _("Jumlah balita yang baru pertama kali hadir di penimbangan bulan ini"), "B", "b"),
    F1Row("07", _("Jumlah balita yang ditimbang bulan ini (03+04+05+06)"), "D", "d"),
    F1Row(
        "08", _("Jumlah balita yang tidak hadir di penimbangan bulan ini (02−07)"), "–", "absent"
    ),
    F1Row("09", _("Jumlah balita yang ada di bawah garis merah"), "BGM", "bgm"),
    F1Row(
        "10",
        _("Jumlah bayi (6–11 bln) mendapat vitamin A bulan Februari/Agustus"),
        "A",
        "vit_a",
        ("6-11",),
    ),
    F1Row(
        "11",
        _("Jumlah balita (12–59 bln) mendapat vitamin A bulan Februari/Agustus"),
        "A",
        "vit_a",
        ("12-23", "24-59"),
    ),
    F1Row("12", _("Jumlah bayi dengan ASI eksklusif pada bulan ini"), "E", "asi", ("0-5",)),
    F1Row(
        "",
        _("Jumlah balita yang 2 kali berturut-turut tidak naik berat badannya"),
        "2T",
        "two_t",
    ),
)


@dataclass(frozen=True)
class GridRow:
    row: F1Row
    cells: list[int | None]  # AGE_GROUPS × SEXES; None where the row does not apply
    total_l: int
    total_p: int

    @property
    def total(self) -> int:
        return self.total_l + self.total_p


def f1_grid(counts: F1Counts) -> list[GridRow]:
    """The F1 table: one GridRow per F1 row, cells in AGE_GROUPS × SEXES order."""
    out = []
    for row in F1_ROWS:
        cells: list[int | None] = []
        for group in AGE_GROUPS:
            for sex in SEXES:
                applies = group.code in row.groups
                cells.append(counts.value(row.metric, [group.code], sex) if applies else None)
        totals = [counts.value(row.metric, row.total_groups, sex) for sex in SEXES]
        out.append(GridRow(row, cells, *totals))
    return out


def is_vitamin_a_month(period: dt.date) -> bool:
    return period.month in VITAMIN_A_MONTHS


# --- ratios (pure functions; DOMAIN.md §2.4 "Derived indicators") ------------------------------


def percent(numerator: int, denominator: int) -> float | None:
    """numerator / denominator × 100; None when the denominator is 0 (shown as "–")."""
    if denominator <= 0:
        return None
    return PERCENT * numerator / denominator


def d_prime(t: Mapping[str, int]) -> int:
    """D′ = D − O − B: children weighed this month and at the previous session."""
    return t["d"] - t["o"] - t["b"]


def ratio_ks(t: Mapping[str, int]) -> float | None:
    """K/S × 100, liputan program. Numerator: K. Denominator: S. None when S = 0."""
    return percent(t["k"], t["s"])


def ratio_ds(t: Mapping[str, int]) -> float | None:
    """D/S × 100, partisipasi masyarakat. Numerator: D. Denominator: S. None when S = 0."""
    return percent(t["d"], t["s"])


def ratio_dk(t: Mapping[str, int]) -> float | None:
    """D/K × 100, kelangsungan penimbangan. Numerator: D. Denominator: K. None when K = 0."""
    return percent(t["d"], t["k"])


def ratio_nd(t: Mapping[str, int]) -> float | None:
    """N/D × 100, keberhasilan program. Numerator: N. Denominator: D. None when D = 0."""
    return percent(t["n"], t["d"])


def ratio_nd_prime(t: Mapping[str, int]) -> float | None:
    """N/D′ × 100, keberhasilan program among those who could be N.

    Numerator: N. Denominator: D′ = D − O − B (weighed this month and last). None when D′ ≤ 0.
    """
    return percent(t["n"], d_prime(t))


def ratio_ns(t: Mapping[str, int]) -> float | None:
    """N/S × 100, efektivitas program. Numerator: N. Denominator: S. None when S = 0."""
    return percent(t["n"], t["s"])


@dataclass(frozen=True)
class Ratio:
    code: str
    label: str | Promise
    numerator: str
    denominator: str
    compute: object

    def value(self, totals: Mapping[str, int]) -> float | None:
        return self.compute(totals)  # type: ignore[operator]


RATIOS = (
    Ratio("K/S", _("Liputan program"), "K", "S", ratio_ks),
    Ratio("D/S", _("Partisipasi masyarakat (balita ditimbang)"), "D", "S", ratio_ds),
    Ratio("D/K", _("Kelangsungan penimbangan"), "D", "K", ratio_dk),
    Ratio("N/D", _("Keberhasilan program"), "N", "D", ratio_nd),
    Ratio(
        "N/D′",
        _("Keberhasilan, hanya yang ditimbang 2 bulan berturut-turut"),
        "N",
        "D′",
        ratio_nd_prime,
    ),
    Ratio("N/S", _("Efektivitas program"), "N", "S", ratio_ns),
)

DENOMINATOR_VALUE = {"S": "s", "K": "k", "D": "d"}


def ratio_cells(totals: Mapping[str, int]) -> list[dict]:
    """Per ratio: the Ratio, its percentage (None = "–"), numerator and denominator values."""
    out = []
    for ratio in RATIOS:
        den = (
            d_prime(totals)
            if ratio.denominator == "D′"
            else totals[DENOMINATOR_VALUE[ratio.denominator]]
        )
        out.append(
            {
                "ratio": ratio,
                "pct": ratio.value(totals),
                "num": totals[ratio.numerator.lower()],
                "den": den,
            }
        )
    return out


# --- checks ----------------------------------------------------------------------------------


def identity_holds(totals: Mapping[str, int]) -> bool:
    """The F1 hard identity D = N + T + O + B."""
    return totals["d"] == totals["n"] + totals["t"] + totals["o"] + totals["b"]


def check_warnings(counts: F1Counts) -> list[str]:
    """Indonesian warnings for failed F1 checks (D = N+T+O+B, K ≥ D, S ≥ K, unknown ages)."""
    t = counts.totals()
    warnings = []
    ntob = t["n"] + t["t"] + t["o"] + t["b"]
    if not identity_holds(t):
        warnings.append(
            _(
                "D = N + T + O + B tidak terpenuhi: D = %(d)d, N + T + O + B = %(ntob)d. "
                "%(gap)d penimbangan belum punya kode N/T/O/B."
            )
            % {"d": t["d"], "ntob": ntob, "gap": t["d"] - ntob}
        )
    if t["d"] > t["k"]:
        warnings.append(
            _(
                "D (%(d)d) lebih besar dari K (%(k)d): ada balita ditimbang yang tidak terdaftar "
                "aktif di posyandu ini atau tidak punya KMS/Buku KIA."
            )
            % {"d": t["d"], "k": t["k"]}
        )
    if counts.unknown_age:
        warnings.append(
            _("%(n)d penimbangan tanpa umur tercatat: dihitung di jumlah, tidak di kelompok umur.")
            % {"n": counts.unknown_age}
        )
    return warnings

"""Every figure of a round for a kota or kecamatan, from live data, as a JSON-ready payload.

The live round page renders this payload directly; "Bekukan & terbitkan" stores the kota's
payload in a PublicationSnapshot, and the published page and PDF render only from the stored
copy. Figures are rounded here to what is published (percentages to one decimal), so the stored
numbers are the printed numbers.

Definitions:
- Prevalence of stunting, wasting and underweight: ranting.analysis.prevalence (numerator and
  denominator, WHO flags excluded, oedema counted as wasted/underweight), measurements of the
  round month only, balita under 60 completed months, from posyandu reports approved by the
  admin kelurahan (verified data only: a publication must not change after verification).
- Coverage (cakupan): balita measured in the round (verified) ÷ balita registered (S of the F1
  report, analysis.skdn.target_children: active children aged 0–59 months in that month) × 100.
  It can exceed 100 % when children measured at a posyandu are registered elsewhere.
- Verification: active posyandu whose report for the round month is approved, of all active
  posyandu, so readers see how complete the verified data is.
- The previous round comes from today's data for that month (the register's active flag is
  today's), and is frozen with the snapshot like every other figure.

Queries: regions (1), prevalence counts for both rounds (1), registered children (1), posyandu
verification (1), and the kota's name for a kecamatan (1), whatever the size of the kota.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone

from ranting.accounts.scope import within
from ranting.analysis import prevalence
from ranting.analysis.prevalence import PrevalenceCounts
from ranting.analysis.skdn import target_children
from ranting.children.models import Child
from ranting.dashboards.indicators import prevalence as percent
from ranting.dashboards.queries import KOTA_CODE_LENGTH, count_if
from ranting.publication import classes
from ranting.publication.rounds import Round
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

SCHEMA_VERSION = 1
PUBLISHED_INDICATORS = ("stunting", "wasting", "underweight")
DECIMALS = 1


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def suppression_rule() -> dict:
    return {
        "min_denominator": settings.PUBLIC_MIN_DENOMINATOR,
        "min_numerator": settings.PUBLIC_MIN_NUMERATOR,
    }


def _figures(current: PrevalenceCounts, previous: PrevalenceCounts | None) -> dict:
    out = {}
    for code in PUBLISHED_INDICATORS:
        est = current.estimate(code)
        ci = est.ci
        figure = {
            "n": est.count,
            "d": est.n,
            "pct": _round(est.pct),
            "ci_low": _round(None if ci is None else ci[0]),
            "ci_high": _round(None if ci is None else ci[1]),
        }
        if previous is not None:
            # From the unrounded percentages, then rounded: the difference as it really is.
            figure["delta_pp"] = _round(prevalence.delta_pp(est.pct, previous.estimate(code).pct))
        out[code] = figure
    return out


def _unit(
    region: Region,
    current: PrevalenceCounts,
    previous: PrevalenceCounts,
    registered: tuple[int, int],
    posyandu: tuple[int, int],
) -> dict:
    return {
        "code": region.code,
        "name": region.label,
        "level": region.level,
        "registered": registered[0],
        "measured": current.measured,
        "coverage": _round(percent(current.measured, registered[0])),
        "posyandu_total": posyandu[0],
        "posyandu_approved": posyandu[1],
        "figures": _figures(current, previous),
        "previous": {
            "registered": registered[1],
            "measured": previous.measured,
            "coverage": _round(percent(previous.measured, registered[1])),
            "figures": _figures(previous, None),
        },
    }


def _registered(region: Region, rnd: Round) -> dict[str, tuple[int, int]]:
    """Registered balita per kelurahan code: (this round, previous round)."""
    rows = (
        Child.objects.filter(
            within("posyandu__kelurahan__code", region.code),
            kota_code=region.code[:KOTA_CODE_LENGTH],
        )
        .values(kel=F("posyandu__kelurahan_id"))
        .annotate(
            now=count_if(target_children(rnd.period)),
            before=count_if(target_children(rnd.previous.period)),
        )
        .order_by()
    )
    return {row["kel"]: (row["now"], row["before"]) for row in rows}


def _verification(region: Region, rnd: Round) -> dict[str, tuple[int, int]]:
    """Active posyandu per kelurahan code: (all, report of the round month approved)."""
    rows = (
        Posyandu.objects.filter(within("kelurahan__code", region.code), is_active=True)
        .annotate(rep=FilteredRelation("reports", condition=Q(reports__period=rnd.period)))
        .values("kelurahan_id")
        .annotate(
            total=count_if(Q(pk__isnull=False)),
            approved=count_if(Q(rep__status=MonthlyReport.Status.APPROVED)),
        )
        .order_by()
    )
    return {row["kelurahan_id"]: (row["total"], row["approved"]) for row in rows}


def _sum(pairs) -> tuple[int, int]:
    pairs = list(pairs)
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


def build_payload(region: Region, rnd: Round) -> dict:
    """All figures of round `rnd` for a kota (grouped by kecamatan) or a kecamatan."""
    if region.level not in (Region.Level.KOTA, Region.Level.KECAMATAN):
        raise ValueError(f"a publication covers a kota or a kecamatan, not {region.level}")
    period, previous = rnd.period, rnd.previous.period
    below = list(
        Region.objects.filter(
            within("code", region.code),
            level__in=[Region.Level.KECAMATAN, Region.Level.KELURAHAN],
        ).order_by("code")
    )
    by_kelurahan = prevalence.prevalence_counts(
        [period, previous], region.code, by=F("posyandu__kelurahan_id")
    )
    registered = _registered(region, rnd)
    verification = _verification(region, rnd)
    if region.level == Region.Level.KOTA:
        kota = region
        kecamatans = [r for r in below if r.level == Region.Level.KECAMATAN]
    else:
        kota = Region.objects.filter(code=region.code[:KOTA_CODE_LENGTH]).first() or region
        kecamatans = [region]

    groups = []
    total_now, total_before = PrevalenceCounts(), PrevalenceCounts()
    total_registered, total_posyandu = [], []
    for kecamatan in kecamatans:
        units = []
        group_now, group_before = PrevalenceCounts(), PrevalenceCounts()
        group_registered, group_posyandu = [], []
        for kel in (r for r in below if r.parent_id == kecamatan.code):
            now = by_kelurahan.get((period, kel.code), PrevalenceCounts())
            before = by_kelurahan.get((previous, kel.code), PrevalenceCounts())
            reg = registered.get(kel.code, (0, 0))
            pos = verification.get(kel.code, (0, 0))
            units.append(_unit(kel, now, before, reg, pos))
            group_now.add(now)
            group_before.add(before)
            group_registered.append(reg)
            group_posyandu.append(pos)
        group = _unit(
            kecamatan, group_now, group_before, _sum(group_registered), _sum(group_posyandu)
        )
        group["units"] = units
        groups.append(group)
        total_now.add(group_now)
        total_before.add(group_before)
        total_registered.append(_sum(group_registered))
        total_posyandu.append(_sum(group_posyandu))

    return {
        "schema": SCHEMA_VERSION,
        "region": {"code": region.code, "name": region.label, "level": region.level},
        "kota": {"code": kota.code, "name": kota.label},
        "round": {"year": rnd.year, "month": rnd.month, "label": rnd.label},
        "previous_round": {
            "year": rnd.previous.year,
            "month": rnd.previous.month,
            "label": rnd.previous.label,
        },
        "source": "approved",
        "computed_at": timezone.localtime().isoformat(timespec="seconds"),
        "indicators": [_indicator(code) for code in PUBLISHED_INDICATORS],
        "suppression": suppression_rule(),
        "total": _unit(
            region, total_now, total_before, _sum(total_registered), _sum(total_posyandu)
        ),
        "groups": groups,
    }


def _indicator(code: str) -> dict:
    ind = prevalence.INDICATOR_BY_CODE[code]
    return {
        "code": code,
        "label": str(ind.label),
        "short": str(ind.short),
        "numerator": str(ind.numerator),
        "denominator": str(ind.denominator),
        "target": prevalence.targets().get(code),
        "classes": classes.frozen_classes(code),
    }

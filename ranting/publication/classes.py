"""Prevalence classes that colour the map and the bars, with their published sources.

Stunting and wasting: the WHO–UNICEF thresholds of de Onis et al., "Prevalence thresholds for
wasting, overweight and stunting in children under 5 years", Public Health Nutrition
2019;22(1):175–179 (doi:10.1017/S1368980018002434), used by WHO and UNICEF in official reporting
since 2018. Underweight has no 2018 threshold; it keeps the WHO 1995 ranges (WHO Expert Committee,
"Physical status: the use and interpretation of anthropometry", TRS 854, as listed in WHO's
Nutrition Landscape Information System). Each snapshot stores the thresholds it was made with,
so a later change here never recolours a published map.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH = (
    _("sangat rendah"),
    _("rendah"),
    _("sedang"),
    _("tinggi"),
    _("sangat tinggi"),
)
DE_ONIS_2019 = "WHO–UNICEF, de Onis dkk. 2019 (Public Health Nutrition 22(1):175–179)"
WHO_1995 = "WHO 1995 (TRS 854; WHO Nutrition Landscape Information System)"

# indicator code → (upper bounds in percent, exclusive; None = no upper bound) and labels.
THRESHOLDS: dict[str, tuple[list[tuple[float | None, object]], str]] = {
    "stunting": (
        [(2.5, VERY_LOW), (10.0, LOW), (20.0, MEDIUM), (30.0, HIGH), (None, VERY_HIGH)],
        DE_ONIS_2019,
    ),
    "wasting": (
        [(2.5, VERY_LOW), (5.0, LOW), (10.0, MEDIUM), (15.0, HIGH), (None, VERY_HIGH)],
        DE_ONIS_2019,
    ),
    "underweight": (
        [(10.0, LOW), (20.0, MEDIUM), (30.0, HIGH), (None, VERY_HIGH)],
        WHO_1995,
    ),
}

# Sequential yellow→dark red (ColorBrewer YlOrRd), readable in grey print; the class is also
# written on every tile and bar, so colour is never the only carrier.
PALETTE = {
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c", "#800026"),
    4: ("#fecc5c", "#fd8d3c", "#e31a1c", "#800026"),
}
DARK_FILLS = {"#e31a1c", "#800026"}
SUPPRESSED_FILL = "#d9dde3"
EMPTY_FILL = "#ffffff"


def frozen_classes(code: str) -> dict:
    """The thresholds of one indicator as stored in a snapshot payload."""
    bounds, source = THRESHOLDS[code]
    return {
        "bounds": [{"below": below, "label": str(label)} for below, label in bounds],
        "source": source,
    }


def class_index(pct: float | None, classes: dict) -> int | None:
    """Index of the class `pct` falls in (bounds are exclusive upper limits); None without pct."""
    if pct is None:
        return None
    for index, bound in enumerate(classes["bounds"]):
        if bound["below"] is None or pct < bound["below"]:
            return index
    return len(classes["bounds"]) - 1


def colours(classes: dict) -> tuple[str, ...]:
    return PALETTE[len(classes["bounds"])]


def text_colour(fill: str) -> str:
    """Black on light fills, white on the two darkest (contrast above 4.5:1 either way)."""
    return "#ffffff" if fill in DARK_FILLS else "#1d2430"


def range_label(classes: dict, index: int) -> str:
    """ "10–<20%"-style text of a class range, as printed in the legend."""
    bounds = classes["bounds"]
    low = 0.0 if index == 0 else bounds[index - 1]["below"]
    high = bounds[index]["below"]
    low_text = _number(low)
    if high is None:
        return f"≥{low_text}%"
    if index == 0:
        return f"<{_number(high)}%"
    return f"{low_text}–<{_number(high)}%"


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")

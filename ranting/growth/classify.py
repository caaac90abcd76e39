"""Nutritional-status categories of PMK No. 2 Tahun 2020 and the program indicators built on them.

Everything here is vectorised over numpy arrays of z-scores, as returned by
`ranting.growth.anthro_zscores` (rounded to 2 decimals, NaN where not computed, flags 0/1).

Categories are returned as arrays of short ASCII *codes* (``"gizi_buruk"``, ``"pendek"``, ...);
`CATEGORY_LABELS` maps a code to the exact Indonesian wording of the regulation's table and
`CATEGORY_SEVERITY` to a colour key for the UI. A row with no category (z missing, or flagged as
biologically implausible by the WHO rules) gets `NO_CATEGORY` (the empty string), so the arrays stay
plain fixed-width strings and never mix in ``None``.

Source of the cut-offs and wording: PMK 2/2020, Lampiran "Kategori dan Ambang Batas Status Gizi
Anak" (DOMAIN.md §1.2). The boundaries follow the regulation's wording "-3 SD sd <-2 SD", "-2 SD sd
+1 SD", "> +1 SD sd +2 SD": a z of exactly -2.00 is normal and exactly +1.00 is normal.

Oedema follows WHO's `anthro_prevalence` (DOMAIN.md §7.1; WorldHealthOrganization/anthro
R/prevalence.R, which substitutes z = -3.1 "to count the child in the denominators always and in the
numerator for undernutrition cut-offs"): a child with bilateral pitting oedema has no weight-based
z-score, but is counted as below -3 SD for the weight-based indices (BB/U, BB/PB or BB/TB, IMT/U).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ranting.growth.inputs import OEDEMA_NO, OEDEMA_NUMBERS, OEDEMA_TOKENS, OEDEMA_YES, to_codes

__all__ = [
    "BBTB_SCHEME",
    "BBU_SCHEME",
    "CATEGORY_LABELS",
    "CATEGORY_SEVERITY",
    "IMTU_5_18_SCHEME",
    "IMTU_SCHEME",
    "NO",
    "NOT_ASSESSABLE",
    "NO_CATEGORY",
    "TBU_SCHEME",
    "YES",
    "CategoryScheme",
    "classify",
    "classify_all",
    "classify_bbtb",
    "classify_bbu",
    "classify_imtu",
    "classify_imtu_5_18",
    "classify_tbu",
    "is_overweight",
    "is_severely_stunted",
    "is_severely_underweight",
    "is_severely_wasted",
    "is_stunted",
    "is_underweight",
    "is_wasted",
    "oedema_mask",
]

#: Category of a row that cannot be classified (z missing or flagged).
NO_CATEGORY = ""

# Reason code of `anthro_zscores` for a child of 60 months or more (ranting.growth.reasons).
AGE_60_MONTHS_REASON = "age_60_months_or_more"

# Three-valued indicator results (STYLE 12): dashboards count NOT_ASSESSABLE to show data quality.
YES = np.int8(1)
NO = np.int8(0)
NOT_ASSESSABLE = np.int8(-1)

# PMK 2/2020 cut-offs in SD units (DOMAIN.md §1.2). The sign conventions of each band are encoded in
# the schemes below, not in these numbers.
SD_MINUS_3 = -3.0  # severe band: sangat kurang / sangat pendek / gizi buruk (z < -3)
SD_MINUS_2 = -2.0  # moderate band: kurang / pendek / gizi kurang (-3 <= z < -2)
SD_PLUS_1 = 1.0  # BB/U risiko berat badan lebih and BB/TB berisiko gizi lebih start above +1
SD_PLUS_2 = 2.0  # BB/TB gizi lebih (overweight) starts above +2; IMT/U 5-18 y obesitas above +2
SD_PLUS_3 = 3.0  # BB/TB and IMT/U obesitas, TB/U tinggi start above +3


@dataclass(frozen=True)
class CategoryScheme:
    """A banded classification of one index, lowest band first.

    `cuts[i]` separates `codes[i]` from `codes[i + 1]`. `upper_inclusive[i]` says which band a z of
    exactly `cuts[i]` falls in: True when the value belongs to the band *above* the cut (the
    regulation's "-3 SD sd <-2 SD" makes -3.00 part of the upper band), False when it belongs to the
    band *below* ("-2 SD sd +1 SD" makes +1.00 part of the lower band).
    """

    name: str
    codes: tuple[str, ...]
    cuts: tuple[float, ...]
    upper_inclusive: tuple[bool, ...]

    def __post_init__(self) -> None:
        """Check the scheme is well formed; raises ValueError otherwise."""
        if len(self.codes) != len(self.cuts) + 1 or len(self.cuts) != len(self.upper_inclusive):
            raise ValueError(f"{self.name}: need one more code than cuts, and one side per cut")
        if any(b <= a for a, b in zip(self.cuts, self.cuts[1:], strict=False)):
            raise ValueError(f"{self.name}: cuts must be strictly increasing")

    def band_index(self, z: NDArray[np.float64]) -> NDArray[np.intp]:
        """Band number of each z (0 = lowest band); meaningless where z is NaN."""
        cuts = np.asarray(self.cuts, dtype=np.float64)
        side = np.asarray(self.upper_inclusive, dtype=bool)
        # A z passes a cut "into the band above" when z >= cut for upper-inclusive cuts and when
        # z > cut for the others. Each group is sorted, so searchsorted counts the cuts passed.
        at_or_above = np.searchsorted(cuts[side], z, side="right")
        strictly_above = np.searchsorted(cuts[~side], z, side="left")
        return at_or_above + strictly_above


BBU_SCHEME = CategoryScheme(
    name="BB/U",
    codes=(
        "berat_badan_sangat_kurang",
        "berat_badan_kurang",
        "berat_badan_normal",
        "risiko_berat_badan_lebih",
    ),
    cuts=(SD_MINUS_3, SD_MINUS_2, SD_PLUS_1),
    upper_inclusive=(True, True, False),
)

TBU_SCHEME = CategoryScheme(
    name="PB/U atau TB/U",
    codes=("sangat_pendek", "pendek", "normal", "tinggi"),
    cuts=(SD_MINUS_3, SD_MINUS_2, SD_PLUS_3),
    upper_inclusive=(True, True, False),
)

BBTB_SCHEME = CategoryScheme(
    name="BB/PB atau BB/TB",
    codes=(
        "gizi_buruk",
        "gizi_kurang",
        "gizi_baik",
        "berisiko_gizi_lebih",
        "gizi_lebih",
        "obesitas",
    ),
    cuts=(SD_MINUS_3, SD_MINUS_2, SD_PLUS_1, SD_PLUS_2, SD_PLUS_3),
    upper_inclusive=(True, True, False, False, False),
)

# IMT/U 0-60 months uses exactly the BB/PB or BB/TB bands (PMK 2/2020 table).
IMTU_SCHEME = CategoryScheme(
    name="IMT/U 0-60 bulan",
    codes=BBTB_SCHEME.codes,
    cuts=BBTB_SCHEME.cuts,
    upper_inclusive=BBTB_SCHEME.upper_inclusive,
)

# IMT/U 5-18 years (WHO Reference 2007): no "berisiko gizi lebih" band, obesitas above +2.
IMTU_5_18_SCHEME = CategoryScheme(
    name="IMT/U 5-18 tahun",
    codes=("gizi_buruk", "gizi_kurang", "gizi_baik", "gizi_lebih", "obesitas"),
    cuts=(SD_MINUS_3, SD_MINUS_2, SD_PLUS_1, SD_PLUS_2),
    upper_inclusive=(True, True, False, False),
)

#: Exact wording of the "Kategori status gizi" column of PMK 2/2020 (English glosses omitted).
CATEGORY_LABELS: Mapping[str, str] = {
    "berat_badan_sangat_kurang": "Berat badan sangat kurang",
    "berat_badan_kurang": "Berat badan kurang",
    "berat_badan_normal": "Berat badan normal",
    "risiko_berat_badan_lebih": "Risiko berat badan lebih",
    "sangat_pendek": "Sangat pendek",
    "pendek": "Pendek",
    "normal": "Normal",
    "tinggi": "Tinggi",
    "gizi_buruk": "Gizi buruk",
    "gizi_kurang": "Gizi kurang",
    "gizi_baik": "Gizi baik (normal)",
    "berisiko_gizi_lebih": "Berisiko gizi lebih",
    "gizi_lebih": "Gizi lebih",
    "obesitas": "Obesitas",
    NO_CATEGORY: "",
}

#: UI colour key per code. "danger": severe undernutrition or obesity; "warning": moderate
#: undernutrition, overweight, and BB/U above +1 (above the KMS orange line, a referral trigger in
#: Buku KIA); "info": possible risk or tall, rarely a problem (PMK footnotes 1-2); "ok": normal.
CATEGORY_SEVERITY: Mapping[str, str] = {
    "berat_badan_sangat_kurang": "danger",
    "berat_badan_kurang": "warning",
    "berat_badan_normal": "ok",
    "risiko_berat_badan_lebih": "warning",
    "sangat_pendek": "danger",
    "pendek": "warning",
    "normal": "ok",
    "tinggi": "info",
    "gizi_buruk": "danger",
    "gizi_kurang": "warning",
    "gizi_baik": "ok",
    "berisiko_gizi_lebih": "info",
    "gizi_lebih": "warning",
    "obesitas": "danger",
    NO_CATEGORY: "",
}


def _as_float(values: ArrayLike) -> NDArray[np.float64]:
    return np.atleast_1d(np.asarray(values, dtype=np.float64))


def _flag_mask(flag: ArrayLike | None, n: int) -> NDArray[np.bool_]:
    """True where the WHO plausibility flag is set (1); NaN or 0 means not flagged."""
    if flag is None:
        return np.zeros(n, dtype=bool)
    return np.broadcast_to(_as_float(flag) == 1, (n,))


def oedema_mask(oedema: ArrayLike | None, n: int) -> NDArray[np.bool_]:
    """Boolean mask of children with oedema, read exactly as `anthro_zscores` reads it.

    Accepts booleans, anthro's 1 (yes) / 2 (no), or "y"/"n"/"true"/"false" in any case. Missing
    and unrecognised values mean no oedema here (`anthro_zscores` reports the unrecognised ones in
    its `reason`). `None` means no child has oedema.
    """
    if oedema is None:
        return np.zeros(n, dtype=bool)
    parsed = to_codes(
        np.atleast_1d(np.asarray(oedema)),
        "oedema",
        OEDEMA_TOKENS,
        OEDEMA_NUMBERS,
        {True: OEDEMA_YES, False: OEDEMA_NO},
    )
    return np.broadcast_to(parsed.values == OEDEMA_YES, (n,))


def classify(
    scheme: CategoryScheme,
    z: ArrayLike,
    flag: ArrayLike | None = None,
    oedema: ArrayLike | None = None,
) -> NDArray[np.str_]:
    """Category codes of `z` under `scheme`.

    Rows where z is NaN or `flag` is 1 get `NO_CATEGORY`. Rows with oedema (see `oedema_mask`) get
    the lowest band whatever their z, which is only meaningful for weight-based indices; callers
    pass `oedema` for those only.
    """
    zz = _as_float(z)
    codes = np.asarray(scheme.codes + (NO_CATEGORY,))
    index = scheme.band_index(zz)
    no_category = np.isnan(zz) | _flag_mask(flag, zz.size)
    index = np.where(no_category, len(scheme.codes), index)
    index = np.where(oedema_mask(oedema, zz.size), 0, index)
    return codes[index]


def classify_bbu(
    z: ArrayLike, flag: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.str_]:
    """BB/U (weight-for-age, 0-60 months) category codes from `zwei`.

    z < -3 berat_badan_sangat_kurang; -3 <= z < -2 berat_badan_kurang; -2 <= z <= +1
    berat_badan_normal; z > +1 risiko_berat_badan_lebih. NaN or flagged (`fwei` == 1) gives
    NO_CATEGORY; oedema gives berat_badan_sangat_kurang (WHO counts it as < -3 SD).
    """
    return classify(BBU_SCHEME, z, flag, oedema)


def classify_tbu(z: ArrayLike, flag: ArrayLike | None = None) -> NDArray[np.str_]:
    """PB/U or TB/U (length/height-for-age, 0-60 months) category codes from `zlen`.

    z < -3 sangat_pendek; -3 <= z < -2 pendek; -2 <= z <= +3 normal; z > +3 tinggi. NaN or flagged
    (`flen` == 1) gives NO_CATEGORY. Oedema does not affect length.
    """
    return classify(TBU_SCHEME, z, flag)


def classify_bbtb(
    z: ArrayLike, flag: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.str_]:
    """BB/PB or BB/TB (weight-for-length/height, 0-60 months) category codes from `zwfl`.

    z < -3 gizi_buruk; -3 <= z < -2 gizi_kurang; -2 <= z <= +1 gizi_baik; +1 < z <= +2
    berisiko_gizi_lebih; +2 < z <= +3 gizi_lebih; z > +3 obesitas. NaN or flagged (`fwfl` == 1)
    gives NO_CATEGORY; oedema gives gizi_buruk.
    """
    return classify(BBTB_SCHEME, z, flag, oedema)


def classify_imtu(
    z: ArrayLike, flag: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.str_]:
    """IMT/U (BMI-for-age, 0-60 months) category codes from `zbmi`; same bands as `classify_bbtb`.

    NaN or flagged (`fbmi` == 1) gives NO_CATEGORY; oedema gives gizi_buruk. PMK footnote 3: count
    wasting prevalence from BB/PB or BB/TB, not from IMT/U.
    """
    return classify(IMTU_SCHEME, z, flag, oedema)


def classify_imtu_5_18(z: ArrayLike, flag: ArrayLike | None = None) -> NDArray[np.str_]:
    """IMT/U for 5-18 years (WHO Reference 2007 z-scores) category codes.

    z < -3 gizi_buruk; -3 <= z < -2 gizi_kurang; -2 <= z <= +1 gizi_baik; +1 < z <= +2 gizi_lebih;
    z > +2 obesitas. NaN or flagged gives NO_CATEGORY.
    """
    return classify(IMTU_5_18_SCHEME, z, flag)


def classify_all(
    zscores: Mapping[str, Any], oedema: ArrayLike | None = None
) -> dict[str, NDArray[np.str_]]:
    """The four PMK 2/2020 statuses from the output of `anthro_zscores`.

    Uses zwei/fwei, zlen/flen, zwfl/fwfl and zbmi/fbmi. Returns a dict with `status_bbu`,
    `status_tbu`, `status_bbtb` and `status_imtu` arrays of codes. Pass the same `oedema` values
    given to `anthro_zscores` to have oedema counted as < -3 SD in the weight-based indices. As in
    anthro_prevalence, oedema is ignored for children of 60 months or more (rows whose `reason`
    contains "age_60_months_or_more").
    """
    n = np.atleast_1d(np.asarray(zscores["zwei"])).size
    swollen = oedema_mask(oedema, n)
    if oedema is not None and "reason" in zscores:
        reason = np.atleast_1d(np.asarray(zscores["reason"])).astype(str)
        swollen = swollen & (np.char.find(reason, AGE_60_MONTHS_REASON) < 0)
    return {
        "status_bbu": classify_bbu(zscores["zwei"], zscores["fwei"], swollen),
        "status_tbu": classify_tbu(zscores["zlen"], zscores["flen"]),
        "status_bbtb": classify_bbtb(zscores["zwfl"], zscores["fwfl"], swollen),
        "status_imtu": classify_imtu(zscores["zbmi"], zscores["fbmi"], swollen),
    }


def _indicator(
    z: ArrayLike,
    flag: ArrayLike | None,
    condition: NDArray[np.bool_],
    oedema: ArrayLike | None = None,
    oedema_result: np.int8 | None = None,
) -> NDArray[np.int8]:
    zz = _as_float(z)
    assessable = ~np.isnan(zz) & ~_flag_mask(flag, zz.size)
    result = np.where(assessable, np.where(condition, YES, NO), NOT_ASSESSABLE).astype(np.int8)
    if oedema_result is not None:
        result[oedema_mask(oedema, zz.size)] = oedema_result
    return result


def is_stunted(zlen: ArrayLike, flen: ArrayLike | None = None) -> NDArray[np.int8]:
    """Stunting (pendek + sangat pendek): PB/U or TB/U z < -2.

    Numerator: children with a computed, unflagged `zlen` < -2.
    Denominator: children with a computed, unflagged `zlen`.
    NaN or flagged z gives NOT_ASSESSABLE.
    """
    zz = _as_float(zlen)
    return _indicator(zz, flen, zz < SD_MINUS_2)


def is_severely_stunted(zlen: ArrayLike, flen: ArrayLike | None = None) -> NDArray[np.int8]:
    """Severe stunting (sangat pendek): PB/U or TB/U z < -3.

    Numerator: children with a computed, unflagged `zlen` < -3.
    Denominator: children with a computed, unflagged `zlen`.
    NaN or flagged z gives NOT_ASSESSABLE.
    """
    zz = _as_float(zlen)
    return _indicator(zz, flen, zz < SD_MINUS_3)


def is_wasted(
    zwfl: ArrayLike, fwfl: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.int8]:
    """Wasting (gizi kurang + gizi buruk): BB/PB or BB/TB z < -2.

    Numerator: children with a computed, unflagged `zwfl` < -2, plus children with oedema.
    Denominator: children with a computed, unflagged `zwfl`, plus children with oedema.
    Oedema gives YES (WHO counts it as < -3 SD); otherwise NaN or flagged z gives NOT_ASSESSABLE.
    """
    zz = _as_float(zwfl)
    return _indicator(zz, fwfl, zz < SD_MINUS_2, oedema, YES)


def is_severely_wasted(
    zwfl: ArrayLike, fwfl: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.int8]:
    """Severe wasting (gizi buruk): BB/PB or BB/TB z < -3, or oedema.

    Numerator: children with a computed, unflagged `zwfl` < -3, plus children with oedema.
    Denominator: children with a computed, unflagged `zwfl`, plus children with oedema.
    """
    zz = _as_float(zwfl)
    return _indicator(zz, fwfl, zz < SD_MINUS_3, oedema, YES)


def is_underweight(
    zwei: ArrayLike, fwei: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.int8]:
    """Underweight (berat badan kurang + sangat kurang): BB/U z < -2.

    Numerator: children with a computed, unflagged `zwei` < -2, plus children with oedema.
    Denominator: children with a computed, unflagged `zwei`, plus children with oedema.
    Oedema gives YES (WHO counts it as < -3 SD); otherwise NaN or flagged z gives NOT_ASSESSABLE.
    """
    zz = _as_float(zwei)
    return _indicator(zz, fwei, zz < SD_MINUS_2, oedema, YES)


def is_severely_underweight(
    zwei: ArrayLike, fwei: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.int8]:
    """Severe underweight (berat badan sangat kurang): BB/U z < -3, or oedema.

    Numerator: children with a computed, unflagged `zwei` < -3, plus children with oedema.
    Denominator: children with a computed, unflagged `zwei`, plus children with oedema.
    """
    zz = _as_float(zwei)
    return _indicator(zz, fwei, zz < SD_MINUS_3, oedema, YES)


def is_overweight(
    zwfl: ArrayLike, fwfl: ArrayLike | None = None, oedema: ArrayLike | None = None
) -> NDArray[np.int8]:
    """Overweight in the program sense (gizi lebih + obesitas): BB/PB or BB/TB z > +2.

    Numerator: children with a computed, unflagged `zwfl` > +2.
    Denominator: children with a computed, unflagged `zwfl`, plus children with oedema.
    Oedema gives NO (WHO counts it below -3 SD: in the denominator, never overweight).
    """
    zz = _as_float(zwfl)
    return _indicator(zz, fwfl, zz > SD_PLUS_2, oedema, NO)

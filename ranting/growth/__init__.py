"""WHO growth engine: numpy only, no Django import anywhere in this package (STYLE.md item 1).

Public API: `anthro_zscores` (WHO 2006 z-scores, a vectorised port of WHO's R anthro 1.1.0).
Other modules of this package add their public names below.
"""

from ranting.growth.zscores import OUTPUT_KEYS, anthro_zscores, preload

__all__ = ["OUTPUT_KEYS", "anthro_zscores", "preload"]

# --- Further exports (classification, KMS) are appended below this line. ---

# PMK 2/2020 categories and program indicators (ranting/growth/classify.py).
from ranting.growth.classify import (  # noqa: E402
    CATEGORY_LABELS,
    CATEGORY_SEVERITY,
    NO,
    NO_CATEGORY,
    NOT_ASSESSABLE,
    YES,
    classify_all,
    classify_bbtb,
    classify_bbu,
    classify_imtu,
    classify_imtu_5_18,
    classify_tbu,
    is_overweight,
    is_severely_stunted,
    is_severely_underweight,
    is_severely_wasted,
    is_stunted,
    is_underweight,
    is_wasted,
)

# KMS growth monitoring: KBM, N/T/O/B, 2T, BGM, referral reasons (ranting/growth/kms.py).
from ranting.growth.kms import (  # noqa: E402
    REFERRAL_CODES,
    REFERRAL_LABELS,
    STATUS_LABELS,
    KbmTable,
    SeriesStatus,
    age_in_completed_months,
    growth_status,
    is_bgm,
    load_kbm_table,
    period_index,
    referral_matrix,
    series_status,
)

__all__ += [
    "CATEGORY_LABELS",
    "CATEGORY_SEVERITY",
    "NO",
    "NO_CATEGORY",
    "NOT_ASSESSABLE",
    "YES",
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
    "REFERRAL_CODES",
    "REFERRAL_LABELS",
    "STATUS_LABELS",
    "KbmTable",
    "SeriesStatus",
    "age_in_completed_months",
    "growth_status",
    "is_bgm",
    "load_kbm_table",
    "period_index",
    "referral_matrix",
    "series_status",
]

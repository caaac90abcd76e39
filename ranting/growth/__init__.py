"""WHO growth engine: numpy only, no Django import anywhere in this package (STYLE.md item 1).

Public API: `anthro_zscores` (WHO 2006 z-scores, a vectorised port of WHO's R anthro 1.1.0).
Other modules of this package add their public names below.
"""

from ranting.growth.zscores import OUTPUT_KEYS, anthro_zscores

__all__ = ["OUTPUT_KEYS", "anthro_zscores"]

# --- Further exports (classification, KMS) are appended below this line. ---

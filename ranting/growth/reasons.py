"""Reason codes explaining, per row, why `anthro_zscores` left values blank (NaN).

A row can carry several reasons; the `reason` output joins their codes with `REASON_SEPARATOR`
in the order of `REASONS`. Each code maps to a corrective message meant for the field worker or
the village admin who has to fix the record. Codes are stable identifiers (tests and the UI key
on them); messages may be reworded.

Internally reasons are bits of a uint32 mask per row, so they are set with vectorised boolean
operations and only turned into strings once, for the distinct masks that occur.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

REASON_SEPARATOR = ";"

#: code -> corrective message, in output order.
REASONS: Mapping[str, str] = {
    "sex_missing": "Sex is missing: enter 1, L or M for a boy and 2, P or F for a girl. "
    "No z-score can be computed without it.",
    "sex_invalid": "Sex is not recognised: use 1, L or M for a boy and 2, P or F for a girl.",
    "age_missing": "Age is missing: only weight-for-length/height can be computed. "
    "Check the date of birth and the measurement date.",
    "age_invalid": "Age is not a number: give age in days "
    "(or in months with is_age_in_month=True).",
    "age_negative": "Age is negative: the measurement date is before the date of birth.",
    "age_60_months_or_more": "The child is 60 months or older (age >= 1826.25 days): the WHO 2006 "
    "standards stop below 60 months, so no z-score is computed.",
    "weight_invalid": "Weight is not a number: give weight in kg, e.g. 9.5.",
    "weight_not_positive": "Weight must be above 0 kg: weight-for-age and BMI-for-age are blank "
    "(anthro 1.1.0 still computes weight-for-length/height for 0 kg; it is flagged).",
    "lenhei_invalid": "Length/height is not a number: give it in cm, e.g. 78.5.",
    "lenhei_not_positive": "Length/height must be above 0 cm (pass cm, not metres).",
    "measure_invalid": "Measurement position is not recognised: use 'l' (lying, recumbent length) "
    "or 'h' (standing height). Length-based z-scores are blank until it is fixed.",
    "oedema_invalid": "Oedema is not recognised: use 'y' or 'n'. Weight-based z-scores are blank "
    "until it is fixed.",
    "oedema": "Bilateral pitting oedema: weight-based z-scores are not computed (WHO counts the "
    "child as below -3 SD).",
    "lenhei_out_of_wfl_range": "Weight-for-length needs a length of 45-110 cm (lying) and "
    "weight-for-height a height of 65-120 cm (standing); this one is outside.",
    "headc_invalid": "Head circumference is not a number: give it in cm.",
    "headc_not_positive": "Head circumference must be above 0 cm.",
    "armc_invalid": "Arm circumference (LiLA) is not a number: give it in cm, not mm.",
    "armc_not_positive": "Arm circumference (LiLA) must be above 0 cm.",
    "triskin_invalid": "Triceps skinfold is not a number: give it in mm.",
    "triskin_not_positive": "Triceps skinfold must be above 0 mm.",
    "subskin_invalid": "Subscapular skinfold is not a number: give it in mm.",
    "subskin_not_positive": "Subscapular skinfold must be above 0 mm.",
    "age_under_91_days": "Arm circumference and skinfold standards start at 91 days (3 months): "
    "no z-score for a younger child.",
}

#: code -> bit in the per-row reason mask.
REASON_BITS: Mapping[str, int] = {code: 1 << bit for bit, code in enumerate(REASONS)}


def reasons_from_bits(bits: NDArray[np.uint32]) -> NDArray[np.object_]:
    """Turn per-row reason bit masks into strings of codes ("" when no bit is set).

    Works on the distinct masks only (a handful), never row by row.
    """
    out = np.empty(bits.shape, dtype=object)
    out.fill("")  # one shared "" object (np.full would convert "" once per element)
    flagged = np.flatnonzero(bits)
    if flagged.size == 0:
        return out
    masks, inverse = np.unique(bits[flagged], return_inverse=True)
    texts = np.array(
        [
            REASON_SEPARATOR.join(code for code, bit in REASON_BITS.items() if int(mask) & bit)
            for mask in masks
        ],
        dtype=object,
    )
    out[flagged] = texts[inverse]
    return out

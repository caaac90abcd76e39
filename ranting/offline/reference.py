"""The reference data the offline form computes with, as one JSON document for the phone.

Everything is generated from the sources the server itself uses, so the phone cannot drift from
it: the WHO tables and indicator registry of `ranting.growth` (`who2006.lms_arrays`,
`length_lms`, `INDICATORS`, `constants`), the PMK 2/2020 schemes of `growth.classify`, the KMS
rules of `growth.kms` with the KBM table in force (`measurements.derive.configured_kbm_table`),
and the input and plausibility rules of `measurements.checks` / `measurements.derive`. The JS
port (static/offline/growth.js, kms.js, checks.js) reads its rules from here instead of repeating
them. The Indonesian texts come from `texts.py`.

Numbers are written with Python's shortest round-trip repr, which JavaScript parses back to the
identical double, so the LMS arithmetic starts from bit-identical table values.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any, cast

import numpy as np
from django import forms as django_forms
from django.conf import settings
from django.utils import translation

from ranting.growth import constants as growth_constants
from ranting.growth.classify import (
    BBTB_SCHEME,
    BBU_SCHEME,
    CATEGORY_LABELS,
    CATEGORY_SEVERITY,
    IMTU_SCHEME,
    TBU_SCHEME,
    CategoryScheme,
)
from ranting.growth.kms import (
    GRAMS_PER_KG,
    KMS_ORANGE_LINE_SD,
    KMS_RED_LINE_SD,
    MIN_GAIN_WITHOUT_KBM_GRAMS,
    REFERRAL_CODES,
    REFERRAL_LABELS,
    STATUS_LABELS,
)
from ranting.growth.references.who2006 import (
    AGE_ROWS,
    INDICATORS,
    LENGTH_TABLES,
    length_lms,
    lms_arrays,
)
from ranting.measurements import checks, derive, forms
from ranting.offline import texts

# The indicators the measurement form records (derive.apply_derived passes weight, length,
# head and arm circumference); the skinfold tables are left out to keep the download small.
FORM_INDICATORS = ("len", "wei", "wfl", "bmi", "hc", "ac")
# Measuring position codes of the form, by the table code of who2006.LENGTH_TABLES.
POSITION_OF_TABLE = {growth_constants.MEASURE_LENGTH: "l", growth_constants.MEASURE_HEIGHT: "h"}
# Hex digits of the content hash used as the version (cache key of the service worker).
VERSION_DIGITS = 16


def _floats(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]


def _age_table(indicator_key: str) -> dict[str, Any]:
    indicator = INDICATORS[indicator_key]
    lms = lms_arrays(indicator.table)
    first = indicator.first_day
    out: dict[str, Any] = {"first_day": first, "l_is_one": lms.l_is_one, "sexes": {}}
    for sex in (growth_constants.SEX_MALE, growth_constants.SEX_FEMALE):
        rows = slice((sex - 1) * AGE_ROWS + first, sex * AGE_ROWS)
        out["sexes"][str(sex)] = {
            "L": _floats(lms.l[rows]),
            "M": _floats(lms.m[rows]),
            "S": _floats(lms.s[rows]),
        }
    return out


def _length_tables() -> dict[str, Any]:
    tables = length_lms()
    out: dict[str, Any] = {}
    for measure, spec in LENGTH_TABLES.items():
        size = int(tables.rows_per_sex[measure])
        entry: dict[str, Any] = {
            "min_cm": spec.min_cm,
            "max_cm": spec.max_cm,
            "first_step": float(tables.first_step[measure]),
            "last_step": float(tables.last_step[measure]),
            "sexes": {},
        }
        for sex in (growth_constants.SEX_MALE, growth_constants.SEX_FEMALE):
            start = int(tables.base[measure]) + (sex - 1) * size
            rows = slice(start, start + size)
            entry["sexes"][str(sex)] = {
                "L": _floats(tables.lms.l[rows]),
                "M": _floats(tables.lms.m[rows]),
                "S": _floats(tables.lms.s[rows]),
            }
        out[POSITION_OF_TABLE[measure]] = entry
    return out


def _indicators() -> list[dict[str, Any]]:
    return [
        {
            "key": ind.key,
            "measurement": ind.measurement,
            "by_age": ind.by_age,
            "first_day": ind.first_day,
            "adjusted": ind.adjusted,
            "weight_based": ind.weight_based,
            "flag_low": ind.flag_range[0],
            "flag_high": ind.flag_range[1],
        }
        for key, ind in INDICATORS.items()
        if key in FORM_INDICATORS
    ]


def _scheme(scheme: CategoryScheme) -> dict[str, Any]:
    return {
        "codes": list(scheme.codes),
        "cuts": list(scheme.cuts),
        "upper_inclusive": list(scheme.upper_inclusive),
    }


def _kbm() -> list[list[float]]:
    table = derive.configured_kbm_table()
    return [
        [int(start), int(end), float(grams)]
        for start, end, grams in zip(
            table.age_months_from, table.age_months_to, table.kbm_grams, strict=True
        )
    ]


def _notes_field() -> django_forms.CharField:
    return cast(django_forms.CharField, forms.MeasurementForm.base_fields["notes"])


def _decimal(value) -> float:
    return float(value)


def build_reference() -> dict[str, Any]:
    """The whole reference document (without its version), in the active language."""
    c = growth_constants
    return {
        "growth": {
            "constants": {
                "days_per_month": c.DAYS_PER_MONTH,
                "half_day": c.HALF_DAY,
                "max_age_months_exclusive": c.MAX_AGE_MONTHS_EXCLUSIVE,
                "anthro_max_age_days": c.ANTHRO_MAX_AGE_DAYS,
                "age_table_last_day": c.AGE_TABLE_LAST_DAY,
                "length_to_height_age_days": c.LENGTH_TO_HEIGHT_AGE_DAYS,
                "lenhei_correction_cm": c.LENHEI_CORRECTION_CM,
                "min_standing_age_months": c.MIN_STANDING_AGE_MONTHS,
                "impute_height_from_cm": c.IMPUTE_HEIGHT_FROM_CM,
                "cm_per_m": c.CM_PER_M,
                "lenhei_steps_per_cm": c.LENHEI_STEPS_PER_CM,
                "lenhei_step_cm": c.LENHEI_STEP_CM,
                "sd23_outer_z": c.SD23_OUTER_Z,
                "sd23_inner_z": c.SD23_INNER_Z,
                "z_scale": c.Z_SCALE,
                "r_round_passthrough_abs": c.R_ROUND_PASSTHROUGH_ABS,
            },
            "indicators": _indicators(),
            "age_tables": {
                key: _age_table(key) for key in FORM_INDICATORS if INDICATORS[key].by_age
            },
            "length_tables": _length_tables(),
        },
        "pmk": {
            "bbu": _scheme(BBU_SCHEME),
            "tbu": _scheme(TBU_SCHEME),
            "bbtb": _scheme(BBTB_SCHEME),
            "imtu": _scheme(IMTU_SCHEME),
            "labels": {code: str(label) for code, label in CATEGORY_LABELS.items() if code},
            "severity": {code: sev for code, sev in CATEGORY_SEVERITY.items() if code},
        },
        "kms": {
            "kbm": _kbm(),
            "min_gain_without_kbm_grams": MIN_GAIN_WITHOUT_KBM_GRAMS,
            "grams_per_kg": GRAMS_PER_KG,
            "red_line_sd": KMS_RED_LINE_SD,
            "orange_line_sd": KMS_ORANGE_LINE_SD,
            "status_labels": {code: str(label) for code, label in STATUS_LABELS.items() if code},
            "referral_codes": list(REFERRAL_CODES),
            "referral_labels": {code: str(label) for code, label in REFERRAL_LABELS.items()},
        },
        "checks": {
            "min_weight_kg": _decimal(checks.MIN_WEIGHT_KG),
            "max_weight_kg": _decimal(checks.MAX_WEIGHT_KG),
            "min_lenhei_cm": _decimal(checks.MIN_LENHEI_CM),
            "max_lenhei_cm": _decimal(checks.MAX_LENHEI_CM),
            "grams_hint_above": _decimal(checks.GRAMS_HINT_ABOVE),
            "metres_hint_below": _decimal(checks.METRES_HINT_BELOW),
            "min_armc_cm": _decimal(checks.MIN_ARMC_CM),
            "max_armc_cm": _decimal(checks.MAX_ARMC_CM),
            "min_headc_cm": _decimal(checks.MIN_HEADC_CM),
            "max_headc_cm": _decimal(checks.MAX_HEADC_CM),
            "mm_hint_above": _decimal(checks.MM_HINT_ABOVE),
            "balita_max_months": checks.BALITA_MAX_MONTHS,
            "min_standing_months": checks.MIN_STANDING_MONTHS,
            "exclusive_bf_max_months": checks.EXCLUSIVE_BF_MAX_MONTHS,
            "max_weight_loss_kg": derive.MAX_WEIGHT_LOSS_KG,
            "max_length_shrink_cm": derive.MAX_LENGTH_SHRINK_CM,
            "standing_from_months": forms.STANDING_FROM_MONTHS,
            "decimal_places": forms.DECIMAL_PLACES,
            "notes_max_length": _notes_field().max_length,
            "confirm_warnings": sorted(derive.CONFIRM_WARNINGS),
            "warning_labels": {code: str(label) for code, label in derive.WARNING_LABELS.items()},
        },
        "texts": texts.all_texts(),
    }


def _kbm_key() -> tuple[str, int]:
    path = settings.KBM_TABLE_PATH
    return (path, Path(path).stat().st_mtime_ns if path else 0)


@functools.lru_cache(maxsize=4)
def _encoded(language: str, kbm_key: tuple[str, int]) -> tuple[bytes, str]:
    document = build_reference()
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    version = hashlib.sha256(body.encode()).hexdigest()[:VERSION_DIGITS]
    document["version"] = version
    encoded = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return encoded.encode(), version


def reference_json() -> tuple[bytes, str]:
    """(JSON bytes, version) of the reference document; rebuilt when the KBM file changes."""
    return _encoded(translation.get_language() or settings.LANGUAGE_CODE, _kbm_key())


def reference_version() -> str:
    return reference_json()[1]

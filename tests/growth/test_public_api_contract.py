"""Public-API contract of the WHO growth engine (STYLE.md item 8d).

Names, parameter order and defaults, output keys, order and types are a contract with the
Django apps, the API and the exports: changing them must be a deliberate, visible decision.
"""

from __future__ import annotations

import hashlib
import inspect
import time
from importlib import resources

import numpy as np
import pytest

import ranting.growth
from ranting.growth import anthro_zscores
from ranting.growth.reasons import REASON_SEPARATOR, REASONS
from ranting.growth.references import REFERENCES

PARAMETERS = [
    ("sex", inspect.Parameter.empty),
    ("age", inspect.Parameter.empty),
    ("is_age_in_month", False),
    ("weight", None),
    ("lenhei", None),
    ("measure", None),
    ("oedema", None),
    ("headc", None),
    ("armc", None),
    ("triskin", None),
    ("subskin", None),
]
# anthro::anthro_zscores() output columns (without csex), then our `reason`.
OUTPUT_KEYS = [
    "clenhei",
    "cmeasure",
    "c9mo_flag",
    "cbmi",
    "zlen",
    "flen",
    "zwei",
    "fwei",
    "zwfl",
    "fwfl",
    "zbmi",
    "fbmi",
    "zhc",
    "fhc",
    "zac",
    "fac",
    "zts",
    "fts",
    "zss",
    "fss",
    "reason",
]
FLOAT_KEYS = [key for key in OUTPUT_KEYS if key not in ("cmeasure", "reason")]
REASON_CODES = [
    "sex_missing",
    "sex_invalid",
    "age_missing",
    "age_invalid",
    "age_negative",
    "age_60_months_or_more",
    "weight_invalid",
    "weight_not_positive",
    "lenhei_invalid",
    "lenhei_not_positive",
    "measure_invalid",
    "oedema_invalid",
    "oedema",
    "lenhei_out_of_wfl_range",
    "headc_invalid",
    "headc_not_positive",
    "armc_invalid",
    "armc_not_positive",
    "triskin_invalid",
    "triskin_not_positive",
    "subskin_invalid",
    "subskin_not_positive",
    "age_under_91_days",
]


def test_it_exports_anthro_zscores_from_the_package():
    assert ranting.growth.anthro_zscores is anthro_zscores
    assert "anthro_zscores" in ranting.growth.__all__


def test_it_keeps_the_parameter_names_order_and_defaults():
    signature = inspect.signature(anthro_zscores)
    assert [(p.name, p.default) for p in signature.parameters.values()] == PARAMETERS
    assert all(
        p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in signature.parameters.values()
    )


def test_it_accepts_positional_arguments_in_that_order():
    by_position = anthro_zscores(1, 300, False, 8.0, 68.0, "l", "n", 44.0, 14.0, 8.0, 7.0)
    by_name = anthro_zscores(
        sex=1,
        age=300,
        weight=8.0,
        lenhei=68.0,
        measure="l",
        oedema="n",
        headc=44.0,
        armc=14.0,
        triskin=8.0,
        subskin=7.0,
    )
    for key in FLOAT_KEYS:
        np.testing.assert_array_equal(by_position[key], by_name[key], err_msg=key)


def test_it_returns_the_output_keys_in_order():
    assert list(anthro_zscores(sex=1, age=100).keys()) == OUTPUT_KEYS
    assert list(ranting.growth.OUTPUT_KEYS) == OUTPUT_KEYS


def test_it_returns_numpy_arrays_of_the_documented_types():
    result = anthro_zscores(sex=[1, 2, 3], age=[100, 200, 300], weight=7.0, lenhei=65.0)
    for key in FLOAT_KEYS:
        assert isinstance(result[key], np.ndarray), key
        assert result[key].dtype == np.float64, key
        assert result[key].shape == (3,), key
    assert result["cmeasure"].dtype.kind == "U"
    assert all(isinstance(text, str) for text in result["reason"])


def test_it_rounds_z_scores_to_2_decimals_and_flags_to_0_1_or_nan():
    rng = np.random.default_rng(11)
    result = anthro_zscores(
        sex=rng.integers(1, 3, 500),
        age=rng.uniform(0, 1900, 500),
        weight=rng.uniform(1, 30, 500),
        lenhei=rng.uniform(40, 125, 500),
        measure=rng.choice(["l", "h", ""], 500),
        headc=rng.uniform(30, 55, 500),
        armc=rng.uniform(9, 22, 500),
        triskin=rng.uniform(3, 20, 500),
        subskin=rng.uniform(3, 20, 500),
    )
    for key in OUTPUT_KEYS:
        if key.startswith("z"):
            values = result[key][~np.isnan(result[key])]
            np.testing.assert_array_equal(np.round(values * 100) / 100, values)
            flags = result["f" + key[1:]]
            assert set(np.unique(flags[~np.isnan(flags)])) <= {0.0, 1.0}
            np.testing.assert_array_equal(np.isnan(flags), np.isnan(result[key]))
    assert set(np.unique(result["c9mo_flag"])) <= {0.0, 1.0}
    assert set(np.unique(result["cmeasure"])) <= {"l", "h", ""}


def test_it_does_not_change_its_inputs():
    weight = np.array([7.0, -1.0, np.nan])
    sex = ["L", "P", "x"]
    anthro_zscores(sex=sex, age=np.array([100.0, 200.0, -3.0]), weight=weight)
    np.testing.assert_array_equal(weight, [7.0, -1.0, np.nan])
    assert sex == ["L", "P", "x"]


def test_it_keeps_its_reason_codes():
    assert list(REASONS) == REASON_CODES
    assert REASON_SEPARATOR == ";"
    assert all(message.strip() for message in REASONS.values())


def test_it_rejects_a_non_boolean_age_unit():
    with pytest.raises(ValueError, match="is_age_in_month"):
        anthro_zscores(sex=1, age=10, is_age_in_month="yes")


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_every_registered_reference_exposes_the_same_three_functions(name):
    module = REFERENCES[name]
    for function in ("lms_arrays", "select_table", "data_absent"):
        assert callable(getattr(module, function)), function
        assert getattr(module, function).__doc__, function


def test_every_who2006_indicator_has_its_table_and_an_output_pair():
    module = REFERENCES["who2006"]
    for key, indicator in module.INDICATORS.items():
        assert f"z{key}" in OUTPUT_KEYS
        assert f"f{key}" in OUTPUT_KEYS
        if indicator.by_age:
            lms = module.lms_arrays(indicator.table)
            assert lms.l.shape == lms.m.shape == lms.s.shape == (2 * module.AGE_ROWS + 1,)
            assert np.isnan(lms.m[lms.no_data])
    assert module.length_lms().lms.m.shape == (2 * (651 + 551) + 1,)


def test_it_scores_100_000_rows_in_under_a_second():
    """STYLE.md item 6: vectorised, no Python loop over rows (typically ~40 ms here)."""
    rng = np.random.default_rng(5)
    rows = 100_000
    arguments = {
        "sex": rng.integers(1, 3, rows),
        "age": rng.integers(0, 1826, rows),
        "weight": rng.uniform(2, 25, rows),
        "lenhei": rng.uniform(45, 115, rows),
        "measure": rng.choice(["l", "h"], rows),
        "headc": rng.uniform(32, 54, rows),
        "armc": rng.uniform(10, 20, rows),
        "triskin": rng.uniform(4, 15, rows),
        "subskin": rng.uniform(3, 14, rows),
    }
    anthro_zscores(**arguments)  # loads the tables
    start = time.perf_counter()
    anthro_zscores(**arguments)
    assert time.perf_counter() - start < 1.0


# SHA-256 of the WHO tables as exported from anthro 1.1.0 (ranting/growth/data/SOURCE.md).
TABLE_SHA256 = {
    "acanthro.csv": "b2c8e06ae7c3e26033d28e849e191ca5221c1a196a801a8e44aa665d2ae3ee5a",
    "bmianthro.csv": "8967c433a48ce31e98e17bc112947bf75f4483a5415a80cd2906143f3a11fb2e",
    "hcanthro.csv": "4182afc96c9b7d94fddc04e8d46fcbd6d6a30e0b4261b068ca14a96133278ddd",
    "lenanthro.csv": "721cd1bda4b82475d596c40e9e1e988b23c4eca72a5b2bd1bde3d58d6dd8cff0",
    "ssanthro.csv": "92673dfae2c0b90dd403ada8ccdf082d4aba42f719552c9f6f1cada935a1038a",
    "tsanthro.csv": "0dc0517d0ad8fd0a7592ecdb1d33dcfdab187fb9b342bbe7866a48af2c66765d",
    "weianthro.csv": "2443678cfae987ced574b2bf76e3dedc4789655440e11637da06e6082b1322b8",
    "wfhanthro.csv": "f3ddb20aa68a48788efd2930a4faf4fa956615aedaf813f184d90a4108325436",
    "wflanthro.csv": "9cdcd6c8ca6fbfad65fd1cd39d5870116d0ebd148cd22f8aa1e283443f201acc",
}


def test_it_ships_the_who_tables_unchanged():
    data = resources.files("ranting.growth").joinpath("data")
    for name, digest in TABLE_SHA256.items():
        assert hashlib.sha256(data.joinpath(name).read_bytes()).hexdigest() == digest, name

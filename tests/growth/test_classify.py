"""PMK 2/2020 categories and program indicators (ranting.growth.classify)."""

import math

import numpy as np
import pytest

from ranting.growth.classify import (
    BBTB_SCHEME,
    BBU_SCHEME,
    CATEGORY_LABELS,
    CATEGORY_SEVERITY,
    IMTU_5_18_SCHEME,
    IMTU_SCHEME,
    NO,
    NO_CATEGORY,
    NOT_ASSESSABLE,
    TBU_SCHEME,
    YES,
    CategoryScheme,
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
    oedema_mask,
)

NAN = math.nan


BBU_CASES = [
    pytest.param(-3.01, "berat_badan_sangat_kurang", id="bbu-3.01"),
    pytest.param(-3.00, "berat_badan_kurang", id="bbu-3.00"),
    pytest.param(-2.01, "berat_badan_kurang", id="bbu-2.01"),
    pytest.param(-2.00, "berat_badan_normal", id="bbu-2.00"),
    pytest.param(0.00, "berat_badan_normal", id="bbu0"),
    pytest.param(1.00, "berat_badan_normal", id="bbu+1.00"),
    pytest.param(1.01, "risiko_berat_badan_lebih", id="bbu+1.01"),
    pytest.param(2.00, "risiko_berat_badan_lebih", id="bbu+2.00"),
    pytest.param(3.01, "risiko_berat_badan_lebih", id="bbu+3.01"),
]

TBU_CASES = [
    pytest.param(-3.01, "sangat_pendek", id="tbu-3.01"),
    pytest.param(-3.00, "pendek", id="tbu-3.00"),
    pytest.param(-2.01, "pendek", id="tbu-2.01"),
    pytest.param(-2.00, "normal", id="tbu-2.00"),
    pytest.param(1.01, "normal", id="tbu+1.01"),
    pytest.param(2.01, "normal", id="tbu+2.01"),
    pytest.param(3.00, "normal", id="tbu+3.00"),
    pytest.param(3.01, "tinggi", id="tbu+3.01"),
]

BBTB_CASES = [
    pytest.param(-3.01, "gizi_buruk", id="-3.01"),
    pytest.param(-3.00, "gizi_kurang", id="-3.00"),
    pytest.param(-2.01, "gizi_kurang", id="-2.01"),
    pytest.param(-2.00, "gizi_baik", id="-2.00"),
    pytest.param(1.00, "gizi_baik", id="+1.00"),
    pytest.param(1.01, "berisiko_gizi_lebih", id="+1.01"),
    pytest.param(2.00, "berisiko_gizi_lebih", id="+2.00"),
    pytest.param(2.01, "gizi_lebih", id="+2.01"),
    pytest.param(3.00, "gizi_lebih", id="+3.00"),
    pytest.param(3.01, "obesitas", id="+3.01"),
]


@pytest.mark.parametrize(("z", "expected"), BBU_CASES)
def test_it_classifies_bbu_at_each_boundary(z, expected):
    assert classify_bbu([z]).tolist() == [expected]


@pytest.mark.parametrize(("z", "expected"), TBU_CASES)
def test_it_classifies_tbu_at_each_boundary(z, expected):
    assert classify_tbu([z]).tolist() == [expected]


@pytest.mark.parametrize(("z", "expected"), BBTB_CASES)
def test_it_classifies_bbtb_at_each_boundary(z, expected):
    assert classify_bbtb([z]).tolist() == [expected]


@pytest.mark.parametrize(("z", "expected"), BBTB_CASES)
def test_it_classifies_imtu_like_bbtb(z, expected):
    assert classify_imtu([z]).tolist() == [expected]


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        pytest.param(-3.01, "gizi_buruk", id="-3.01"),
        pytest.param(-3.00, "gizi_kurang", id="-3.00"),
        pytest.param(-2.00, "gizi_baik", id="-2.00"),
        pytest.param(1.00, "gizi_baik", id="+1.00"),
        pytest.param(1.01, "gizi_lebih", id="+1.01"),
        pytest.param(2.00, "gizi_lebih", id="+2.00"),
        pytest.param(2.01, "obesitas", id="+2.01"),
    ],
)
def test_it_classifies_imtu_5_18_with_its_own_bands(z, expected):
    assert classify_imtu_5_18([z]).tolist() == [expected]


@pytest.mark.parametrize(
    "classifier",
    [classify_bbu, classify_tbu, classify_bbtb, classify_imtu, classify_imtu_5_18],
)
def test_it_gives_no_category_for_nan_and_flagged_z(classifier):
    result = classifier([NAN, 0.0, 0.0, 0.0], [NAN, 1, 0, NAN])
    assert result.tolist() == [NO_CATEGORY, NO_CATEGORY, result[2], result[3]]
    assert result[2] != NO_CATEGORY
    assert result[3] != NO_CATEGORY


def test_it_classifies_a_whole_array_without_a_flag():
    z = np.array([-4.0, -2.5, 0.0, 1.5, 2.5, 3.5, NAN])
    assert classify_bbtb(z).tolist() == [
        "gizi_buruk",
        "gizi_kurang",
        "gizi_baik",
        "berisiko_gizi_lebih",
        "gizi_lebih",
        "obesitas",
        "",
    ]


@pytest.mark.parametrize(
    ("classifier", "lowest"),
    [
        (classify_bbtb, "gizi_buruk"),
        (classify_imtu, "gizi_buruk"),
        (classify_bbu, "berat_badan_sangat_kurang"),
    ],
)
def test_it_counts_oedema_as_below_minus_3(classifier, lowest):
    result = classifier([NAN, 1.5, NAN], [NAN, 0, NAN], oedema=["y", "y", "n"])
    assert result.tolist() == [lowest, lowest, NO_CATEGORY]


def test_it_reads_oedema_from_booleans_numbers_and_strings():
    assert oedema_mask([True, False], 2).tolist() == [True, False]
    assert oedema_mask([1, 0, NAN], 3).tolist() == [True, False, False]
    assert oedema_mask(["Y", " y", "n", "", "1", "2", "ya"], 7).tolist() == [
        True,
        True,
        False,
        False,
        True,
        False,
        False,
    ]
    assert oedema_mask(None, 2).tolist() == [False, False]


def test_it_classifies_all_four_indices_from_anthro_output():
    zscores = {
        "zwei": np.array([-3.5, 0.0, 7.0]),
        "fwei": np.array([0.0, 0.0, 1.0]),
        "zlen": np.array([-2.5, NAN, 0.0]),
        "flen": np.array([0.0, NAN, 0.0]),
        "zwfl": np.array([-2.0, 2.5, NAN]),
        "fwfl": np.array([0.0, 0.0, NAN]),
        "zbmi": np.array([-5.5, 1.0, 0.0]),
        "fbmi": np.array([1.0, 0.0, 0.0]),
    }
    result = classify_all(zscores)
    assert result["status_bbu"].tolist() == ["berat_badan_sangat_kurang", "berat_badan_normal", ""]
    assert result["status_tbu"].tolist() == ["pendek", "", "normal"]
    assert result["status_bbtb"].tolist() == ["gizi_baik", "gizi_lebih", ""]
    assert result["status_imtu"].tolist() == ["", "gizi_baik", "gizi_baik"]


def test_it_applies_oedema_in_classify_all_to_weight_based_indices_only():
    zscores = {key: np.array([NAN]) for key in ("zwei", "fwei", "zwfl", "fwfl", "zbmi", "fbmi")}
    zscores |= {"zlen": np.array([0.0]), "flen": np.array([0.0])}
    result = classify_all(zscores, oedema=["y"])
    assert result["status_bbtb"].tolist() == ["gizi_buruk"]
    assert result["status_imtu"].tolist() == ["gizi_buruk"]
    assert result["status_bbu"].tolist() == ["berat_badan_sangat_kurang"]
    assert result["status_tbu"].tolist() == ["normal"]


def test_it_ignores_oedema_from_60_months_as_anthro_prevalence_does():
    zscores = {
        key: np.array([NAN, NAN]) for key in ("zwei", "fwei", "zwfl", "fwfl", "zbmi", "fbmi")
    }
    zscores |= {"zlen": np.array([NAN, NAN]), "flen": np.array([NAN, NAN])}
    zscores["reason"] = np.array(["oedema", "age_60_months_or_more;oedema"], dtype=object)
    result = classify_all(zscores, oedema=["y", "y"])
    assert result["status_bbtb"].tolist() == ["gizi_buruk", NO_CATEGORY]


def test_it_labels_every_code_with_the_regulation_wording():
    schemes = (BBU_SCHEME, TBU_SCHEME, BBTB_SCHEME, IMTU_SCHEME, IMTU_5_18_SCHEME)
    codes = {code for scheme in schemes for code in scheme.codes}
    assert codes <= set(CATEGORY_LABELS)
    assert codes <= set(CATEGORY_SEVERITY)
    assert set(CATEGORY_SEVERITY.values()) <= {"danger", "warning", "ok", "info", ""}
    assert CATEGORY_LABELS["berat_badan_sangat_kurang"] == "Berat badan sangat kurang"
    assert CATEGORY_LABELS["risiko_berat_badan_lebih"] == "Risiko berat badan lebih"
    assert CATEGORY_LABELS["pendek"] == "Pendek"
    assert CATEGORY_LABELS["normal"] == "Normal"
    assert CATEGORY_LABELS["tinggi"] == "Tinggi"
    assert CATEGORY_LABELS["gizi_buruk"] == "Gizi buruk"
    assert CATEGORY_LABELS["gizi_baik"] == "Gizi baik (normal)"
    assert CATEGORY_LABELS["berisiko_gizi_lebih"] == "Berisiko gizi lebih"
    assert CATEGORY_LABELS["obesitas"] == "Obesitas"
    assert CATEGORY_LABELS[NO_CATEGORY] == ""


def test_it_rejects_a_malformed_scheme():
    with pytest.raises(ValueError, match="one more code"):
        CategoryScheme("x", ("a", "b"), (0.0, 1.0), (True, True))
    with pytest.raises(ValueError, match="increasing"):
        CategoryScheme("x", ("a", "b", "c"), (1.0, 0.0), (True, True))


@pytest.mark.parametrize(
    ("indicator", "z", "expected"),
    [
        pytest.param(is_stunted, [-2.01, -2.00, NAN], [YES, NO, NOT_ASSESSABLE], id="stunted"),
        pytest.param(is_severely_stunted, [-3.01, -3.00], [YES, NO], id="severely-stunted"),
        pytest.param(is_wasted, [-2.01, -2.00], [YES, NO], id="wasted"),
        pytest.param(is_severely_wasted, [-3.01, -3.00], [YES, NO], id="severely-wasted"),
        pytest.param(is_underweight, [-2.01, -2.00], [YES, NO], id="underweight"),
        pytest.param(is_severely_underweight, [-3.01, -3.00], [YES, NO], id="sev-underweight"),
        pytest.param(is_overweight, [2.01, 2.00, NAN], [YES, NO, NOT_ASSESSABLE], id="overweight"),
    ],
)
def test_it_computes_indicators_at_their_cut_off(indicator, z, expected):
    result = indicator(z)
    assert result.dtype == np.int8
    assert result.tolist() == expected


@pytest.mark.parametrize(
    "indicator",
    [
        is_stunted,
        is_severely_stunted,
        is_wasted,
        is_severely_wasted,
        is_underweight,
        is_severely_underweight,
        is_overweight,
    ],
)
def test_it_makes_flagged_z_not_assessable(indicator):
    assert indicator([-7.0, 7.0], [1, 1]).tolist() == [NOT_ASSESSABLE, NOT_ASSESSABLE]
    assert indicator.__doc__ is not None
    assert "Numerator" in indicator.__doc__
    assert "Denominator" in indicator.__doc__


def test_it_counts_oedema_as_wasted_and_underweight_but_not_overweight():
    oedema = ["y", "n"]
    assert is_wasted([NAN, NAN], [NAN, NAN], oedema).tolist() == [YES, NOT_ASSESSABLE]
    assert is_severely_wasted([NAN, 0.0], None, oedema).tolist() == [YES, NO]
    assert is_underweight([NAN, 0.0], None, oedema).tolist() == [YES, NO]
    assert is_overweight([NAN, 2.5], None, oedema).tolist() == [NO, YES]


def test_it_classifies_a_million_rows_quickly():
    z = np.random.default_rng(1).normal(size=1_000_000).round(2)
    result = classify_bbtb(z)
    assert result.shape == z.shape
    assert (result == "gizi_baik").sum() == np.count_nonzero((z >= -2) & (z <= 1))

"""KMS growth-monitoring rules (ranting.growth.kms)."""

import math
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from ranting.growth.kms import (
    NO_STATUS,
    REFERRAL_CODES,
    REFERRAL_LABELS,
    STATUS_LABELS,
    KbmTableError,
    age_in_completed_months,
    growth_status,
    is_above_orange_line,
    is_bgm,
    is_two_t,
    load_kbm_table,
    period_index,
    period_of_dates,
    referral_matrix,
    series_status,
    weight_gain_grams,
)

NAN = math.nan


JAN = period_index(2025, 1)


# --- KBM table ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "grams"),
    [
        pytest.param(1, 800, id="1m"),
        pytest.param(2, 900, id="2m"),
        pytest.param(3, 800, id="3m"),
        pytest.param(4, 600, id="4m"),
        pytest.param(5, 500, id="5m"),
        pytest.param(6, 400, id="6m"),
        pytest.param(7, 400, id="7m"),
        pytest.param(8, 300, id="8m"),
        pytest.param(10, 300, id="10m"),
        pytest.param(11, 200, id="11m"),
        pytest.param(24, 200, id="24m"),
        pytest.param(60, 200, id="60m"),
    ],
)
def test_it_ships_the_recommended_kbm_defaults(age, grams):
    assert load_kbm_table().min_gain_grams([age]).tolist() == [grams]


def test_it_has_no_kbm_at_age_0_beyond_60_months_or_unknown_age():
    result = load_kbm_table().min_gain_grams([0, 61, NAN, -1])
    assert np.isnan(result).all()


def test_it_truncates_fractional_ages_to_completed_months():
    assert load_kbm_table().min_gain_grams([2.99]).tolist() == [900]


def test_it_documents_the_source_of_every_kbm_row():
    table = load_kbm_table()
    assert len(table.sources) == len(table.kbm_grams)
    assert all(table.sources)
    unverified = [s for s in table.sources if "UNVERIFIED" in s]
    assert len(unverified) == 2


def test_it_loads_a_custom_kbm_table(tmp_path):
    path = tmp_path / "kbm_alt.csv"
    path.write_text(
        "age_months_from,age_months_to,kbm_grams,source\n"
        "1,2,700,test\n"
        "3,11,300,test\n"
        "12,24,150,test\n",
        encoding="utf-8",
    )
    table = load_kbm_table(path)
    assert table.min_gain_grams([1, 2, 3, 11, 12, 24, 25]).tolist()[:6] == [
        700,
        700,
        300,
        300,
        150,
        150,
    ]
    assert math.isnan(table.min_gain_grams([25])[0])
    status = growth_status([8.15], [12], [JAN + 1], [8.0], [JAN], kbm=table)
    assert status.tolist() == ["N"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("from,to,grams\n1,2,3\n", "lacks column", id="bad-header"),
        pytest.param("age_months_from,age_months_to,kbm_grams\n1,x,3\n", "whole months", id="txt"),
        pytest.param("age_months_from,age_months_to,kbm_grams\n3,1,3\n", "<=", id="reversed"),
        pytest.param(
            "age_months_from,age_months_to,kbm_grams\n1,5,3\n5,6,3\n", "overlap", id="overlap"
        ),
        pytest.param("age_months_from,age_months_to,kbm_grams\n", "no rows", id="empty"),
    ],
)
def test_it_rejects_a_malformed_kbm_table(tmp_path, content, message):
    path = tmp_path / "kbm.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KbmTableError, match=message):
        load_kbm_table(path)


# --- N / T / O / B -----------------------------------------------------------------------------


def test_it_gives_b_to_a_first_ever_weighing():
    assert growth_status([4.0], [1], [JAN]).tolist() == ["B"]
    assert growth_status([4.0], [1], [JAN], [NAN], [-1]).tolist() == ["B"]


def test_it_gives_o_when_the_previous_month_was_missed():
    status = growth_status([9.0], [12], [JAN + 2], [8.0], [JAN])
    assert status.tolist() == ["O"]


def test_it_gives_o_when_weighed_before_but_the_earlier_weighing_is_unknown():
    status = growth_status([9.0], [12], [JAN], ever_weighed_before=[True])
    assert status.tolist() == ["O"]


def test_it_gives_n_when_the_gain_equals_kbm():
    # 12 months: KBM 200 g. 8.1 -> 8.3 kg is 199.99999999999997 g in floating point.
    assert growth_status([8.3], [12], [JAN + 1], [8.1], [JAN]).tolist() == ["N"]


def test_it_gives_t_when_the_gain_is_one_gram_short_of_kbm():
    assert growth_status([8.299], [12], [JAN + 1], [8.1], [JAN]).tolist() == ["T"]


def test_it_gives_t_on_weight_loss_and_no_change():
    status = growth_status([7.9, 8.1], [12, 12], [JAN + 1] * 2, [8.1, 8.1], [JAN] * 2)
    assert status.tolist() == ["T", "T"]


def test_it_uses_the_kbm_of_the_childs_age():
    # 2 months: KBM 900 g, so 800 g is T; at 3 months (KBM 800 g) it is N.
    status = growth_status([5.0, 5.0], [2, 3], [JAN + 1] * 2, [4.2, 4.2], [JAN] * 2)
    assert status.tolist() == ["T", "N"]


def test_it_falls_back_to_any_gain_where_no_kbm_applies():
    status = growth_status([3.6, 3.5], [0, 0], [JAN + 1] * 2, [3.5, 3.5], [JAN] * 2)
    assert status.tolist() == ["N", "T"]


def test_it_gives_no_status_to_a_child_not_weighed():
    assert growth_status([NAN], [12], [JAN + 1], [8.0], [JAN]).tolist() == [NO_STATUS]


def test_it_skips_a_month_without_a_session():
    status = growth_status([8.5], [12], [JAN + 2], [8.0], [JAN], previous_session_period=[JAN])
    assert status.tolist() == ["N"]


def test_it_computes_many_children_at_once():
    n = 200_000
    rng = np.random.default_rng(7)
    prev = rng.uniform(5, 15, n).round(1)
    weight = (prev + rng.uniform(-0.3, 0.5, n)).round(1)
    status = growth_status(weight, np.full(n, 20), np.full(n, JAN + 1), prev, np.full(n, JAN))
    gain = np.round(weight * 1000) - np.round(prev * 1000)
    assert ((status == "N") == (gain >= 200)).all()


def test_it_rounds_weight_gain_to_whole_grams():
    assert weight_gain_grams([8.3, 10.0], [8.1, 10.05]).tolist() == [200, -50]


# --- series of one child: 2T, BGM, referrals ---------------------------------------------------


def test_it_assigns_nt_ob_over_a_childs_history():
    result = series_status(
        [JAN, JAN + 1, JAN + 2, JAN + 4, JAN + 5],
        [8.0, 8.2, 8.2, 8.6, 8.9],
        [12, 13, 14, 16, 17],
    )
    assert result.status.tolist() == ["B", "N", "T", "O", "N"]
    assert result.gain_grams[1:].tolist() == [200, 0, 400, 300]
    assert result.two_t.tolist() == [False] * 5


def test_it_flags_2t_on_two_consecutive_weighings_with_t():
    result = series_status([JAN, JAN + 1, JAN + 2, JAN + 3], [8.0, 8.1, 8.1, 8.0], [12] * 4)
    assert result.status.tolist() == ["B", "T", "T", "T"]
    assert result.two_t.tolist() == [False, False, True, True]
    assert result.referrals == [(), ("tidak_naik",), ("tidak_naik_2t",), ("tidak_naik_2t",)]


def test_it_flags_2t_across_a_month_without_a_session():
    # No posyandu session in March: the January-February-April weighings are consecutive.
    sessions = [JAN, JAN + 1, JAN + 3]
    result = series_status(
        [JAN, JAN + 1, JAN + 3], [8.0, 8.1, 8.1], [12, 13, 15], session_periods=sessions
    )
    assert result.status.tolist() == ["B", "T", "T"]
    assert result.two_t.tolist() == [False, False, True]


def test_it_does_not_count_a_missed_month_as_t():
    # The child missed March while a session was held: April is O, so no 2T in April or May.
    result = series_status([JAN, JAN + 1, JAN + 3, JAN + 4], [8.0, 8.1, 8.1, 8.1], [12, 13, 15, 16])
    assert result.status.tolist() == ["B", "T", "O", "T"]
    assert result.two_t.tolist() == [False, False, False, False]


def test_it_skips_a_visit_without_weight():
    result = series_status([JAN, JAN + 1, JAN + 2], [8.0, NAN, 8.1], [12, 13, 14])
    assert result.status.tolist() == ["B", NO_STATUS, "O"]


def test_it_gives_o_to_the_first_entry_of_a_child_weighed_before():
    result = series_status([JAN], [8.0], [12], weighed_before=True)
    assert result.status.tolist() == ["O"]


def test_it_computes_age_from_birth_and_weighing_dates():
    result = series_status(
        [period_index(2025, 3), period_index(2025, 4)],
        [5.0, 5.75],
        birth_date=date(2025, 1, 10),
        dates=["2025-03-09", "2025-04-10"],
    )
    # Ages 1 and 3 months: the second weighing needs 800 g (3 months), 750 g is T.
    assert result.kbm_grams.tolist() == [800, 800]
    assert result.status.tolist() == ["B", "T"]


def test_it_rejects_unordered_weighings_and_missing_age():
    with pytest.raises(ValueError, match="chronological"):
        series_status([JAN + 1, JAN], [8.0, 8.1], [12, 13])
    with pytest.raises(ValueError, match="age_months"):
        series_status([JAN], [8.0])


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        pytest.param(-3.01, True, id="-3.01"),
        pytest.param(-3.00, False, id="-3.00"),
        pytest.param(NAN, False, id="nan"),
    ],
)
def test_it_marks_bgm_strictly_below_minus_3(z, expected):
    assert is_bgm([z]).tolist() == [expected]


def test_it_does_not_mark_a_flagged_weight_as_bgm():
    assert is_bgm([-6.5], [1]).tolist() == [False]


def test_it_marks_above_the_orange_line_strictly_above_plus_1():
    assert is_above_orange_line([1.00, 1.01, NAN]).tolist() == [False, True, False]


def test_it_lists_referral_reasons_per_weighing():
    result = series_status(
        [JAN, JAN + 1, JAN + 2],
        [6.0, 6.0, 9.0],
        [12, 13, 14],
        zwei=[-3.01, -3.00, 1.01],
        status_tbu=["pendek", "normal", "sangat_pendek"],
        status_bbtb=["gizi_buruk", "gizi_baik", ""],
    )
    assert result.bgm.tolist() == [True, False, False]
    assert result.above_orange.tolist() == [False, False, True]
    assert result.referrals == [
        ("bgm", "stunting", "wasting"),
        ("tidak_naik",),
        ("di_atas_garis_oranye", "stunting"),
    ]


def test_it_has_an_indonesian_label_for_every_referral_and_status_code():
    assert set(REFERRAL_CODES) == set(REFERRAL_LABELS)
    assert REFERRAL_LABELS["tidak_naik"] == "Berat badan tidak naik (T)"
    assert REFERRAL_LABELS["tidak_naik_2t"] == "Tidak naik 2 kali berturut-turut (2T)"
    assert REFERRAL_LABELS["bgm"] == "Di bawah garis merah (BGM)"
    assert set(STATUS_LABELS) == {"N", "T", "O", "B", ""}


def test_it_builds_a_referral_matrix_for_many_children():
    status = np.array(["T", "T", "N", "B"])
    two_t = is_two_t(status, np.array(["T", "N", "T", ""]))
    matrix = referral_matrix(status, two_t, zwei=[0.0, -3.5, 2.0, NAN])
    assert matrix.shape == (4, len(REFERRAL_CODES))
    assert matrix[:, REFERRAL_CODES.index("tidak_naik_2t")].tolist() == [True, False, False, False]
    assert matrix[:, REFERRAL_CODES.index("tidak_naik")].tolist() == [False, True, False, False]
    assert matrix[:, REFERRAL_CODES.index("bgm")].tolist() == [False, True, False, False]


# --- age and periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "months"),
    [
        pytest.param(date(2024, 1, 10), date(2024, 4, 9), 2, id="2m29d-is-2"),
        pytest.param(date(2024, 1, 10), date(2024, 4, 10), 3, id="same-day-is-3"),
        pytest.param(date(2024, 1, 31), date(2024, 2, 29), 0, id="31st-to-leap-day"),
        pytest.param(date(2024, 1, 31), date(2024, 3, 31), 2, id="31st-to-31st"),
        pytest.param(date(2020, 2, 29), date(2025, 2, 28), 59, id="leap-birthday"),
        pytest.param(date(2024, 5, 5), date(2024, 5, 5), 0, id="birth-day"),
        pytest.param(datetime(2023, 12, 15, 23), "2024-01-15", 1, id="datetime-and-iso"),
    ],
)
def test_it_counts_completed_months(birth, on, months):
    assert age_in_completed_months(birth, on) == months


def test_it_counts_completed_months_for_arrays():
    result = age_in_completed_months(
        np.array(["2024-01-10", "2024-01-10", "NaT"], dtype="datetime64[D]"),
        np.array(["2024-04-09", "2023-12-01", "2024-01-01"], dtype="datetime64[D]"),
    )
    assert result[0] == 2
    assert np.isnan(result[1:]).all()


def test_plain_dates_count_as_the_arrays_do():
    # Two plain dates take a path without numpy; every pair of days over two years around
    # month ends and a leap day must give the array result.
    days = [date(2023, 12, 1) + timedelta(days=i) for i in range(0, 800, 3)]
    births = [day for day in days if day.day in (1, 15, 28, 29, 30, 31)]
    pairs = [(b, on) for b in births for on in days if on >= b]
    expected = age_in_completed_months(
        np.array([b for b, _ in pairs], dtype="datetime64[D]"),
        np.array([on for _, on in pairs], dtype="datetime64[D]"),
    )
    assert len(pairs) > 5_000
    assert [age_in_completed_months(b, on) for b, on in pairs] == expected.astype(int).tolist()


def test_it_rejects_a_measurement_before_birth():
    with pytest.raises(ValueError, match="before"):
        age_in_completed_months(date(2024, 5, 5), date(2024, 5, 4))


def test_it_numbers_consecutive_months_consecutively():
    assert (period_index(2025, 1) - period_index(2024, 12)).item() == 1
    assert period_of_dates(["2024-12-31", "2025-01-01"]).tolist() == [
        period_index(2024, 12),
        period_index(2025, 1),
    ]

import datetime as dt
from decimal import Decimal

from ranting.children.models import Child
from ranting.measurements.derive import apply_derived
from ranting.measurements.models import Measurement


def _m(child, on, weight, length=None, position=""):
    return Measurement(
        child=child,
        measured_on=on,
        weight_kg=Decimal(str(weight)),
        lenhei_cm=None if length is None else Decimal(str(length)),
        position=position,
    )


def test_it_derives_many_unsaved_children_without_queries(db, django_assert_num_queries):
    boy = Child(sex="L", birth_date=dt.date(2024, 1, 10))
    girl = Child(sex="P", birth_date=dt.date(2023, 1, 10))
    rows = [
        _m(boy, dt.date(2024, 4, 2), 5.8),
        _m(girl, dt.date(2025, 3, 1), 11, 85, "l"),
        _m(boy, dt.date(2024, 3, 1), 5.0, 55, "l"),
    ]
    with django_assert_num_queries(0):
        apply_derived(rows)
    assert [m.growth for m in rows] == ["T", "B", "B"]  # 800 g < KBM 900 g at 2 months
    assert rows[0].period == dt.date(2024, 4, 1)
    assert rows[1].age_months == 25
    assert rows[1].clenhei_cm == 84.3  # lying from 24 months: -0.7 cm
    assert "terlentang_ge24bln" in rows[1].warnings
    assert rows[2].zwfl is not None
    assert rows[0].zwfl is None


def test_it_uses_history_without_changing_it():
    boy = Child(pk=1, sex="L", birth_date=dt.date(2024, 1, 10))
    before = _m(boy, dt.date(2024, 5, 2), 6.0)
    before.growth = "X"
    now = _m(boy, dt.date(2024, 6, 2), 6.7)  # +700 g ≥ KBM 600 g at 4 months
    apply_derived([now], history=[before])
    assert now.growth == "N"
    assert before.growth == "X"


def test_it_sets_bgm_and_referral_reasons():
    girl = Child(sex="P", birth_date=dt.date(2024, 1, 10))
    m = _m(girl, dt.date(2025, 1, 10), 6.2, 66, "l")
    apply_derived([m])
    assert m.bgm
    assert m.status_bbu == "berat_badan_sangat_kurang"
    assert "bgm" in m.referral.split(",")
    assert "stunting" in m.referral.split(",")


def test_it_warns_for_standing_under_9_months_and_weight_loss():
    boy = Child(pk=2, sex="L", birth_date=dt.date(2024, 1, 10))
    rows = [_m(boy, dt.date(2024, 5, 2), 7.0, 62, "l"), _m(boy, dt.date(2024, 6, 2), 5.8, 63, "h")]
    apply_derived(rows)
    assert set(rows[1].warnings.split(",")) == {"berdiri_lt9bln", "bb_turun"}


def test_it_handles_thousands_of_rows_quickly():
    import time

    rows = []
    for k in range(500):
        child = Child(pk=k + 1, sex="LP"[k % 2], birth_date=dt.date(2022, 1, 1))
        rows += [_m(child, dt.date(2024, 1 + j, 5), 12 + j * 0.3, 85 + j, "h") for j in range(12)]
    start = time.perf_counter()
    apply_derived(rows)
    assert time.perf_counter() - start < 2
    assert {m.growth for m in rows} == {"B", "N"}


def test_it_uses_the_kbm_table_the_dinas_configured(settings, tmp_path):
    boy = Child(pk=3, sex="L", birth_date=dt.date(2024, 1, 10))
    before = _m(boy, dt.date(2024, 5, 2), 6.0)
    now = _m(boy, dt.date(2024, 6, 2), 6.7)  # +700 g at 4 months
    apply_derived([now], history=[before])
    assert now.growth == "N"  # packaged KBM at 4 months: 600 g
    table = tmp_path / "kbm.csv"
    table.write_text("age_months_from,age_months_to,kbm_grams,source\n1,60,800,uji\n")
    settings.KBM_TABLE_PATH = str(table)
    apply_derived([now], history=[before])
    assert now.growth == "T"

import datetime as dt
from decimal import Decimal

import pytest

from ranting.measurements.models import Measurement, MeasurementRevision
from ranting.measurements.services import (
    LOCKED_MESSAGE,
    AlreadyMeasured,
    MeasurementRefused,
    NeedsConfirmation,
    record_measurement,
)
from ranting.measurements.tests.conftest import values

MAY = dt.date(2025, 5, 10)
JUNE = dt.date(2025, 6, 10)


def test_it_saves_the_measurement_with_derived_results(child, people):
    m = record_measurement(child, people["kader"], values(JUNE, 9.5, 76, "l"))
    m.refresh_from_db()
    assert m.period == dt.date(2025, 6, 1)
    assert m.posyandu == child.posyandu
    assert m.created_by == people["kader"]
    assert m.age_months == 14
    assert m.age_days == (JUNE - child.birth_date).days
    assert m.zwei is not None
    assert m.zlen is not None
    assert m.zwfl is not None
    assert m.status_bbu == "berat_badan_normal"
    assert m.status_tbu == "normal"
    assert m.growth == "B"
    assert not m.confirmed_implausible


def test_it_marks_naik_when_the_gain_reaches_kbm(child, record):
    record(child, MAY, 9.2)
    m = record(child, JUNE, 9.4)
    assert m.growth == "N"


def test_it_marks_tidak_naik_and_2t_over_two_weighings(child, record):
    record(child, dt.date(2025, 4, 10), 9.0)
    record(child, MAY, 9.1)
    m = record(child, JUNE, 9.15)
    assert m.growth == "T"
    assert m.two_t
    assert "tidak_naik_2t" in m.referral


def test_it_asks_confirmation_for_a_weight_loss_over_1_kg(child, record):
    record(child, MAY, 9.8)
    with pytest.raises(NeedsConfirmation) as info:
        record(child, JUNE, 8.5, confirm=False)
    assert "Berat turun 1,30 kg" in info.value.warnings[0]
    assert Measurement.objects.filter(child=child).count() == 1
    m = record(child, JUNE, 8.5, confirm=True)
    assert m.confirmed_implausible
    assert "bb_turun" in m.warnings


def test_it_asks_confirmation_when_length_shrinks(child, record):
    record(child, MAY, 9.3, 77, "l")
    with pytest.raises(NeedsConfirmation) as info:
        record(child, JUNE, 9.5, 75.5, "l", confirm=False)
    assert "77,0 cm" in info.value.warnings[0]


def test_it_asks_confirmation_for_a_who_flag(child, record):
    with pytest.raises(NeedsConfirmation) as info:
        record(child, JUNE, 25, confirm=False)
    assert "BB/U" in info.value.warnings[0]
    assert "batas wajar WHO" in info.value.warnings[0]
    m = record(child, JUNE, 25)
    assert "zwei" in m.flags
    assert m.status_bbu == ""  # flagged: no PMK category


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        pytest.param({"weight_kg": Decimal("9500")}, "weight_kg", "bukan gram", id="grams"),
        pytest.param({"weight_kg": Decimal("0.5")}, "weight_kg", "0,9", id="too-light"),
        pytest.param(
            {"lenhei_cm": Decimal("0.76"), "position": "l"}, "lenhei_cm", "bukan meter", id="m"
        ),
        pytest.param({"lenhei_cm": Decimal("76")}, "position", "cara ukur", id="no-position"),
        pytest.param({"measured_on": dt.date(2025, 6, 21)}, "measured_on", "masa depan", id="fut"),
        pytest.param(
            {"measured_on": dt.date(2024, 3, 1)}, "measured_on", "sebelum tanggal lahir", id="pre"
        ),
        pytest.param({"headc_cm": Decimal("450")}, "headc_cm", "bukan mm", id="headc-mm"),
        pytest.param(
            {"exclusive_breastfeeding": True}, "exclusive_breastfeeding", "6 bulan", id="asi"
        ),
    ],
)
def test_it_refuses_impossible_values(child, people, data, field, fragment):
    submitted = values(JUNE, 9.5)
    submitted.update(data)
    with pytest.raises(MeasurementRefused) as info:
        record_measurement(child, people["kader"], submitted)
    assert any(fragment in reason for reason in info.value.errors[field])
    assert not Measurement.objects.exists()


def test_it_refuses_standing_height_under_9_months(make_child, people):
    baby = make_child(birth_date=dt.date(2024, 10, 1))
    with pytest.raises(MeasurementRefused) as info:
        record_measurement(baby, people["kader"], values(JUNE, 7.5, 66, "h"))
    assert "terlentang" in info.value.errors["position"][0]


def test_it_refuses_a_child_of_60_months(make_child, people):
    old = make_child(birth_date=dt.date(2020, 6, 1))
    with pytest.raises(MeasurementRefused) as info:
        record_measurement(old, people["kader"], values(JUNE, 17))
    assert "59 bulan" in info.value.errors["measured_on"][0]


def test_it_refuses_a_locked_month(child, people, approve):
    approve(child.posyandu, dt.date(2025, 6, 1))
    with pytest.raises(MeasurementRefused) as info:
        record_measurement(child, people["kader"], values(JUNE, 9.5))
    assert info.value.errors["__all__"] == [LOCKED_MESSAGE]


def test_it_refuses_an_inactive_child(make_child, people):
    gone = make_child(is_active=False, inactive_reason="pindah")
    with pytest.raises(MeasurementRefused):
        record_measurement(gone, people["kader"], values(JUNE, 9.5))


def test_it_sends_a_second_entry_in_the_month_to_the_correction_flow(child, record, people):
    first = record(child, dt.date(2025, 6, 2), 9.5)
    with pytest.raises(AlreadyMeasured) as info:
        record(child, JUNE, 9.7)
    assert info.value.existing == first
    corrected = record_measurement(child, people["kader"], values(JUNE, 9.7), reason="salah ketik")
    assert corrected.pk == first.pk
    assert corrected.weight_kg == Decimal("9.7")
    assert MeasurementRevision.objects.get().previous["weight_kg"] == "9.50"


def test_it_recomputes_later_months_when_an_earlier_month_is_entered(child, record):
    june = record(child, JUNE, 9.5)
    record(child, dt.date(2025, 4, 10), 9.0)
    june.refresh_from_db()
    assert june.growth == "O"  # May missing
    record(child, MAY, 9.2)
    june.refresh_from_db()
    assert june.growth == "N"


def test_it_refuses_an_entry_that_changes_a_locked_later_month(child, record, approve):
    record(child, dt.date(2025, 4, 10), 9.0)
    record(child, JUNE, 9.5)
    approve(child.posyandu, dt.date(2025, 6, 1))
    with pytest.raises(MeasurementRefused) as info:
        record(child, MAY, 9.2)
    assert "terkunci" in info.value.errors["__all__"][0]
    assert Measurement.objects.filter(child=child).count() == 2

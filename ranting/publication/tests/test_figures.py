"""The round's figures from live data (see conftest for the hand-counted data set)."""

from __future__ import annotations

import pytest

from ranting.publication import figures
from ranting.publication.rounds import Round
from ranting.regions.models import Region

AUG = Round(2025, 8)


def _unit(payload, code):
    for group in payload["groups"]:
        if group["code"] == code:
            return group
        for unit in group["units"]:
            if unit["code"] == code:
                return unit
    raise KeyError(code)


@pytest.fixture
def kota_payload(round_data):
    return figures.build_payload(Region.objects.get(code="32.75"), AUG)


def test_it_counts_the_kota_by_hand(kota_payload):
    total = kota_payload["total"]
    # 42 verified measurements (A2's two are not approved) of 47 registered balita.
    assert (total["measured"], total["registered"]) == (42, 47)
    assert total["coverage"] == 89.4  # 42 / 47 = 89.36 %
    assert (total["posyandu_total"], total["posyandu_approved"]) == (4, 3)
    stunting = total["figures"]["stunting"]
    # 9 / 42 = 21.43 %; Wilson 95 %: centre 0.23823, half-width 0.12117 → 11.7 – 35.9 %.
    assert stunting == {
        "n": 9,
        "d": 42,
        "pct": 21.4,
        "ci_low": 11.7,
        "ci_high": 35.9,
        "delta_pp": -28.6,  # 21.43 − 50.00 (February: 5 of 10)
    }
    assert (total["figures"]["wasting"]["n"], total["figures"]["wasting"]["pct"]) == (7, 16.7)
    assert (total["figures"]["underweight"]["n"], total["figures"]["underweight"]["pct"]) == (
        5,
        11.9,
    )
    previous = total["previous"]
    assert (previous["measured"], previous["registered"], previous["coverage"]) == (10, 47, 21.3)
    assert previous["figures"]["stunting"]["pct"] == 50.0


def test_it_groups_kelurahan_under_their_kecamatan(kota_payload):
    assert [g["code"] for g in kota_payload["groups"]] == ["32.75.01", "32.75.06"]
    medansatria = _unit(kota_payload, "32.75.06")
    assert [u["code"] for u in medansatria["units"]] == ["32.75.06.1001", "32.75.06.1004"]
    assert medansatria["figures"]["stunting"]["n"] == 9
    assert medansatria["figures"]["stunting"]["d"] == 32
    kel = _unit(kota_payload, "32.75.06.1001")
    # Posyandu A: 12 measured; posyandu A2's report is only submitted, so its 2 are left out;
    # the register still counts all 14 children of the kelurahan.
    assert (kel["measured"], kel["registered"], kel["coverage"]) == (12, 14, 85.7)
    assert (kel["figures"]["stunting"]["n"], kel["figures"]["stunting"]["d"]) == (3, 12)
    assert (kel["posyandu_total"], kel["posyandu_approved"]) == (2, 1)
    kalibaru = _unit(kota_payload, "32.75.06.1004")
    assert (kalibaru["registered"], kalibaru["measured"]) == (23, 20)
    assert kalibaru["figures"]["wasting"]["pct"] == 25.0
    assert kalibaru["previous"]["figures"]["stunting"] == {
        "n": 0,
        "d": 0,
        "pct": None,
        "ci_low": None,
        "ci_high": None,
    }
    assert kalibaru["figures"]["stunting"]["delta_pp"] is None


def test_it_stores_what_the_figures_mean(kota_payload):
    assert kota_payload["round"] == {"year": 2025, "month": 8, "label": "Agustus 2025"}
    assert kota_payload["previous_round"]["label"] == "Februari 2025"
    assert kota_payload["suppression"] == {"min_denominator": 10, "min_numerator": 5}
    codes = [ind["code"] for ind in kota_payload["indicators"]]
    assert codes == ["stunting", "wasting", "underweight"]
    stunting = kota_payload["indicators"][0]
    assert stunting["target"] == 14.0
    assert [b["below"] for b in stunting["classes"]["bounds"]] == [2.5, 10.0, 20.0, 30.0, None]


def test_it_builds_a_kecamatan_as_one_group(round_data):
    payload = figures.build_payload(Region.objects.get(code="32.75.06"), AUG)
    assert payload["kota"] == {"code": "32.75", "name": "Kota Bekasi"}
    assert [g["code"] for g in payload["groups"]] == ["32.75.06"]
    assert payload["total"]["figures"]["stunting"]["n"] == 9
    assert payload["total"]["measured"] == 32


def test_it_refuses_a_kelurahan(round_data):
    with pytest.raises(ValueError):
        figures.build_payload(Region.objects.get(code="32.75.06.1001"), AUG)


def test_it_costs_the_same_queries_whatever_the_size(
    round_data, make_child, measure, django_assert_num_queries
):
    kota = Region.objects.get(code="32.75")
    with django_assert_num_queries(4):
        figures.build_payload(kota, AUG)
    for _ in range(15):
        measure(make_child(posyandu=round_data["posyandu_c"]), figures_period())
    with django_assert_num_queries(4):
        figures.build_payload(kota, AUG)


def figures_period():
    return AUG.period

"""Automatic header mapping of register / e-PPGBM columns."""

from __future__ import annotations

import pytest

from ranting.transfer.columns import (
    field_for_header,
    mapping_errors,
    normalize_header,
    suggest_mapping,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("BB", "weight_kg"),
        ("Berat Badan", "weight_kg"),
        ("Berat Badan (kg)", "weight_kg"),
        ("  berat   badan ", "weight_kg"),
        ("TB/PB", "lenhei_cm"),
        ("PB/TB", "lenhei_cm"),
        ("Tinggi (cm)", "lenhei_cm"),
        ("Tgl Lahir", "birth_date"),
        ("Tgl. Lahir", "birth_date"),
        ("TANGGAL LAHIR", "birth_date"),
        ("JK", "sex"),
        ("JK (L/P)", "sex"),
        ("Jenis Kelamin", "sex"),
        ("NIK", "nik"),
        ("NIK Ibu", "mother_nik"),
        ("Nama Ortu", "mother_name"),
        ("BB Lahir", "birth_weight_kg"),
        ("TB Lahir", "birth_length_cm"),
        ("No. KK", "no_kk"),
        ("Tanggal Pengukuran", "measured_on"),
        ("Tgl Ukur", "measured_on"),
        ("Cara Ukur", "position"),
        ("LiLA", "armc_cm"),
        ("Jml Vit A", "vitamin_a"),
        ("ASI Eksklusif", "exclusive_breastfeeding"),
        ("Posyandu", "posyandu"),
        ("Usia Saat Ukur", ""),
        ("ZS BB/U", ""),
    ],
)
def test_it_maps_register_headers_by_synonym(header, field):
    assert field_for_header(header) == field


def test_it_normalizes_case_punctuation_and_spacing():
    assert normalize_header(" Berat  Badan (Kg) ") == "berat badan kg"
    assert normalize_header("TB/PB") == "tb pb"


def test_it_suggests_each_field_for_its_first_column_only():
    headers = ["Nama", "BB", "Berat", "Usia Saat Ukur", "Tgl Lahir"]
    assert suggest_mapping(headers) == ["name", "weight_kg", "", "", "birth_date"]


def test_it_names_every_missing_required_column():
    errors = mapping_errors(["name", "", "weight_kg"], single_posyandu=False)
    text = " ".join(errors)
    assert "Jenis kelamin (L/P)" in text
    assert "Tanggal lahir" in text
    assert "Nama ibu/orang tua" in text
    assert "Posyandu" in text
    assert "Tanggal ukur" in text  # a weight without a measurement date


def test_it_refuses_a_field_chosen_twice():
    mapping = ["name", "sex", "birth_date", "mother_name", "name"]
    assert mapping_errors(mapping, single_posyandu=True) == [
        "Kolom “Nama anak” dipilih lebih dari sekali."
    ]


def test_it_needs_no_posyandu_column_for_a_single_posyandu():
    assert mapping_errors(["name", "sex", "birth_date", "mother_name"], single_posyandu=True) == []

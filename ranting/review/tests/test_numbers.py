"""Indonesian number input: decimal comma, dots between thousands, ambiguity refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ranting.review.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250,5", "1250.5"),
        ("1250,5", "1250.5"),
        ("1250.5", "1250.5"),
        ("8,25", "8.25"),
        ("12.75", "12.75"),
        ("1.250.000", "1250000"),
        ("1.250.000,75", "1250000.75"),
        (" 42 ", "42"),
        ("0", "0"),
        (",5", "0.5"),
    ],
)
def test_it_reads_indonesian_numbers(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-3", "negatif"),
        ("1,2,3", "satu koma"),
        ("1.25,5", "pemisah ribuan"),
        ("12.34.5", "bukan angka"),
        ("abc", "bukan angka"),
        ("8,", "bukan angka"),
        ("1.250", "ribuan atau desimal"),
    ],
)
def test_it_refuses_what_it_cannot_read_and_says_why(text, reason):
    with pytest.raises(ValidationError) as err:
        parse_number(text)
    assert reason in " ".join(err.value.messages)


def test_the_ambiguous_message_offers_both_readings():
    with pytest.raises(ValidationError) as err:
        parse_number("1.250")
    assert "1250" in err.value.messages[0]
    assert "1,250" in err.value.messages[0]

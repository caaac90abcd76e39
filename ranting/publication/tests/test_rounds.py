"""February/August rounds: previous round, latest round, URL form, and the round form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ranting.publication.forms import RoundForm
from ranting.publication.rounds import Round, latest_round


def test_it_pairs_february_with_the_august_before():
    assert Round(2025, 2).previous == Round(2024, 8)
    assert Round(2025, 8).previous == Round(2025, 2)
    assert Round(2025, 8).period == dt.date(2025, 8, 1)
    assert Round(2025, 2).label == "Februari 2025"
    assert Round(2025, 8).slug == "2025-08"


def test_it_refuses_other_months():
    with pytest.raises(ValueError):
        Round(2025, 3)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2025, 1, 31), Round(2024, 8)),
        (dt.date(2025, 2, 1), Round(2025, 2)),
        (dt.date(2025, 7, 31), Round(2025, 2)),
        (dt.date(2025, 8, 1), Round(2025, 8)),
        (dt.date(2025, 12, 31), Round(2025, 8)),
    ],
)
def test_it_picks_the_latest_round_that_has_started(today, expected):
    assert latest_round(today) == expected


def test_it_writes_rounds_in_urls_and_rejects_other_months(db, client):
    url = reverse("publication:public", args=["32.75", Round(2025, 8)])
    assert url == "/publikasi/publik/32.75/2025-08/"
    # March is no round: the URL does not exist at all.
    assert client.get("/publikasi/publik/32.75/2025-03/").status_code == 404


def test_it_shows_the_latest_round_without_a_choice(time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 10, 3, 0, tzinfo=dt.UTC), tick=False)
    form = RoundForm({})
    assert form.round() == Round(2025, 8)
    assert form["tahun"].value() == "2025"
    assert form["ronde"].value() == "8"


def test_it_names_the_field_of_a_bad_round(time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 10, 3, 0, tzinfo=dt.UTC), tick=False)
    form = RoundForm({"tahun": "2025", "ronde": "5"})
    assert not form.is_valid()
    assert form.error_lines() == ["Bulan penimbangan: pilih Februari atau Agustus."]
    assert form.round() == Round(2025, 8)

    future = RoundForm({"tahun": "2026", "ronde": "2"})
    assert not future.is_valid()
    assert future.error_lines() == [
        "Ronde: Ronde Februari 2026 belum dimulai: pilih ronde yang sudah berjalan."
    ]

    old = RoundForm({"tahun": "1999", "ronde": "8"})
    assert old.error_lines() == ["Tahun: tahun paling awal 2000."]

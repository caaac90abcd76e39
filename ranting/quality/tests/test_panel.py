"""The quality panel on the posyandu's recap page, next to the approve and return buttons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ranting.quality.tests.conftest import BULAN

pytestmark = pytest.mark.django_db


def _recap(client, regions, posyandu="posyandu_a"):
    return client.get(reverse("recaps:detail", args=[regions[posyandu].pk, BULAN]))


def test_it_shows_the_admin_the_month_quality_before_the_buttons(
    regions, people, login, quality_month
):
    response = _recap(login(people["admin_kelurahan"]), regions)
    assert response.status_code == 200
    html = response.content.decode()
    panel = html.index("Kualitas data bulan ini")
    # Posyandu A is submitted: the approve form follows the panel.
    assert panel < html.index(reverse("recaps:approve", args=[regions["posyandu_a"].pk, BULAN]))
    quality = response.context["quality"]
    # Hand values (conftest): 8 of 10 measured; 1 of 8 flagged; 3 of 4 implausible changes.
    assert "8 dari 10 anak sasaran diukur; 2 belum." in html
    assert "1 dari 8 hasil ukur ditandai." in html
    assert quality.total.cells["implausible_change"].display == "75,0%"
    # Buruk: report late, entries late (62.5 %), flags, changes; perlu perhatian: completeness.
    assert (quality.total.poor, quality.total.attention) == (4, 1)
    assert "4 metrik buruk" in html
    assert "sampel terlalu kecil" in html  # SD, DPS and heaping of 8 records
    # One row per kader, with their own counts.
    assert [k.name for k in quality.kaders] == ["kader", "Sari"]
    kelurahan_report = reverse("quality:region", args=["32.75.06.1001"])
    assert f'href="{kelurahan_report}?bulan=2025-05&amp;semua=1"' in html


def test_it_gives_each_metric_its_definition_one_click_away(regions, people, login, quality_month):
    html = _recap(login(people["admin_kelurahan"]), regions).content.decode()
    start = html.index("Kualitas data bulan ini")
    panel = html[start : html.index("</section>", start)]
    assert panel.count("<details>") == 11
    assert "DPS = 100 × √(χ² / (n × 9))" in panel


def test_it_shows_the_panel_to_the_kecamatan_but_not_to_the_kader(
    regions, people, login, quality_month
):
    assert "Kualitas data bulan ini" in _recap(login(people["kecamatan"]), regions).content.decode()
    response = _recap(login(people["kader"]), regions)
    assert response.status_code == 200
    assert response.context["quality"] is None
    assert "Kualitas data bulan ini" not in response.content.decode()


def test_it_shows_an_empty_month_without_errors(regions, people, login):
    response = _recap(login(people["admin_kelurahan"]), regions, "posyandu_a2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kualitas data bulan ini" in html
    assert "tidak ada data" in html

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from ranting.measurements.services import correct_measurement, record_measurement
from ranting.measurements.tests.conftest import values


def test_it_shows_the_history_charts_and_revisions(make_child, people, login):
    child = make_child(nik="3275061503240001")
    kader = people["kader"]
    record_measurement(child, kader, values(dt.date(2025, 5, 10), Decimal("9.2"), 75, "l"))
    m = record_measurement(child, kader, values(dt.date(2025, 6, 10), Decimal("9.5"), 76, "l"))
    correct_measurement(
        m, kader, values(dt.date(2025, 6, 10), Decimal("9.6"), 76, "l"), reason="tara"
    )
    response = login(kader).get(reverse("children:detail", args=[child.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "3275061503240001" in body  # the posyandu's kader keeps the register: full NIK
    assert "1 th 2 bln" in body
    assert "1 th 3 bln" in body
    assert reverse("dashboards:growth_chart", args=[child.pk, "wfa"]) in body
    assert reverse("dashboards:growth_chart", args=[child.pk, "lhfa"]) in body
    assert reverse("dashboards:growth_chart", args=[child.pk, "wfl"]) in body
    assert "tara" in body
    assert "9.50" in body
    assert reverse("measurements:correct", args=[m.pk]) in body


def test_it_is_read_only_for_the_kecamatan(make_child, people, login):
    child = make_child()
    response = login(people["kecamatan"]).get(reverse("children:detail", args=[child.pk]))
    assert response.status_code == 200
    assert reverse("children:edit", args=[child.pk]) not in response.content.decode()


def test_it_rejects_wrong_methods(make_child, people, login):
    child = make_child()
    assert (
        login(people["kader"]).post(reverse("children:detail", args=[child.pk])).status_code == 405
    )


def test_it_hides_other_regions(make_child, people, login):
    child = make_child()
    for outsider in ("kader_b", "admin_other", "kecamatan_other"):
        response = login(people[outsider]).get(reverse("children:detail", args=[child.pk]))
        assert response.status_code == 404

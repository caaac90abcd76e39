import datetime as dt
from decimal import Decimal

from django.urls import reverse

from ranting.children.models import ChildTransfer
from ranting.measurements.services import record_measurement
from ranting.measurements.tests.conftest import values


def test_it_moves_the_child_and_keeps_its_history(make_child, people, login, regions):
    child = make_child()
    m = record_measurement(child, people["kader"], values(dt.date(2025, 6, 10), Decimal("9.5")))
    url = reverse("children:move", args=[child.pk])
    response = login(people["kader"]).post(
        url, {"to_posyandu": regions["posyandu_c"].pk, "reason": "pindah rumah"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("children:list")  # no longer visible to this kader
    child.refresh_from_db()
    assert child.posyandu == regions["posyandu_c"]
    assert child.kota_code == "32.75"
    transfer = ChildTransfer.objects.get()
    assert transfer.from_posyandu == regions["posyandu_a"]
    assert transfer.reason == "pindah rumah"
    assert list(child.measurements.all()) == [m]
    m.refresh_from_db()
    assert m.posyandu == regions["posyandu_a"]  # where it was taken
    assert (
        login(people["kader"]).get(reverse("children:detail", args=[child.pk])).status_code == 404
    )


def test_it_does_not_offer_the_current_posyandu(make_child, people, login, regions):
    child = make_child()
    response = login(people["kader"]).post(
        reverse("children:move", args=[child.pk]), {"to_posyandu": regions["posyandu_a"].pk}
    )
    assert "to_posyandu" in response.context["form"].errors


def test_it_rejects_wrong_methods(make_child, people, login):
    child = make_child()
    assert login(people["kader"]).put(reverse("children:move", args=[child.pk])).status_code == 405


def test_it_hides_other_posyandu(make_child, people, login):
    child = make_child()
    assert (
        login(people["kader_b"]).get(reverse("children:move", args=[child.pk])).status_code == 404
    )


def test_it_is_read_only_for_the_admin_kelurahan(make_child, people, login, regions):
    child = make_child()
    response = login(people["admin_kelurahan"]).post(
        reverse("children:move", args=[child.pk]), {"to_posyandu": regions["posyandu_a2"].pk}
    )
    assert response.status_code == 403
    assert not ChildTransfer.objects.exists()

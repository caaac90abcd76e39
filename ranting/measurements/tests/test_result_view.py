import datetime as dt

from django.urls import reverse

JUNE = dt.date(2025, 6, 10)


def test_it_shows_zscores_statuses_and_referral(make_child, people, login, record):
    girl = make_child(sex="P", birth_date=dt.date(2024, 1, 10))
    m = record(girl, JUNE, 6.5, 66, "l")
    response = login(people["kader"]).get(reverse("measurements:result", args=[m.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Berat badan sangat kurang" in body
    assert "badge danger" in body
    assert "Di bawah garis merah (BGM)" in body
    assert "Rujuk" in body
    assert "Baru pertama kali ditimbang" in body
    assert "1 th 5 bln" in body


def test_it_shows_the_position_warning(make_child, people, login, record):
    child = make_child(birth_date=dt.date(2024, 1, 10))
    m = record(child, JUNE, 9.5, 76, "h")
    response = login(people["kader"]).get(reverse("measurements:result", args=[m.pk]))
    assert "+0,7 cm" in response.content.decode()


def test_it_is_readable_by_the_region_admin(child, people, login, record):
    m = record(child, JUNE, 9.5)
    response = login(people["admin_kelurahan"]).get(reverse("measurements:result", args=[m.pk]))
    assert response.status_code == 200
    assert reverse("measurements:correct", args=[m.pk]) not in response.content.decode()


def test_it_rejects_wrong_methods(child, people, login, record):
    m = record(child, JUNE, 9.5)
    response = login(people["kader"]).post(reverse("measurements:result", args=[m.pk]))
    assert response.status_code == 405


def test_it_hides_other_regions(child, people, login, record):
    m = record(child, JUNE, 9.5)
    for outsider in ("kader_b", "admin_other", "kecamatan_other"):
        response = login(people[outsider]).get(reverse("measurements:result", args=[m.pk]))
        assert response.status_code == 404

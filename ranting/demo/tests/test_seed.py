import datetime as dt

import pytest
from django.urls import reverse

from ranting.accounts import scope
from ranting.accounts.models import User
from ranting.demo.seed import DEMO_PASSWORD, seed_demo
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport
from ranting.regions.models import Posyandu, Region

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def seeded(db):
    return seed_demo(per_kelurahan=1, per_posyandu=12, months=4, today=TODAY)


def test_it_seeds_every_kecamatan_and_kelurahan_of_kota_bekasi(seeded):
    assert Region.objects.filter(level="kecamatan").count() == 12
    assert Region.objects.filter(level="kelurahan").count() == 56
    assert Posyandu.objects.count() == seeded.posyandu == 56


def test_it_creates_one_working_login_per_role(seeded, client):
    roles = {role for role, _, _ in seeded.logins}
    assert len(roles) == len(User.Role)
    for _, username, password in seeded.logins:
        assert password == DEMO_PASSWORD
        # Through the real sign-in form: django-axes needs the request.
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": password}
        )
        assert response.status_code == 302, username
    kader = User.objects.get(username="kader")
    assert [p.kelurahan_id for p in scope.visible_posyandus(kader)] == ["32.75.06.1004"]


def test_it_derives_statuses_for_every_measurement(seeded):
    rows = Measurement.objects.all()
    assert rows.count() == seeded.measurements > 0
    assert not rows.filter(growth="").exists()
    assert not rows.filter(zwei__isnull=True).exists()
    assert {m.period for m in rows} <= {dt.date(2026, m, 1) for m in (8, 9, 10, 11)}
    assert not rows.filter(measured_on__gt=TODAY).exists()


def test_it_gives_a_plausible_stunting_prevalence(seeded):
    rows = Measurement.objects.filter(zlen__isnull=False)
    share = rows.filter(zlen__lt=-2).count() / rows.count()
    assert 0.02 < share < 0.15


def test_it_creates_reports_in_several_states_for_the_current_month(seeded):
    states = set(
        MonthlyReport.objects.filter(period=dt.date(2026, 11, 1)).values_list("status", flat=True)
    )
    assert len(states) >= 3
    past = MonthlyReport.objects.filter(period=dt.date(2026, 8, 1))
    assert past.filter(status="approved").count() > past.count() * 0.8


def test_it_refuses_to_seed_twice(seeded):
    with pytest.raises(RuntimeError):
        seed_demo(today=TODAY)


def test_it_publishes_the_latest_round_and_seeds_the_review(seeded, client):
    from ranting.publication.models import PublicationSnapshot
    from ranting.review.models import ReviewYear

    # TODAY's four months back include one February/August round with approved reports.
    snapshot = PublicationSnapshot.objects.get()
    assert snapshot.status == PublicationSnapshot.Status.PUBLISHED
    assert snapshot.payload["total"]["measured"] > 0
    review = ReviewYear.objects.get(kota_code="32.75", year=TODAY.year)
    assert review.rows.count() > 0
    public = client.get(f"/publikasi/publik/32.75/{snapshot.year}-{snapshot.month:02d}/")
    assert public.status_code == 200

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ranting.recaps.models import MonthlyReport


def test_it_shows_the_kelurahan_comment_of_a_returned_report(people, regions, login):
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_a"],
        period=last_month,
        status=MonthlyReport.Status.RETURNED,
        return_comment="Panjang badan Budi tertukar dengan berat.",
    )
    page = login(people["kader"]).get(reverse("children:list")).content.decode()
    assert "Panjang badan Budi tertukar dengan berat." in page
    assert reverse("recaps:detail", args=[regions["posyandu_a"].pk, last_month]) in page


def test_it_does_not_show_another_posyandus_report(people, regions, login):
    MonthlyReport.objects.create(
        posyandu=regions["posyandu_b"],
        period=timezone.localdate().replace(day=1),
        status=MonthlyReport.Status.RETURNED,
        return_comment="Catatan untuk posyandu lain.",
    )
    page = login(people["kader"]).get(reverse("children:list")).content.decode()
    assert "Catatan untuk posyandu lain." not in page

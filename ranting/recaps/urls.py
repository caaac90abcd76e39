from django.urls import path, register_converter

from ranting.recaps import views
from ranting.recaps.forms import parse_month

app_name = "recaps"


class PeriodConverter:
    """A reporting month in the URL as YYYY-MM, passed to views as the month's first day."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value):
        period = parse_month(value)
        if period is None:
            raise ValueError(value)
        return period

    def to_url(self, value):
        if isinstance(value, str):
            return value if parse_month(value) else ""
        return value.strftime("%Y-%m")


register_converter(PeriodConverter, "recap_period")

urlpatterns = [
    path("", views.index, name="index"),
    path("posyandu/<int:posyandu_id>/<recap_period:period>/", views.detail, name="detail"),
    path("posyandu/<int:posyandu_id>/<recap_period:period>/kirim/", views.submit, name="submit"),
    path(
        "posyandu/<int:posyandu_id>/<recap_period:period>/kembalikan/",
        views.return_,
        name="return",
    ),
    path(
        "posyandu/<int:posyandu_id>/<recap_period:period>/setujui/", views.approve, name="approve"
    ),
    path(
        "posyandu/<int:posyandu_id>/<recap_period:period>/buka-kembali/",
        views.reopen,
        name="reopen",
    ),
]

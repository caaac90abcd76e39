from django.urls import include, path

from ranting.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("akun/", include("ranting.accounts.urls")),
    path("anak/", include("ranting.children.urls")),
    path("ukur/", include("ranting.measurements.urls")),
    path("rekap/", include("ranting.recaps.urls")),
    path("pantau/", include("ranting.dashboards.urls")),
    path("analisis/", include("ranting.analysis.urls")),
    path("panduan/", include("ranting.guide.urls")),
]

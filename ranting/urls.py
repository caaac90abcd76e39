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
    path("kualitas/", include("ranting.quality.urls")),
    path("penggunaan/", include("ranting.usage.urls")),
    path("publikasi/", include("ranting.publication.urls")),
    path("evaluasi/", include("ranting.review.urls")),
    path("transfer/", include("ranting.transfer.urls")),
    path("audit/", include("ranting.audit.urls")),
    path("fhir/", include("ranting.interop.urls")),
    path("luring/", include("ranting.offline.urls")),
    path("api/v1/", include("ranting.api.v1_urls")),
    path("akun/token/", include("ranting.api.urls")),
]

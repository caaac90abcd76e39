from django.urls import path

from ranting.transfer import export_views, views

app_name = "transfer"

urlpatterns = [
    path("", views.index, name="index"),
    path("impor/", views.upload, name="upload"),
    path("impor/<int:pk>/", views.job_page, name="job"),
    path("impor/<int:pk>/kolom/", views.columns, name="columns"),
    path("impor/<int:pk>/status/", views.job_status, name="status"),
    path("impor/<int:pk>/simpan/", views.save, name="save"),
    path("impor/<int:pk>/ditolak.csv", views.report, name="report"),
    path("ekspor/", export_views.export_page, name="export"),
    path("ekspor/unduh/", export_views.download, name="download"),
]

from django.urls import path

from ranting.offline import views

app_name = "offline"

urlpatterns = [
    path("", views.shell, name="shell"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("data/rujukan.json", views.reference, name="reference"),
    path("data/anak.json", views.children, name="children"),
]

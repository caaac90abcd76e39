from django.urls import path

from ranting.analysis import views

app_name = "analysis"

urlpatterns = [
    path("skdn/", views.index, name="skdn"),
    path("skdn/wilayah/<str:code>/", views.region, name="skdn_region"),
    path("skdn/posyandu/<int:pk>/", views.posyandu, name="skdn_posyandu"),
    path("prevalensi/", views.prevalence_index, name="prevalence"),
    path("prevalensi/wilayah/<str:code>/", views.prevalence_region, name="prevalence_region"),
    path("lokus/", views.lokus_index, name="lokus"),
    path("lokus/wilayah/<str:code>/", views.lokus_region, name="lokus_region"),
]

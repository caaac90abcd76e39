from django.urls import path

from ranting.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/<str:code>/", views.region, name="region"),
    path("posyandu/<int:pk>/", views.posyandu, name="posyandu"),
    path(
        "anak/<int:child_pk>/grafik/<slug:indicator>.svg", views.growth_chart, name="growth_chart"
    ),
]

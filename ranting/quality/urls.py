from django.urls import path

from ranting.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/<str:code>/", views.region, name="region"),
]

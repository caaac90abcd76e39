from django.urls import path

from ranting.recaps import views

app_name = "recaps"

urlpatterns = [
    path("", views.index, name="index"),
]

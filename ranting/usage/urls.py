from django.urls import path

from ranting.usage import views

app_name = "usage"

urlpatterns = [
    path("", views.index, name="index"),
]

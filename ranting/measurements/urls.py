from django.urls import path

from ranting.measurements import views

app_name = "measurements"

urlpatterns = [
    path("", views.index, name="index"),
]

from django.urls import path

from ranting.children import views

app_name = "children"

urlpatterns = [
    path("", views.list, name="list"),
]

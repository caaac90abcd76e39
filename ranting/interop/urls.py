from django.urls import path

from ranting.interop import views

app_name = "interop"

urlpatterns = [
    path("anak/<int:pk>/", views.child_export, name="child_export"),
]

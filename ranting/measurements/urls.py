from django.urls import path

from ranting.measurements import views

app_name = "measurements"

urlpatterns = [
    path("anak/<int:child_pk>/", views.create, name="create"),
    path("<int:pk>/", views.result, name="result"),
    path("<int:pk>/koreksi/", views.correct, name="correct"),
]

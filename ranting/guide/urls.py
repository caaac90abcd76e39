from django.urls import path

from ranting.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:topic>/", views.topic, name="topic"),
]

"""/akun/token/: where a user makes and revokes personal API tokens."""

from django.urls import path

from ranting.api import views

app_name = "api"
urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<int:pk>/cabut/", views.revoke, name="revoke"),
]

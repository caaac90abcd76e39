from django.urls import path, register_converter

from ranting.publication import views
from ranting.publication.rounds import RoundConverter

app_name = "publication"

register_converter(RoundConverter, "ronde")

urlpatterns = [
    path("", views.start, name="start"),
    path("publik/", views.public_index, name="public_index"),
    path("ronde/", views.rounds, name="rounds"),
    path("ronde/<str:code>/", views.round_view, name="round"),
    path("ronde/<str:code>/bekukan/", views.freeze, name="freeze"),
    path("versi/<int:pk>/", views.version, name="version"),
    path("versi/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("versi/<int:pk>/terbitkan/", views.publish, name="publish"),
    path("versi/<int:pk>/tarik/", views.withdraw, name="withdraw"),
    path("publik/<str:kota>/<ronde:rnd>/", views.public, name="public"),
    path("publik/<str:kota>/<ronde:rnd>/pdf/", views.public_pdf, name="public_pdf"),
    path("publik/<str:kota>/<ronde:rnd>/v<int:number>/", views.public, name="public_version"),
    path(
        "publik/<str:kota>/<ronde:rnd>/v<int:number>/pdf/",
        views.public_pdf,
        name="public_version_pdf",
    ),
]

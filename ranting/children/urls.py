from django.urls import path

from ranting.children import views

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="list"),
    path("baru/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/pindah/", views.move, name="move"),
    path("<int:pk>/nonaktif/", views.deactivate, name="deactivate"),
    path("<int:pk>/aktifkan/", views.reactivate, name="reactivate"),
]

from django.urls import path

from ranting.review import views

app_name = "review"

urlpatterns = [
    path("", views.index, name="index"),
    path("tambah/", views.review_create, name="create"),
    path("<int:pk>/", views.matrix_view, name="matrix"),
    path("<int:pk>/ubah/", views.review_edit, name="edit"),
    path("<int:pk>/hapus/", views.review_delete, name="delete"),
    path("<int:pk>/baris/tambah/", views.row_create, name="row_create"),
    path("<int:pk>/baris/<int:row_pk>/ubah/", views.row_edit, name="row_edit"),
    path("<int:pk>/baris/<int:row_pk>/hapus/", views.row_delete, name="row_delete"),
    path("<int:pk>/baris/<int:row_pk>/isi-ranting/", views.row_fill, name="row_fill"),
]

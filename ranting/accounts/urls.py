from django.contrib.auth import views as auth_views
from django.urls import path

from ranting.accounts import security_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("masuk/", views.login_view, name="login"),
    path("masuk/kode/", views.code_view, name="code"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.password_change, name="password"),
    path("dua-langkah/", security_views.enrol, name="enrol"),
    path("dua-langkah/matikan/", security_views.disable, name="disable_2fa"),
    path("keamanan/", security_views.security, name="security"),
    path("keamanan/buka-kunci/", security_views.unlock, name="unlock"),
    path("keamanan/dua-langkah/matikan/", security_views.reset_two_factor, name="reset_2fa"),
]

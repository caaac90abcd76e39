from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ranting.accounts"
    label = "accounts"

from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "ranting.offline"
    label = "offline"

from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "ranting.interop"
    label = "interop"

from django.apps import AppConfig


class UsageConfig(AppConfig):
    name = "ranting.usage"
    label = "usage"

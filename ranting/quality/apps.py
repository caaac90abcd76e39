from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "ranting.quality"
    label = "quality"
